// Tests the admin console's users and logs: adding a user (each mistake at its field), disabling and enabling (not
// oneself; a disabled user's sessions end), the mail address, requiring and removing MFA with a new authenticator
// secret shown once, two tabs changing one user, and the sign-in log newest first with its filters.
import { describe, expect } from 'vitest';
import { verifyPassword } from '../../../mocks/shared/crypto';
import type { AuthenticatorEnrolment, ConsoleSignIn, ConsoleUser } from '../../../src/contracts/idp-console';
import { MINUTE } from '../../../src/domain/clock';
import { parseOtpauthUri } from '../../../src/domain/totp';
import { test } from '../../support/world-test';
import { adminApi, body, expectProblem, idpDb, signedIn } from './console-support';
import { IDP_NAMES, idpTemplate, USERS } from './support';

async function users(browser: Awaited<ReturnType<typeof signedIn>>, idp: (typeof IDP_NAMES)[number], q = ''): Promise<ConsoleUser[]> {
  return (await body<{ users: ConsoleUser[] }>(await browser.api(adminApi(idp, `users${q ? `?q=${encodeURIComponent(q)}` : ''}`)))).users;
}

for (const idp of IDP_NAMES)
  describe(`${idp}.test admin console: users`, () => {
    const it = test.override({ template: idpTemplate(idp) });

    it('lists and searches the directory, and adds a user who can sign in with the initial password', async ({ world }) => {
      const karin = await signedIn(world, idp);
      expect((await users(karin, idp)).map((u) => u.username)).toEqual(
        Object.values(USERS)
          .map((u) => u.username)
          .sort(),
      );
      expect((await users(karin, idp, 'LHOLM')).map((u) => [u.username, u.email, u.mfa])).toEqual([[USERS.lena.username, null, false]]);
      const response = await karin.api(adminApi(idp, 'users'), {
        body: { username: ' Nina.Berg@Company.com ', email: '', name: 'Nina Berg', password: 'nina-initial-1' },
      });
      expect(response.status).toBe(201);
      const nina = await body<ConsoleUser>(response);
      expect(nina).toMatchObject({
        username: 'nina.berg@company.com',
        email: null,
        name: 'Nina Berg',
        mfa: false,
        disabled: false,
        isAdmin: false,
      });
      const db = idpDb(world, idp);
      try {
        const row = (await db.users.get(nina.id))!;
        expect(await verifyPassword('nina-initial-1', { hash: row.passwordHash, salt: row.passwordSalt })).toBe(true);
      } finally {
        db.close();
      }
    });
  });

describe('entra.test admin console: user changes', () => {
  const it = test.override({ template: idpTemplate('entra') });

  it('says at the field what is wrong with a new user, and adds nobody', async ({ world }) => {
    const karin = await signedIn(world, 'entra');
    const good = { username: 'nina@company.com', email: 'nina@company.com', name: 'Nina', password: 'long-enough' };
    const cases: Array<[Record<string, unknown>, number, string, string, RegExp]> = [
      [{ ...good, username: '' }, 400, 'username_invalid', 'username', /Enter a username/],
      [{ ...good, username: 'nina' }, 400, 'username_invalid', 'username', /needs an @/],
      [{ ...good, username: 'nina@other.com' }, 400, 'username_invalid', 'username', /@company\.com/],
      [
        { ...good, username: USERS.anna.username.toUpperCase() },
        409,
        'username_taken',
        'username',
        /already a user “anna.svensson@company.com”/,
      ],
      [{ ...good, email: 'nina@' }, 400, 'email_invalid', 'email', /domain after the @/],
      [{ ...good, name: '  ' }, 400, 'name_required', 'name', /Enter the user’s name/],
      [{ ...good, password: 'short' }, 400, 'password_too_short', 'password', /at least 8 characters/],
      [{ ...good, password: 12345678 }, 400, 'invalid_request', 'password', /.+/],
    ];
    for (const [input, status, code, field, message] of cases)
      expect((await expectProblem(await karin.api(adminApi('entra', 'users'), { body: input }), status, code, field)).message).toMatch(
        message,
      );
    expect(await users(karin, 'entra')).toHaveLength(Object.keys(USERS).length);
  });

  it('disables a user (their sessions end), enables them again, and never lets an administrator disable themself', async ({ world }) => {
    const karin = await signedIn(world, 'entra');
    await signedIn(world, 'entra', 'anna');
    const anna = (await users(karin, 'entra', USERS.anna.username))[0]!;
    const disabled = await body<ConsoleUser>(
      await karin.api(adminApi('entra', `users/${anna.id}`), { method: 'PUT', body: { version: anna.version, disabled: true } }),
    );
    expect(disabled.disabled).toBe(true);
    const db = idpDb(world, 'entra');
    try {
      expect(await db.sessions.where('userId').equals(anna.id).count()).toBe(0);
      expect((await db.users.get(anna.id))!.disabledAt).toBe(world.now());
    } finally {
      db.close();
    }
    const enabled = await body<ConsoleUser>(
      await karin.api(adminApi('entra', `users/${anna.id}`), { method: 'PUT', body: { version: disabled.version, disabled: false } }),
    );
    expect(enabled.disabled).toBe(false);
    const me = (await users(karin, 'entra', USERS.karin.username))[0]!;
    const self = await expectProblem(
      await karin.api(adminApi('entra', `users/${me.id}`), { method: 'PUT', body: { version: me.version, disabled: true } }),
      400,
      'cannot_disable_self',
      'disabled',
    );
    expect(self.message).toMatch(/another administrator/);
    await expectProblem(
      await karin.api(adminApi('entra', 'users/nobody'), { method: 'PUT', body: { version: 'x', disabled: true } }),
      404,
      'not_found',
    );
  });

  it('sets and removes a mail address, checked at the field; a change on a stale copy is refused', async ({ world }) => {
    const karin = await signedIn(world, 'entra');
    const lena = (await users(karin, 'entra', USERS.lena.username))[0]!;
    await expectProblem(
      await karin.api(adminApi('entra', `users/${lena.id}`), {
        method: 'PUT',
        body: { version: lena.version, email: 'lena holm@company.com' },
      }),
      400,
      'email_invalid',
      'email',
    );
    const set = await body<ConsoleUser>(
      await karin.api(adminApi('entra', `users/${lena.id}`), {
        method: 'PUT',
        body: { version: lena.version, email: 'Lena.Holm@company.com' },
      }),
    );
    expect(set.email).toBe('lena.holm@company.com');
    const stale = await expectProblem(
      await karin.api(adminApi('entra', `users/${lena.id}`), { method: 'PUT', body: { version: lena.version, email: '' } }),
      409,
      'conflict',
    );
    expect(stale.message).toMatch(/Someone else changed this user/);
    const removed = await body<ConsoleUser>(
      await karin.api(adminApi('entra', `users/${lena.id}`), { method: 'PUT', body: { version: set.version, email: '' } }),
    );
    expect(removed.email).toBeNull();
  });

  it('requires MFA with a new authenticator secret shown once for the phone; a reset replaces the old one; MFA can be turned off', async ({
    world,
  }) => {
    const karin = await signedIn(world, 'entra');
    const johan = (await users(karin, 'entra', USERS.johan.username))[0]!;
    expect(johan.mfa).toBe(true);
    const reset = await body<AuthenticatorEnrolment>(
      await karin.api(adminApi('entra', `users/${johan.id}/authenticator`), { method: 'POST' }),
    );
    expect(reset.user.mfa).toBe(true);
    expect(parseOtpauthUri(reset.otpauthUri)).toEqual({
      ok: true,
      value: { issuer: 'Entra ID', label: USERS.johan.username, secret: reset.secret, algorithm: 'SHA1', digits: 6, period: 30 },
    });
    expect(reset.secret).not.toBe(USERS.johan.totpSecret);
    const db = idpDb(world, 'entra');
    try {
      expect((await db.users.get(johan.id))!).toMatchObject({ totpSecret: reset.secret, totpLastStep: null });
      // Shown once: the directory's listing never carries it.
      expect(JSON.stringify(await users(karin, 'entra'))).not.toContain(reset.secret);
      const off = await body<ConsoleUser>(await karin.api(adminApi('entra', `users/${johan.id}/authenticator`), { method: 'DELETE' }));
      expect(off.mfa).toBe(false);
      expect((await db.users.get(johan.id))!.totpSecret).toBeNull();
    } finally {
      db.close();
    }
  });

  it('lists sign-ins newest first, filtered by user and by result', async ({ world }) => {
    const karin = await signedIn(world, 'entra');
    const db = idpDb(world, 'entra');
    try {
      const line = (id: string, minutes: number, username: string, result: 'success' | 'failure') => ({
        id,
        at: world.now() + minutes * MINUTE,
        userId: null,
        username,
        clientId: 'connect-sso',
        application: 'Connect',
        result,
        reason: result === 'failure' ? 'Wrong password' : null,
      });
      await db.signIns.bulkAdd([
        line('a', 1, USERS.anna.username, 'success'),
        line('b', 2, USERS.anna.username, 'failure'),
        line('c', 3, USERS.johan.username, 'success'),
      ]);
    } finally {
      db.close();
    }
    const list = async (query: string) =>
      (await body<{ signIns: ConsoleSignIn[] }>(await karin.api(adminApi('entra', `sign-ins${query}`)))).signIns.map((s) => s.id);
    expect(await list('')).toEqual(['c', 'b', 'a']);
    expect(await list('?user=anna')).toEqual(['b', 'a']);
    expect(await list('?result=success')).toEqual(['c', 'a']);
    expect(await list('?user=anna&result=failure')).toEqual(['b']);
    await expectProblem(await karin.api(adminApi('entra', 'sign-ins?result=maybe')), 400, 'invalid_request', 'result');
  });
});
