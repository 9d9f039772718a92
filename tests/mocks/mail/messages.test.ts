// Tests the mail server's API (mail.test): delivery (plus-address aliases land in the base inbox, R7), listing
// newest first with the unread count, reading and marking read by a signed-in mail app, and the errors.
import { describe, expect } from 'vitest';
import type { MailboxListing, MailMessage } from '../../../src/contracts/mail';
import { ORIGINS } from '../../../src/contracts/origins';
import type { ProblemBody } from '../../../src/contracts/wire';
import type { TestBrowser, TestWorld } from '../../support/harness';
import { it } from '../../support/world-test';
import { mailApp } from '../../support/api';
import { parseMessage, partOf } from '../../../src/app/xray/mime';
import { MAIL_SUBMISSION_TOKEN } from '../../../mocks/servers/hrm/rules';

const MAIL = ORIGINS.mail;

let inbox: TestBrowser;
it.beforeEach(async ({ world }) => {
  inbox = await mailApp(world, 'anna.svensson@company.com', 'oskar.lund@company.com', 'karin.berg@company.com');
});

/** As the HRM submits mail: JSON with its submission credential. */
const SUBMISSION = { authorization: `Bearer ${MAIL_SUBMISSION_TOKEN}` };

async function send(world: TestWorld, to: string, subject: string, text = `Body of ${subject}`): Promise<Response> {
  return world.browser('server').api(`${MAIL}/api/messages`, {
    body: { to, from: 'no-reply@hrm.test', fromName: 'HRM', subject, text },
    headers: SUBMISSION,
  });
}

async function listing(mailbox: string): Promise<MailboxListing> {
  const response = await inbox.api(`${MAIL}/api/mailboxes/${mailbox}/messages`);
  expect(response.status).toBe(200);
  return (await response.json()) as MailboxListing;
}

async function problemOf(response: Response): Promise<ProblemBody> {
  return (await response.json()) as ProblemBody;
}

describe('POST /api/messages', () => {
  it('delivers to the recipient’s mailbox and answers 201 with the id', async ({ world }) => {
    const response = await send(world, 'anna.svensson@company.com', 'Hello');
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    expect(id).toMatch(/^msg_[0-9a-f]{16}$/);
    const box = await listing('anna.svensson@company.com');
    expect(box).toMatchObject({ mailbox: 'anna.svensson@company.com', unread: 1 });
    expect(box.messages).toEqual([
      expect.objectContaining({
        id,
        to: 'anna.svensson@company.com',
        from: 'no-reply@hrm.test',
        fromName: 'HRM',
        subject: 'Hello',
        read: false,
        sentAt: world.now(),
      }),
    ]);
  });

  it('delivers a plus-address alias to the base inbox, keeping the alias as the recipient', async ({ world }) => {
    await send(world, 'Oskar.Lund+HRM@company.com', 'To the alias');
    const box = await listing('oskar.lund@company.com');
    expect(box.messages).toHaveLength(1);
    expect(box.messages[0]).toMatchObject({ mailbox: 'oskar.lund@company.com', to: 'oskar.lund+hrm@company.com' });
    // Asking for the alias's mailbox reads the same inbox.
    expect((await listing('oskar.lund+hrm@company.com')).messages.map((m) => m.id)).toEqual(box.messages.map((m) => m.id));
  });

  it('refuses a malformed recipient with 422 at the field "to"', async ({ world }) => {
    const response = await send(world, 'anna.svensson@', 'Nope');
    expect(response.status).toBe(422);
    expect(await problemOf(response)).toMatchObject({ code: 'email_malformed', field: 'to' });
    const empty = await send(world, '  ', 'Nope');
    expect(await problemOf(empty)).toMatchObject({ status: 422, code: 'email_required', field: 'to' });
  });

  it('refuses a body without the required fields with 400 invalid_request', async ({ world }) => {
    const response = await world.browser().api(`${MAIL}/api/messages`, { body: { to: 'anna.svensson@company.com' }, headers: SUBMISSION });
    expect(response.status).toBe(400);
    expect(await problemOf(response)).toMatchObject({ code: 'invalid_request' });
  });
});

describe('GET /api/mailboxes/:mailbox/messages', () => {
  it('lists newest first, also when the paused clock gives several mails the same time', async ({ world }) => {
    await send(world, 'anna.svensson@company.com', 'First');
    await send(world, 'anna.svensson@company.com', 'Second');
    await world.advance(60_000);
    await send(world, 'anna.svensson@company.com', 'Third');
    await send(world, 'karin.berg@company.com', 'Someone else’s');
    const box = await listing('anna.svensson@company.com');
    expect(box.messages.map((m) => m.subject)).toEqual(['Third', 'Second', 'First']);
    expect(box.messages[0]!.sentAt).toBe(box.messages[1]!.sentAt + 60_000);
    expect(box.unread).toBe(3);
  });

  it('answers an empty listing for a mailbox nobody wrote to', async () => {
    expect(await listing('oskar.lund@company.com')).toEqual({ mailbox: 'oskar.lund@company.com', messages: [], unread: 0 });
  });

  it('normalises the mailbox (case, spaces, percent-encoding)', async ({ world }) => {
    await send(world, 'anna.svensson@company.com', 'Hello');
    const response = await inbox.api(`${MAIL}/api/mailboxes/${encodeURIComponent('Anna.Svensson@Company.com')}/messages`);
    expect((await response.json()) as MailboxListing).toMatchObject({ mailbox: 'anna.svensson@company.com', unread: 1 });
  });

  it('shows a one-line preview of the text', async ({ world }) => {
    await send(world, 'anna.svensson@company.com', 'Long', `Hi Anna\n\n${'word '.repeat(60)}`);
    const [summary] = (await listing('anna.svensson@company.com')).messages;
    expect(summary!.preview.startsWith('Hi Anna word word')).toBe(true);
    expect(summary!.preview.length).toBeLessThanOrEqual(121);
    expect(summary!.preview.endsWith('…')).toBe(true);
    expect('text' in summary!).toBe(false);
  });

  it('refuses a malformed mailbox with 422', async () => {
    const response = await inbox.api(`${MAIL}/api/mailboxes/not-an-email/messages`);
    expect(response.status).toBe(422);
    expect(await problemOf(response)).toMatchObject({ code: 'email_malformed', field: 'mailbox' });
  });
});

describe('GET /api/messages/:id and POST /api/messages/:id/read', () => {
  it('reads the whole message, and marking it read lowers the unread count', async ({ world }) => {
    const { id } = (await (await send(world, 'anna.svensson@company.com', 'Hello', 'Line one\nLine two')).json()) as { id: string };
    await send(world, 'anna.svensson@company.com', 'Other');
    const message = (await (await inbox.api(`${MAIL}/api/messages/${id}`)).json()) as MailMessage;
    expect(message).toMatchObject({ id, subject: 'Hello', text: 'Line one\nLine two', preview: 'Line one Line two', read: false });

    const read = await inbox.api(`${MAIL}/api/messages/${id}/read`, { method: 'POST' });
    expect(read.status).toBe(204);
    // Twice is fine.
    expect((await inbox.api(`${MAIL}/api/messages/${id}/read`, { method: 'POST' })).status).toBe(204);

    const box = await listing('anna.svensson@company.com');
    expect(box.unread).toBe(1);
    expect(box.messages.find((m) => m.id === id)!.read).toBe(true);
    expect(((await (await inbox.api(`${MAIL}/api/messages/${id}`)).json()) as MailMessage).read).toBe(true);
  });

  it('answers 404 not_found for an unknown message, when reading and when marking read', async () => {
    const get = await inbox.api(`${MAIL}/api/messages/msg_unknown`);
    expect(get.status).toBe(404);
    expect(await problemOf(get)).toMatchObject({ code: 'not_found' });
    const read = await inbox.api(`${MAIL}/api/messages/msg_unknown/read`, { method: 'POST' });
    expect(read.status).toBe(404);
    expect(await problemOf(read)).toMatchObject({ code: 'not_found' });
  });

  it('answers 404 not_found for any other API path', async () => {
    const response = await inbox.api(`${MAIL}/api/nothing-here`);
    expect(response.status).toBe(404);
    expect(await problemOf(response)).toMatchObject({ code: 'not_found' });
  });
});

describe('GET /api/messages/:id/source', () => {
  it('answers the RFC 5322 source: header fields, and the text with an HTML alternative', async ({ world }) => {
    await world.workspace.clock.advance(90_000);
    const text = 'Hej Åsa!\n\nYour verification code:\n\n123456\n\nOpen https://hrm.test/verify?token=a&b=1.';
    const { id } = (await (
      await world.browser('server').api(`${MAIL}/api/messages`, {
        body: { to: 'anna.svensson+hrm@company.com', from: 'no-reply@hrm.test', fromName: 'HRM Företag', subject: 'Välkommen', text },
        headers: SUBMISSION,
      })
    ).json()) as { id: string };
    const response = await inbox.api(`${MAIL}/api/messages/${id}/source`);
    expect(response.headers.get('content-type')).toBe('message/rfc822; charset=utf-8');
    const source = await response.text();
    const parsed = parseMessage(source);
    const headers = Object.fromEntries(parsed.headers.map((h) => [h.name, h.value]));
    expect(headers).toMatchObject({
      'Message-ID': `<${id}@mail.test>`,
      Date: 'Mon, 02 Mar 2026 08:01:30 +0000',
      From: 'HRM Företag <no-reply@hrm.test>',
      To: 'anna.svensson+hrm@company.com',
      Subject: 'Välkommen',
      'MIME-Version': '1.0',
    });
    // On the wire the non-ASCII header values are encoded-words and every line ends in CRLF.
    expect(source).toContain(`Subject: =?UTF-8?B?`);
    expect(source.split('\r\n').every((line) => !line.includes('\n'))).toBe(true);
    expect(parsed.parts.map((p) => p.contentType)).toEqual(['text/plain; charset=utf-8', 'text/html; charset=utf-8']);
    expect(partOf(parsed, 'text/plain')).toBe(text);
    const html = partOf(parsed, 'text/html')!;
    expect(html).toContain('<a href="https://hrm.test/verify?token=a&amp;b=1">https://hrm.test/verify?token=a&amp;b=1</a>.');
    expect(html).toContain('>123456</strong>');
    expect(html).toContain('<p>Hej Åsa!</p>');
  });

  it('answers 404 for an unknown message', async () => {
    const response = await inbox.api(`${MAIL}/api/messages/msg_nope/source`);
    expect(response.status).toBe(404);
  });
});
