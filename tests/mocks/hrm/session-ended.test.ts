// The HRM login page says when the browser's session ran out on the world clock, and only then.
import { describe, expect } from 'vitest';
import { HRM_VIEWS, type HrmLoginPageData } from '../../../src/contracts/hrm';
import { navigate } from '../../../src/clients/navigation';
import { ManualClock } from '../../../src/domain/clock';
import { Workspace } from '../../../mocks/runtime/workspace';
import { it } from '../../support/world-test';
import { HRM, signIn } from './support';

const HOURS_8 = 8 * 3600_000;

function loginDataOf(outcome: unknown): HrmLoginPageData {
  expect(outcome).toMatchObject({ kind: 'page', page: { view: HRM_VIEWS.login } });
  return (outcome as { page: { data: HrmLoginPageData } }).page.data;
}

describe('GET /login after a session', () => {
  it('says when a session ran out: a page visited after the clock passed its end lands on the login with the time', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const endsAt = world.now() + HOURS_8;
    await world.advance(24 * 3600_000);
    const result = await anna.navigate(`${HRM}/my-profile`);
    expect(result.hops.map((h) => new URL(h.url).pathname)).toEqual(['/my-profile', '/login']);
    expect(loginDataOf(result.outcome).sessionEnded).toEqual({ at: endsAt });
  });

  it('says it once: the cookie naming the ended session is cleared with the answer', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    await world.advance(HOURS_8);
    expect(loginDataOf((await anna.navigate(`${HRM}/login`)).outcome).sessionEnded).not.toBeNull();
    expect(anna.jar.toJSON()).toEqual([]);
    expect(loginDataOf((await anna.navigate(`${HRM}/login`)).outcome).sessionEnded).toBeNull();
  });

  it('says nothing for a visitor who never had a session, a cookie naming no session, or a session still running', async ({ world }) => {
    expect(loginDataOf((await world.browser().navigate(`${HRM}/login`)).outcome).sessionEnded).toBeNull();

    const forged = world.browser();
    forged.jar.apply(`${HRM}/`, [{ name: 'hrm_session', value: 'ses_0000', path: '/' }], world.now());
    expect(loginDataOf((await forged.navigate(`${HRM}/login`)).outcome).sessionEnded).toBeNull();

    const anna = await signIn(world, 'anna');
    await world.advance(HOURS_8 - 1000);
    // Still signed in: the login sends her on instead.
    const result = await anna.navigate(`${HRM}/login`);
    expect(result.outcome).toMatchObject({ kind: 'page', page: { view: HRM_VIEWS.start } });
  });

  it('says nothing after a logout: the session is gone, not run out', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const result = await anna.navigate(`${HRM}/logout`);
    expect(loginDataOf(result.outcome).sessionEnded).toBeNull();
    await world.advance(HOURS_8);
    expect(loginDataOf((await anna.navigate(`${HRM}/login`)).outcome).sessionEnded).toBeNull();
  });

  it('still says so after a reload of the simulation (a new server on the same database)', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const endsAt = world.now() + HOURS_8;
    await world.advance(HOURS_8 + 60_000);
    await world.workspace.close();
    const reopened = await Workspace.open({ id: world.workspace.id, realClock: new ManualClock(0) });
    try {
      const result = await navigate(reopened!.network, { url: `${HRM}/login`, jar: anna.jar, initiator: 'browser:anna' });
      expect(loginDataOf(result.outcome).sessionEnded).toEqual({ at: endsAt });
    } finally {
      await reopened?.close();
    }
  });
});
