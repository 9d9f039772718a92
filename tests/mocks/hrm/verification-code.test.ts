import { describe, expect } from 'vitest';
import type { LinkStatus } from '../../../src/contracts/hrm';
import { it } from '../../support/world-test';
import {
  body,
  expectProblem,
  hrmDb,
  HRM,
  inbox,
  inFront,
  link,
  linkStatus,
  mailDown,
  sendCode,
  signIn,
  storedStatus,
  storedUser,
} from './support';
import { linkedEmailOf } from '../../../mocks/servers/hrm/directory';

const send = (browser: Awaited<ReturnType<typeof signIn>>, email: unknown) =>
  browser.api(`${HRM}/api/me/connect/verification-code`, { body: { email } });

const EXPECTED_TEXT = `Hi Anna

We're soon updating our login solution to Connect. Verifying your email address is an important step in preparing your account for this change.

Here's what to do:

+ Enter the code below in HRM to verify your email address.
+ Once verified, a Connect account will be created for you using this email address and linked to your HRM user.
+ If you already have a Connect account with this email, your existing account will instead be linked to HRM.

Your verification code:

CODE

The code is valid for 30 minutes.

If you don't want to verify your email address or if this message has reached you by mistake, you can simply ignore it. No action will be taken if the code isn't used.`;

describe('GET /api/me/connect (link status)', () => {
  it('suggests Anna’s user email and the email of her employment with mailings activated, not the one with mailings off (R2)', async ({
    world,
  }) => {
    const anna = await signIn(world, 'anna');
    expect(await linkStatus(anna)).toEqual({
      status: 'unlinked',
      email: null,
      suggestions: ['anna.svensson@company.com', 'anna.svensson@gmail.com'],
      codeSentAt: null,
      codeExpiresAt: null,
      attemptsLeft: null,
      needsNewCode: false,
      connectAccountSettingsUrl: 'https://connect.test/account',
      canLink: true,
      method: null,
    } satisfies LinkStatus);
  });

  it('has no suggestions for Lena, who has no email saved', async ({ world }) => {
    const lena = await signIn(world, 'lena');
    expect((await linkStatus(lena)).suggestions).toEqual([]);
  });

  it('needs a session', async ({ world }) => {
    await expectProblem(await world.browser().api(`${HRM}/api/me/connect`), 401, 'unauthenticated');
  });
});

describe('POST /api/me/connect/verification-code', () => {
  it('mails a 6-digit code in the product’s words and answers code_sent (R3)', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const sentAt = world.now();
    const { status, code, message } = await sendCode(anna, 'anna.svensson@company.com');
    expect(code).toMatch(/^\d{6}$/);
    expect(message).toMatchObject({
      to: 'anna.svensson@company.com',
      from: 'no-reply@hrm.test',
      fromName: 'HRM',
      subject: 'Verify your email address',
    });
    expect(message.text).toBe(EXPECTED_TEXT.replace('CODE', code));
    expect(status).toMatchObject({
      status: 'code_sent',
      email: 'anna.svensson@company.com',
      codeSentAt: sentAt,
      codeExpiresAt: sentAt + 30 * 60_000,
      attemptsLeft: 5,
      needsNewCode: false,
    });
    expect(await linkStatus(anna)).toEqual(status);
  });

  it('keeps only a digest of the code and writes a code_sent audit entry', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const { code } = await sendCode(anna, 'anna.svensson@company.com');
    const row = await storedUser(world, 'anna');
    const db = hrmDb(world);
    const audit = await db.audit.where('type').equals('code_sent').toArray();
    db.close();
    expect(storedStatus(row)).toBe('code_sent');
    expect(JSON.stringify(row)).not.toContain(code);
    expect(linkedEmailOf(row)).toBeNull();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toContain('anna.svensson@company.com');
  });

  it('normalises the typed email (case, spaces)', async ({ world }) => {
    const lena = await signIn(world, 'lena');
    const response = await send(lena, '  Lena.Holm@Gmail.COM ');
    expect(response.status).toBe(200);
    expect((await body<LinkStatus>(response)).email).toBe('lena.holm@gmail.com');
    expect((await inbox(lena, 'lena.holm@gmail.com')).messages).toHaveLength(1);
  });

  it('refuses an empty or malformed email at the email field with the domain rule’s message', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const empty = await expectProblem(await send(anna, ''), 422, 'email_required', 'email');
    expect(empty.message).toBe('Enter an email address');
    const noAt = await expectProblem(await send(anna, 'anna.svensson'), 422, 'email_malformed', 'email');
    expect(noAt.message).toMatch(/needs an @/);
    await expectProblem(await send(anna, 'anna@@company.com'), 422, 'email_malformed', 'email');
    await expectProblem(await send(anna, 'anna@company'), 422, 'email_malformed', 'email');
    await expectProblem(await send(anna, 'anna svensson@company.com'), 422, 'email_malformed', 'email');
    await expectProblem(await send(anna, 42), 400, 'invalid_request', 'email');
    expect((await linkStatus(anna)).status).toBe('unlinked');
  });

  it('accepts an email outside the company when no allowed domains are listed (R6: none = all)', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    expect((await sendCode(anna, 'anna.svensson@gmail.com')).status.status).toBe('code_sent');
  });

  it('refuses an email outside the allowed domains, naming them, and accepts one inside (R6)', async ({ world }) => {
    const karin = await signIn(world, 'karin');
    expect(
      (await karin.api(`${HRM}/api/security`, { method: 'PUT', body: { allowedDomains: ['company.com', 'company.se'] } })).status,
    ).toBe(200);
    const anna = await signIn(world, 'anna');
    const refused = await expectProblem(await send(anna, 'anna.svensson@gmail.com'), 422, 'domain_not_allowed', 'email');
    expect(refused.message).toContain('company.com or company.se');
    expect((await inbox(anna, 'anna.svensson@gmail.com')).messages).toHaveLength(0);
    expect((await sendCode(anna, 'anna.svensson@company.com')).status.status).toBe('code_sent');
  });

  it('refuses an email already linked to another HRM user (R7)', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    await link(anna, 'anna.svensson@gmail.com');
    const lena = await signIn(world, 'lena');
    const problem = await expectProblem(await send(lena, 'Anna.Svensson@gmail.com'), 409, 'email_in_use', 'email');
    expect(problem.message).toContain('anna.svensson@gmail.com');
  });

  it('allows a plus-address alias of a linked email: it is a distinct email (R7)', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    await link(anna, 'anna.svensson@company.com');
    const lena = await signIn(world, 'lena');
    const { status, message } = await sendCode(lena, 'anna.svensson+lena@company.com');
    expect(status.email).toBe('anna.svensson+lena@company.com');
    // The alias's mail lands in the base inbox.
    expect(message.mailbox).toBe('anna.svensson@company.com');
    expect(message.to).toBe('anna.svensson+lena@company.com');
  });

  it('lets Oskar link his plus-address email as it is', async ({ world }) => {
    const oskar = await signIn(world, 'oskar');
    expect((await linkStatus(oskar)).suggestions).toEqual(['oskar.lund+hrm@company.com']);
    await link(oskar, 'oskar.lund+hrm@company.com');
  });

  it('refuses when the user is already linked (409 already_linked)', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    await link(anna, 'anna.svensson@company.com');
    await expectProblem(await send(anna, 'anna.svensson@gmail.com'), 409, 'already_linked', 'email');
  });

  it('answers 502 when the mail server fails and keeps no code the user never got', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const first = await sendCode(anna, 'anna.svensson@company.com');
    const restore = inFront(world, ...mailDown());
    const failed = await send(anna, 'anna.svensson@gmail.com');
    restore();
    await expectProblem(failed, 502, 'mail_unavailable', 'email');
    // The code that did arrive still works, and the status is the one before the failed send.
    expect(await linkStatus(anna)).toEqual(first.status);
    const verified = await anna.api(`${HRM}/api/me/connect/verify`, { body: { code: first.code } });
    expect(verified.status).toBe(200);
  });

  it('answers 502 with nothing stored when the very first send fails', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const restore = inFront(world, ...mailDown());
    await expectProblem(await send(anna, 'anna.svensson@company.com'), 502, 'mail_unavailable', 'email');
    restore();
    expect((await linkStatus(anna)).status).toBe('unlinked');
  });
});
