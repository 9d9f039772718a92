// Connect's login page says when the browser's session ran out on the world clock, and only then.
import { describe, expect } from 'vitest';
import { CONNECT_VIEWS, type ConnectLoginPageData } from '../../../src/contracts/connect';
import { it } from '../../support/world-test';
import { CONNECT, login } from './support';

const ERIK = { email: 'erik.johansson@company.com', password: 'expense-erik-2024' };
const HOURS_8 = 8 * 3600_000;

function loginDataOf(outcome: unknown): ConnectLoginPageData {
  expect(outcome).toMatchObject({ kind: 'page', page: { view: CONNECT_VIEWS.login } });
  return (outcome as { page: { data: ConnectLoginPageData } }).page.data;
}

describe('GET /login after a session', () => {
  it('says when the session ran out, once, and clears the cookie naming it', async ({ world }) => {
    const erik = world.browser('erik');
    expect((await login(erik, ERIK.email, ERIK.password)).status).toBe(200);
    const endsAt = world.now() + HOURS_8;
    await world.advance(HOURS_8 + 5 * 60_000);
    expect(loginDataOf((await erik.navigate(`${CONNECT}/login`)).outcome).sessionEnded).toEqual({ at: endsAt });
    expect(erik.jar.toJSON()).toEqual([]);
    expect(loginDataOf((await erik.navigate(`${CONNECT}/login`)).outcome).sessionEnded).toBeNull();
  });

  it('says nothing to a visitor without a session, with an unknown one, or after logging out', async ({ world }) => {
    expect(loginDataOf((await world.browser().navigate(`${CONNECT}/login`)).outcome).sessionEnded).toBeNull();

    const forged = world.browser();
    forged.jar.apply(`${CONNECT}/`, [{ name: 'connect_session', value: 'ffffffffffffffffffffffffffffffff', path: '/' }], world.now());
    expect(loginDataOf((await forged.navigate(`${CONNECT}/login`)).outcome).sessionEnded).toBeNull();

    const erik = world.browser('erik');
    await login(erik, ERIK.email, ERIK.password);
    await erik.navigate(`${CONNECT}/logout`);
    await world.advance(HOURS_8);
    expect(loginDataOf((await erik.navigate(`${CONNECT}/login`)).outcome).sessionEnded).toBeNull();
  });
});
