import { describe, expect } from 'vitest';
import type { LinkStatus } from '../../../src/contracts/hrm';
import { it } from '../../support/world-test';
import {
  body,
  connectDown,
  CONNECT,
  expectProblem,
  hrmDb,
  HRM,
  inFront,
  link,
  linkAnswers,
  linkStatus,
  recordTraffic,
  sendCode,
  signIn,
  storedStatus,
  storedUser,
} from './support';
import { linkedEmailOf } from '../../../mocks/servers/hrm/directory';

const unlink = (browser: Awaited<ReturnType<typeof signIn>>) => browser.api(`${HRM}/api/me/connect`, { method: 'DELETE' });

describe('DELETE /api/me/connect', () => {
  it('unlinks, tells Connect, and lets the user link again (R10)', async ({ world }) => {
    const traffic = recordTraffic(world);
    const anna = await signIn(world, 'anna');
    await link(anna, 'anna.svensson@gmail.com');
    const [first] = linkAnswers(traffic);

    const response = await unlink(anna);
    expect(response.status).toBe(200);
    expect(await body<LinkStatus>(response)).toMatchObject({ status: 'unlinked', email: null, canLink: true });
    const told = traffic.find((e) => e.method === 'DELETE' && e.url.startsWith(`${CONNECT}/api/accounts/`))!;
    expect(told.url).toBe(`${CONNECT}/api/accounts/${first!.accountId}/links/HRM`);
    expect(told.requestHeaders.authorization).toBe(`Basic ${btoa('hrm:hrm-client-secret-demo')}`);
    expect(told.status).toBeLessThan(300);

    const stored = await storedUser(world, 'anna');
    expect(storedStatus(stored)).toBe('unlinked');
    expect(linkedEmailOf(stored)).toBeNull();
    const db = hrmDb(world);
    expect(await db.audit.where('type').equals('unlinked').count()).toBe(1);
    db.close();

    // The private address was a mistake: she links the company one now.
    await link(anna, 'anna.svensson@company.com');
  });

  it('frees the email for another user once unlinked (R7)', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    await link(anna, 'anna.svensson@gmail.com');
    await unlink(anna);
    const lena = await signIn(world, 'lena');
    expect((await sendCode(lena, 'anna.svensson@gmail.com')).status.status).toBe('code_sent');
  });

  it('relinking the same email links the same Connect account again', async ({ world }) => {
    const traffic = recordTraffic(world);
    const anna = await signIn(world, 'anna');
    await link(anna, 'anna.svensson@company.com');
    await unlink(anna);
    await link(anna, 'anna.svensson@company.com');
    const [first, second] = linkAnswers(traffic);
    expect(second).toEqual({ accountId: first!.accountId, created: false });
  });

  it('still unlinks in the HRM when Connect fails, and the audit log says the notification failed', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    await link(anna, 'anna.svensson@company.com');
    const restore = inFront(world, ...connectDown());
    const response = await unlink(anna);
    restore();
    expect(response.status).toBe(200);
    expect((await linkStatus(anna)).status).toBe('unlinked');
    const db = hrmDb(world);
    const failed = await db.audit.where('type').equals('unlink_notification_failed').toArray();
    db.close();
    expect(failed).toHaveLength(1);
    expect(failed[0]!.detail).toMatch(/Connect was not told/);
  });

  it('cancels a pending code', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const { code } = await sendCode(anna, 'anna.svensson@company.com');
    expect((await body<LinkStatus>(await unlink(anna))).status).toBe('unlinked');
    await expectProblem(await anna.api(`${HRM}/api/me/connect/verify`, { body: { code } }), 409, 'no_code_sent', 'code');
  });

  it('answers 409 not_linked when there is nothing to unlink', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    await expectProblem(await unlink(anna), 409, 'not_linked');
  });
});
