// Each persona's mail app reads only the mailboxes it signed in to: Anna's cannot list Karin's mailbox, open Karin's
// messages (her Connect administrator activation link among them), read their source or mark them read, and no
// browser can submit mail in a server's name. Anna's own mailboxes (work and private) open with her password.
import { beforeEach, describe, expect } from 'vitest';
import type { MailboxListing, MailMessage, MailSession } from '../../src/contracts/mail';
import { ORIGINS } from '../../src/contracts/origins';
import type { ProblemBody } from '../../src/contracts/wire';
import { MAIL_SUBMISSION_TOKEN } from '../../mocks/servers/hrm/rules';
import { body, expectProblem, inbox } from '../support/api';
import type { TestBrowser } from '../support/harness';
import { it } from '../support/world-test';

const MAIL = ORIGINS.mail;
const ANNA = 'anna.svensson@company.com';
const ANNA_PRIVATE = 'anna.svensson@gmail.com';
const KARIN = 'karin.berg@company.com';
const ACTIVATION_SUBJECT = 'Activate your Connect administrator account';

let anna: TestBrowser;
let karinsActivation: string;

it.beforeEach(async ({ world }) => {
  anna = world.browser('anna-mail');
  // Connect mailed Karin her activation link when the workspace started (R28); the trainer's view finds its id.
  const mail = (await inbox(world.browser('trainer'), KARIN)).messages.find((m) => m.subject === ACTIVATION_SUBJECT);
  expect(mail).toBeDefined();
  karinsActivation = mail!.id;
});

const signIn = (browser: TestBrowser, address: string, password: string) =>
  browser.api(`${MAIL}/api/session`, { body: { address, password } });
const listing = (browser: TestBrowser, mailbox: string) => browser.api(`${MAIL}/api/mailboxes/${mailbox}/messages`);
const submit = (browser: TestBrowser, headers: Record<string, string> = {}) =>
  browser.api(`${MAIL}/api/messages`, {
    body: {
      to: KARIN,
      from: 'no-reply@hrm.test',
      fromName: 'HRM',
      subject: 'Your HRM password was reset',
      text: 'Sign in at https://evil.test/login',
    },
    headers,
  });

describe('a mail app signed in as Anna', () => {
  beforeEach(async () => {
    expect((await signIn(anna, ANNA, 'anna-hrm-1')).status).toBe(200);
  });

  it('cannot list Karin’s mailbox: 403, saying it is not signed in to it', async () => {
    const problem = await expectProblem(await listing(anna, KARIN), 403, 'not_signed_in_to_mailbox');
    expect(problem.message).toBe(`You are not signed in to ${KARIN}. Sign in to it to read its mail.`);
    // Nor through one of Karin's plus-address aliases, which share her mailbox.
    await expectProblem(await listing(anna, 'karin.berg+hrm@company.com'), 403, 'not_signed_in_to_mailbox');
  });

  it('cannot open, read the source of, or mark read Karin’s message: 404, as if there were none', async ({ world }) => {
    const unknown = (await body<ProblemBody>(await anna.api(`${MAIL}/api/messages/msg_0000000000000000`))).message;
    for (const [path, method] of [
      [`/api/messages/${karinsActivation}`, 'GET'],
      [`/api/messages/${karinsActivation}/source`, 'GET'],
      [`/api/messages/${karinsActivation}/read`, 'POST'],
    ] as const) {
      const response = await anna.api(`${MAIL}${path}`, { method });
      const problem = await expectProblem(response, 404, 'not_found');
      expect(await response.clone().text()).not.toContain('token=');
      // The same words as for a message that does not exist, so the answer tells nothing about Karin's mail.
      expect(problem.message.replace(karinsActivation, 'ID')).toBe(unknown.replace('msg_0000000000000000', 'ID'));
    }
    // Karin's message is still unread.
    expect((await inbox(world.browser('trainer'), KARIN)).messages.find((m) => m.id === karinsActivation)?.read).toBe(false);
  });

  it('lists and reads Anna’s own mailbox, and marks her own mail read', async ({ world }) => {
    await world.browser('hrm-server').api(`${MAIL}/api/messages`, {
      body: { to: 'anna.svensson+hrm@company.com', from: 'no-reply@hrm.test', fromName: 'HRM', subject: 'Hello Anna', text: 'Hi' },
      headers: { authorization: `Bearer ${MAIL_SUBMISSION_TOKEN}` },
    });
    const [mail] = (await body<MailboxListing>(await listing(anna, ANNA))).messages;
    expect(mail).toMatchObject({ subject: 'Hello Anna', read: false });
    expect((await body<MailMessage>(await anna.api(`${MAIL}/api/messages/${mail!.id}`))).text).toBe('Hi');
    expect((await anna.api(`${MAIL}/api/messages/${mail!.id}/source`)).status).toBe(200);
    expect((await anna.api(`${MAIL}/api/messages/${mail!.id}/read`, { method: 'POST' })).status).toBe(204);
    expect((await body<MailboxListing>(await listing(anna, ANNA))).unread).toBe(0);
  });

  it('adds Anna’s private mailbox to the same session when she signs in to it too', async () => {
    await expectProblem(await listing(anna, ANNA_PRIVATE), 403, 'not_signed_in_to_mailbox');
    const session = await signIn(anna, ANNA_PRIVATE, 'anna-hrm-1');
    expect(await body<MailSession>(session)).toEqual({ mailboxes: [ANNA, ANNA_PRIVATE] });
    expect((await listing(anna, ANNA_PRIVATE)).status).toBe(200);
    expect((await listing(anna, ANNA)).status).toBe(200);
    await expectProblem(await listing(anna, KARIN), 403, 'not_signed_in_to_mailbox');
  });

  it('is signed out by DELETE /api/session', async () => {
    await anna.api(`${MAIL}/api/session`, { method: 'DELETE' });
    await expectProblem(await listing(anna, ANNA), 401, 'unauthenticated');
  });
});

describe('signing in', () => {
  it('with a wrong password answers 401 with a plain message, and opens nothing', async () => {
    const problem = await expectProblem(await signIn(anna, KARIN, 'anna-hrm-1'), 401, 'invalid_credentials');
    expect(problem.message).toBe('The address or password is not right.');
    expect(anna.jar.toJSON()).toEqual([]);
    await expectProblem(await listing(anna, KARIN), 401, 'unauthenticated');
  });

  it('to an address without an account answers the same as a wrong password', async () => {
    const wrong = await body<ProblemBody>(await signIn(anna, KARIN, 'not-her-password'));
    const unknown = await body<ProblemBody>(await signIn(anna, 'nobody@company.com', 'not-her-password'));
    expect(unknown).toEqual(wrong);
  });

  it('cannot take over a mailbox that has an account by registering it', async () => {
    await expectProblem(
      await anna.api(`${MAIL}/api/accounts`, { body: { address: 'Karin.Berg+x@company.com', password: 'anna-chose-this' } }),
      409,
      'address_taken',
      'address',
    );
    await expectProblem(await signIn(anna, KARIN, 'anna-chose-this'), 401, 'invalid_credentials');
  });

  it('refuses a malformed address at the field', async () => {
    await expectProblem(await signIn(anna, 'karin.berg@', 'karin-hrm-1'), 400, 'email_malformed', 'address');
  });

  it('without a session, every reading endpoint answers 401', async () => {
    await expectProblem(await listing(anna, KARIN), 401, 'unauthenticated');
    await expectProblem(await anna.api(`${MAIL}/api/messages/${karinsActivation}`), 401, 'unauthenticated');
    await expectProblem(await anna.api(`${MAIL}/api/messages/${karinsActivation}/source`), 401, 'unauthenticated');
    await expectProblem(await anna.api(`${MAIL}/api/messages/${karinsActivation}/read`, { method: 'POST' }), 401, 'unauthenticated');
  });
});

describe('submitting mail', () => {
  it('without the submission credential is refused with 401 and delivers nothing', async ({ world }) => {
    const before = (await inbox(world.browser('trainer'), KARIN)).messages.length;
    const missing = await submit(anna);
    await expectProblem(missing, 401, 'submission_unauthorized');
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="mail.test"');
    await expectProblem(await submit(anna, { authorization: 'Bearer guessed-token' }), 401, 'submission_unauthorized');
    // A mail app's session is no submission credential either.
    expect((await signIn(anna, ANNA, 'anna-hrm-1')).status).toBe(200);
    await expectProblem(await submit(anna), 401, 'submission_unauthorized');
    const batch = await anna.api(`${MAIL}/api/messages/batch`, {
      body: { batchId: 'forged', messages: [{ to: KARIN, from: 'no-reply@hrm.test', fromName: 'HRM', subject: 'x', text: 'x' }] },
    });
    await expectProblem(batch, 401, 'submission_unauthorized');
    expect((await inbox(world.browser('trainer'), KARIN)).messages).toHaveLength(before);
  });
});

describe("the servers' inspection views, which only the trainer's x-ray reads", () => {
  const karinsMailbox = `${MAIL}/_sim/mailboxes/${KARIN}/messages`;

  it("are not there for a persona's browser, called from a page or typed in the address bar", async () => {
    await expectProblem(await anna.api(karinsMailbox), 404, 'not_found');
    await expectProblem(await anna.api(`${MAIL}/_sim/messages/${karinsActivation}`), 404, 'not_found');
    await expectProblem(await anna.api(`${ORIGINS.hrm}/_sim/machines`), 404, 'not_found');
    const typed = await anna.navigate(karinsMailbox);
    expect(typed.status).toBe(404);
  });

  it("are not there for a persona's mail app either", async ({ world }) => {
    const mailApp = (url: string) => world.workspace.network.fetch(new Request(url), { initiator: 'inbox:anna', origin: MAIL });
    await expectProblem(await mailApp(karinsMailbox), 404, 'not_found');
  });

  it('answer the x-ray', async () => {
    const listed = await body<MailboxListing>(await anna.inspect(karinsMailbox));
    expect(listed.messages.map((m) => m.subject)).toContain(ACTIVATION_SUBJECT);
  });
});
