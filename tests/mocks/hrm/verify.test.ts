import { describe, expect } from 'vitest';
import type { LinkStatus } from '../../../src/contracts/hrm';
import type { TestWorld } from '../../support/harness';
import { it } from '../../support/world-test';
import {
  body,
  connectDown,
  CONNECT,
  expectProblem,
  hrmDb,
  HRM,
  inFront,
  linkAnswers,
  linkStatus,
  recordTraffic,
  sendCode,
  signIn,
  userId,
  verify,
  storedStatus,
  storedUser,
} from './support';
import { linkedEmailOf } from '../../../mocks/servers/hrm/directory';

const MINUTE = 60_000;

/** A 6-digit code that is not `code`. */
function wrongCode(code: string): string {
  return code === '000000' ? '111111' : '000000';
}

async function storedLink(world: TestWorld, key: string) {
  const user = await storedUser(world, key);
  return { status: storedStatus(user), linkedEmail: linkedEmailOf(user) ?? undefined, snapshot: user.link };
}

describe('POST /api/me/connect/verify', () => {
  it('links Anna with the right code: Connect creates her account (R4)', async ({ world }) => {
    const traffic = recordTraffic(world);
    const anna = await signIn(world, 'anna');
    const { code } = await sendCode(anna, 'anna.svensson@company.com');
    const response = await verify(anna, code);
    expect(response.status).toBe(200);
    expect(await body<LinkStatus>(response)).toMatchObject({
      status: 'linked',
      email: 'anna.svensson@company.com',
      codeSentAt: null,
      codeExpiresAt: null,
      attemptsLeft: null,
      needsNewCode: false,
    });

    const call = traffic.find((e) => e.url === `${CONNECT}/api/accounts/link`)!;
    expect(call.initiator).toBe('server:hrm.test');
    expect(call.requestHeaders.authorization).toBe(`Basic ${btoa('hrm:hrm-client-secret-demo')}`);
    expect(JSON.parse(call.requestBody!)).toEqual({
      email: 'anna.svensson@company.com',
      name: 'Anna Svensson',
      externalUserId: await userId(world, 'anna'),
    });
    const [answer] = linkAnswers(traffic);
    expect(answer!.created).toBe(true);

    const row = await storedLink(world, 'anna');
    expect(row).toMatchObject({ status: 'linked', linkedEmail: 'anna.svensson@company.com' });
    expect(row.snapshot!.context.connectAccountId).toBe(answer!.accountId);
  });

  it('links Erik’s existing Connect account instead of creating another (R4)', async ({ world }) => {
    const traffic = recordTraffic(world);
    const erik = await signIn(world, 'erik');
    const { code } = await sendCode(erik, 'erik.johansson@company.com');
    expect((await verify(erik, code)).status).toBe(200);
    const [answer] = linkAnswers(traffic);
    expect(answer!.created).toBe(false);

    // Asking Connect again for the same email finds the same account: find-or-create never duplicates.
    const again = await world.workspace.network.fetch(
      new Request(`${CONNECT}/api/accounts/link`, {
        method: 'POST',
        headers: { authorization: `Basic ${btoa('hrm:hrm-client-secret-demo')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'erik.johansson@company.com', name: 'Erik Johansson', externalUserId: await userId(world, 'erik') }),
      }),
      { initiator: 'test' },
    );
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ accountId: answer!.accountId, created: false });

    const db = hrmDb(world);
    const linked = await db.audit.where('type').equals('linked').toArray();
    db.close();
    expect(linked[0]!.detail).toContain('existing account linked');
  });

  it('refuses a wrong code, saying how many tries are left', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const { code } = await sendCode(anna, 'anna.svensson@company.com');
    const first = await expectProblem(await verify(anna, wrongCode(code)), 422, 'code_incorrect', 'code');
    expect(first.message).toBe('The code is incorrect. 4 tries left.');
    const second = await expectProblem(await verify(anna, wrongCode(code)), 422, 'code_incorrect', 'code');
    expect(second.message).toBe('The code is incorrect. 3 tries left.');
    expect(await linkStatus(anna)).toMatchObject({ status: 'code_sent', attemptsLeft: 3, needsNewCode: false });
    // The right code still works after a couple of wrong ones.
    expect((await verify(anna, code)).status).toBe(200);
  });

  it('needs a new code after 5 wrong tries; even the right code is refused then', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const { code } = await sendCode(anna, 'anna.svensson@company.com');
    const messages: string[] = [];
    for (let i = 0; i < 4; i++)
      messages.push((await expectProblem(await verify(anna, wrongCode(code)), 422, 'code_incorrect', 'code')).message);
    expect(messages.at(-1)).toBe('The code is incorrect. 1 try left.');
    await expectProblem(await verify(anna, wrongCode(code)), 422, 'code_attempts_exceeded', 'code');
    await expectProblem(await verify(anna, code), 422, 'code_attempts_exceeded', 'code');
    expect(await linkStatus(anna)).toMatchObject({ status: 'code_sent', attemptsLeft: 0, needsNewCode: true });

    const db = hrmDb(world);
    expect(await db.audit.where('type').equals('code_incorrect').count()).toBe(5);
    db.close();

    // A new code rescues the journey.
    const fresh = await sendCode(anna, 'anna.svensson@company.com');
    expect(fresh.status).toMatchObject({ attemptsLeft: 5, needsNewCode: false });
    expect((await verify(anna, fresh.code)).status).toBe(200);
  });

  it('accepts the code at 29:59 of world time', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const { code } = await sendCode(anna, 'anna.svensson@company.com');
    await world.advance(30 * MINUTE - 1000);
    expect((await verify(anna, code)).status).toBe(200);
  });

  it('refuses the code as expired at exactly 30:00, and the status says a new code is needed', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const { code } = await sendCode(anna, 'anna.svensson@company.com');
    await world.advance(30 * MINUTE);
    expect(await linkStatus(anna)).toMatchObject({ status: 'code_sent', needsNewCode: true });
    const problem = await expectProblem(await verify(anna, code), 422, 'code_expired', 'code');
    expect(problem.message).toMatch(/expired/);
    await expectProblem(await verify(anna, code), 422, 'code_expired', 'code');
  });

  it('a new code invalidates the previous one, which is recognised as replaced', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const first = await sendCode(anna, 'anna.svensson@company.com');
    await world.advance(MINUTE);
    const second = await sendCode(anna, 'anna.svensson@company.com');
    expect(second.code).not.toBe(first.code);
    await expectProblem(await verify(anna, first.code), 422, 'code_superseded', 'code');
    expect((await verify(anna, second.code)).status).toBe(200);
  });

  it('a new code to another address links that address', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    await sendCode(anna, 'anna.svensson@company.com');
    const second = await sendCode(anna, 'anna.svensson@gmail.com');
    const response = await verify(anna, second.code);
    expect((await body<LinkStatus>(response)).email).toBe('anna.svensson@gmail.com');
  });

  it('refuses a malformed code without counting it as a try', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const { code } = await sendCode(anna, 'anna.svensson@company.com');
    for (const bad of ['', '12345', '1234567', 'abcdef']) {
      const problem = await expectProblem(await verify(anna, bad), 422, 'code_malformed', 'code');
      expect(problem.message).toBe('Enter the 6-digit code from the email');
    }
    expect((await linkStatus(anna)).attemptsLeft).toBe(5);
    // Spaces inside a pasted code are forgiven.
    expect((await verify(anna, `${code.slice(0, 3)} ${code.slice(3)}`)).status).toBe(200);
  });

  it('answers 409 no_code_sent when no code was sent', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    await expectProblem(await verify(anna, '123456'), 409, 'no_code_sent', 'code');
  });

  it('answers 409 already_linked once linked', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const { code } = await sendCode(anna, 'anna.svensson@company.com');
    expect((await verify(anna, code)).status).toBe(200);
    await expectProblem(await verify(anna, code), 409, 'already_linked', 'code');
  });

  it('refuses with email_in_use when another user linked that email meanwhile (R7)', async ({ world }) => {
    const lena = await signIn(world, 'lena');
    const lenas = await sendCode(lena, 'anna.svensson@gmail.com');
    const anna = await signIn(world, 'anna');
    const annas = await sendCode(anna, 'anna.svensson@gmail.com');
    expect((await verify(anna, annas.code)).status).toBe(200);
    await expectProblem(await verify(lena, lenas.code), 409, 'email_in_use', 'code');
    expect((await linkStatus(lena)).status).toBe('code_sent');
  });

  it('refuses with domain_not_allowed when the admin changed the allowed domains meanwhile (R6)', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const { code } = await sendCode(anna, 'anna.svensson@gmail.com');
    const karin = await signIn(world, 'karin');
    expect((await karin.api(`${HRM}/api/security`, { method: 'PUT', body: { allowedDomains: ['company.com'] } })).status).toBe(200);
    const problem = await expectProblem(await verify(anna, code), 422, 'domain_not_allowed', 'code');
    expect(problem.message).toContain('company.com');
    expect((await linkStatus(anna)).attemptsLeft).toBe(5);
  });

  it('answers 502 connect_unavailable when Connect fails, and the same code works once it is back', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const { code } = await sendCode(anna, 'anna.svensson@company.com');
    const restore = inFront(world, ...connectDown());
    await expectProblem(await verify(anna, code), 502, 'connect_unavailable', 'code');
    restore();
    expect(await linkStatus(anna)).toMatchObject({ status: 'code_sent', attemptsLeft: 5 });
    const db = hrmDb(world);
    expect(await db.audit.where('type').equals('link_failed').count()).toBe(1);
    db.close();
    expect((await verify(anna, code)).status).toBe(200);
  });

  it('two Verify clicks at once both answer linked, and the user is linked once', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const { code } = await sendCode(anna, 'anna.svensson@company.com');
    const responses = await Promise.all([verify(anna, code), verify(anna, code)]);
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    for (const r of responses) expect((await body<LinkStatus>(r)).status).toBe('linked');
    const db = hrmDb(world);
    expect(await db.audit.where('type').equals('linked').count()).toBe(1);
    db.close();
  });

  it('refuses a signed-out request', async ({ world }) => {
    await expectProblem(await verify(world.browser(), '123456'), 401, 'unauthenticated');
  });
});
