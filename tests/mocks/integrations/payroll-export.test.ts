// The Payroll export (an API client of the HRM at integrations.test): its daily run on the world clock and "Run now",
// through forwarding and after it ends, and a host that does not answer (R18).
import { describe, expect } from 'vitest';
import type { ApiClientPageData, RunResult } from '../../../src/contracts/integrations';
import { DAY, HOUR } from '../../../src/domain/clock';
import { it } from '../../support/world-test';
import { INTEGRATIONS, openPage, signedIn, StandInHrm } from './stand-in-hrm';

const runNow = async (browser: Awaited<ReturnType<typeof signedIn>>) =>
  (await (await browser.api(`${INTEGRATIONS}/api/integrations/payroll-export/runs`, { method: 'POST' })).json()) as RunResult;

describe('the Payroll export', () => {
  it('runs every day at 06:00 UTC world time, calling the old address it is configured with', async ({ world }) => {
    const hrm = new StandInHrm(world);
    hrm.install();
    // The workspace starts Monday 08:00: the next run is Tuesday 06:00.
    await world.advance(22 * HOUR - 1);
    expect(hrm.received).toEqual([]);
    await world.advance(1);
    expect(hrm.received.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET https://hrm.test/api/v1/employees',
      'POST https://hrm.test/api/v1/travel-expenses',
    ]);
    expect(hrm.received[0]!.authorization).toBe('Bearer hrm-api-key-demo-payroll-export');
    await world.advance(DAY);
    await world.advance(DAY);
    expect(hrm.received).toHaveLength(6);

    const karin = await signedIn(world);
    const { data } = await openPage<ApiClientPageData>(karin, '/integrations/payroll-export');
    expect(data.runs).toHaveLength(6);
    expect(data.runs.every((r) => r.trigger === 'schedule' && r.ok)).toBe(true);
    expect(data.runs[0]!.at).toBe(Date.UTC(2026, 2, 5, 6));
    expect(data.runs[1]!.message).toBe('200: 2 employees read.');
    expect(data.nextRunAt).toBe(Date.UTC(2026, 2, 6, 6));

    // A jump of a week runs it once, at the last 06:00 it passes, not seven times over.
    await world.advance(7 * DAY);
    expect(hrm.received).toHaveLength(8);
    const after = await openPage<ApiClientPageData>(await signedIn(world), '/integrations/payroll-export');
    expect(after.data.runs[0]!.at).toBe(Date.UTC(2026, 2, 12, 6));
  });

  it('Run now: through forwarding the POST keeps its body and the forwarding headers are logged', async ({ world }) => {
    const hrm = new StandInHrm(world);
    hrm.install();
    hrm.stage = 'forwarding';
    const karin = await signedIn(world);
    const run = await runNow(karin);
    const [list, post] = run.entries;
    expect(list).toMatchObject({ trigger: 'manual', method: 'GET', status: 200, ok: true, message: '200: 2 employees read.' });
    expect(list!.details).toContain('Link: <https://api.hrm.test/v1/employees>; rel="successor-version"');
    expect(list!.details).toContain('Deprecation: @1774854000');
    expect(post).toMatchObject({ method: 'POST', url: 'https://hrm.test/api/v1/travel-expenses', status: 201, ok: true });
    const sent = JSON.parse(post!.details[0]!.replace(/^Sent: /, '')) as Record<string, unknown>;
    expect(sent).toEqual({
      employeeNumber: '10001',
      date: '2026-03-02',
      amount: 245.5,
      currency: 'SEK',
      description: 'Train Stockholm–Göteborg, customer visit',
    });
    const stored = JSON.parse(post!.details[1]!.replace(/^Stored: /, '')) as Record<string, unknown>;
    expect(stored).toEqual({ id: 'exp_1', ...sent });
    expect(hrm.received[1]!.body).toEqual(sent);
  });

  it('after forwarding ends, logs the HRM’s 410 message verbatim and sends no expense; repointed, it works again', async ({ world }) => {
    const hrm = new StandInHrm(world);
    hrm.install();
    hrm.stage = 'ended';
    const karin = await signedIn(world);
    const failed = await runNow(karin);
    expect(failed.entries).toHaveLength(1);
    expect(failed.entries[0]).toMatchObject({
      status: 410,
      ok: false,
      message: '410: https://hrm.test/api/v1 is no longer in use. Call https://api.hrm.test/v1/employees instead.',
    });

    const { data } = await openPage<ApiClientPageData>(karin, '/integrations/payroll-export');
    const saved = await karin.api(`${INTEGRATIONS}/api/integrations/payroll-export`, {
      method: 'PUT',
      body: { baseUrl: 'https://api.hrm.test/v1', apiKey: data.config.apiKey, version: data.version },
    });
    expect(saved.status).toBe(200);
    const repointed = await runNow(karin);
    expect(repointed.entries.map((e) => `${e.status} ${e.url}`)).toEqual([
      '200 https://api.hrm.test/v1/employees',
      '201 https://api.hrm.test/v1/travel-expenses',
    ]);
  });

  it('a base URL at a host that does not answer: the run says so', async ({ world }) => {
    const karin = await signedIn(world);
    const { data } = await openPage<ApiClientPageData>(karin, '/integrations/payroll-export');
    await karin.api(`${INTEGRATIONS}/api/integrations/payroll-export`, {
      method: 'PUT',
      body: { baseUrl: 'https://api.payroll-vendor.test/v1', apiKey: data.config.apiKey, version: data.version },
    });
    const run = await runNow(karin);
    expect(run.entries).toEqual([
      expect.objectContaining({ status: null, ok: false, message: 'No server answers at api.payroll-vendor.test. Check the address.' }),
    ]);
  });

  it('is run from the console only by a signed-in account', async ({ world }) => {
    const stranger = world.browser('stranger');
    const response = await stranger.api(`${INTEGRATIONS}/api/integrations/payroll-export/runs`, { method: 'POST' });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { code: string }).code).toBe('unauthenticated');
  });
});
