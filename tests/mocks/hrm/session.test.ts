import { describe, expect } from 'vitest';
import { HRM_VIEWS } from '../../../src/contracts/hrm';
import { it } from '../../support/world-test';
import { body, expectProblem, hrmDb, HRM, person, signIn } from './support';

describe('POST /api/session (the old login)', () => {
  it('signs Anna in with her user ID and password and sets a browser-session cookie for her 8-hour session', async ({ world }) => {
    const anna = world.browser('anna');
    const response = await anna.api(`${HRM}/api/session`, { body: { loginId: '10001', password: 'anna-hrm-1' } });
    expect(response.status).toBe(200);
    expect(await body(response)).toEqual({ redirectTo: '/' });
    expect(anna.jar.toJSON()).toEqual([expect.objectContaining({ host: 'hrm.test', name: 'hrm_session', path: '/', expiresAt: null })]);
    const start = await anna.navigate(`${HRM}/`);
    expect(start.outcome).toMatchObject({ kind: 'page', page: { view: HRM_VIEWS.start, data: { user: { name: 'Anna Svensson' } } } });
  });

  it('sends the user back where they were going (return_to), but never to another host', async ({ world }) => {
    const anna = world.browser('anna');
    const back = await anna.api(`${HRM}/api/session?return_to=${encodeURIComponent('/my-profile/account-settings')}`, {
      body: { loginId: '10001', password: 'anna-hrm-1' },
    });
    expect(await body(back)).toEqual({ redirectTo: '/my-profile/account-settings' });
    const evil = await world.browser().api(`${HRM}/api/session?return_to=${encodeURIComponent('//evil.test/x')}`, {
      body: { loginId: '10001', password: 'anna-hrm-1' },
    });
    expect(await body(evil)).toEqual({ redirectTo: '/' });
  });

  it('refuses a wrong password and an unknown user ID with the same generic 401', async ({ world }) => {
    const wrong = await world.browser().api(`${HRM}/api/session`, { body: { loginId: '10001', password: 'nope-nope-1' } });
    const unknown = await world.browser().api(`${HRM}/api/session`, { body: { loginId: '99999', password: 'anna-hrm-1' } });
    const a = await expectProblem(wrong, 401, 'invalid_credentials');
    const b = await expectProblem(unknown, 401, 'invalid_credentials');
    expect(a.message).toBe('The user ID or password is incorrect');
    expect(b).toEqual(a);
    expect(wrong.headers.get('x-sim-set-cookie')).toBeNull();
  });

  it('tells a timeclock-only worker they need no action, without a session (R11)', async ({ world }) => {
    const pekka = person(world, 'pekka');
    const browser = world.browser('pekka');
    const response = await browser.api(`${HRM}/api/session`, { body: { loginId: pekka.loginId, password: pekka.password } });
    const problem = await expectProblem(response, 403, 'timeclock_only');
    expect(problem.message).toMatch(/badge or employee number/);
    expect(problem.message).toMatch(/no action/);
    expect(browser.jar.toJSON()).toEqual([]);
    // The generic answer still applies to a wrong password: it does not reveal who is timeclock-only.
    const wrong = await world.browser().api(`${HRM}/api/session`, { body: { loginId: pekka.loginId, password: 'wrong-pass-1' } });
    await expectProblem(wrong, 401, 'invalid_credentials');
  });

  it('refuses empty fields at their field and a body that is not the request (400)', async ({ world }) => {
    await expectProblem(
      await world.browser().api(`${HRM}/api/session`, { body: { loginId: ' ', password: 'x' } }),
      422,
      'invalid_request',
      'loginId',
    );
    await expectProblem(
      await world.browser().api(`${HRM}/api/session`, { body: { loginId: '10001', password: '' } }),
      422,
      'invalid_request',
      'password',
    );
    await expectProblem(await world.browser().api(`${HRM}/api/session`, { body: { loginId: 10001 } }), 400, 'invalid_request', 'loginId');
  });

  it('writes login and failed-login audit entries', async ({ world }) => {
    await signIn(world, 'anna');
    await world.browser().api(`${HRM}/api/session`, { body: { loginId: '10001', password: 'bad-password' } });
    const db = hrmDb(world);
    const audit = await db.audit.orderBy('id').toArray();
    db.close();
    expect(audit.map((a) => a.type)).toEqual(['login', 'login_failed']);
    expect(audit[1]!.detail).toContain('10001');
  });

  it('expires the session after 8 hours of world time', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    await world.advance(8 * 3600_000 - 1000);
    expect((await anna.api(`${HRM}/api/me/connect`)).status).toBe(200);
    await world.advance(1000);
    await expectProblem(await anna.api(`${HRM}/api/me/connect`), 401, 'unauthenticated');
  });
});

describe('DELETE /api/session and GET /logout', () => {
  it('DELETE ends the session and clears the cookie', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const response = await anna.api(`${HRM}/api/session`, { method: 'DELETE' });
    expect(response.status).toBe(200);
    expect(await body(response)).toEqual({ redirectTo: '/login' });
    expect(anna.jar.toJSON()).toEqual([]);
    await expectProblem(await anna.api(`${HRM}/api/me/connect`), 401, 'unauthenticated');
  });

  it('/logout clears the cookie and lands on the login page', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const result = await anna.navigate(`${HRM}/logout`);
    expect(result.hops.map((h) => [new URL(h.url).pathname, h.status])).toEqual([
      ['/logout', 302],
      ['/login', 200],
    ]);
    expect(result.outcome).toMatchObject({ kind: 'page', page: { view: HRM_VIEWS.login, data: { tenantName: 'Demo Company' } } });
    expect(anna.jar.toJSON()).toEqual([]);
  });

  it('a stolen cookie value stops working after logout', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const copy = world.browser('thief');
    copy.jar.apply(
      `${HRM}/`,
      anna.jar.toJSON().map((c) => ({ name: c.name, value: c.value, path: c.path })),
      world.now(),
    );
    await anna.api(`${HRM}/api/session`, { method: 'DELETE' });
    await expectProblem(await copy.api(`${HRM}/api/me/connect`), 401, 'unauthenticated');
  });
});
