// Tests Connect's inspection answer (GET /_sim/machines?email=…): each domain's verification machine as the database
// holds it, with the checks that moved it, for an administrator persona's state diagrams.
import { describe, expect } from 'vitest';
import { inspectConnect } from '../../../src/clients/inspection';
import { SIM_MACHINES_PATH, type ConnectInspection } from '../../../src/contracts/inspection';
import type { TestBrowser, TestWorld } from '../../support/harness';
import { it } from '../../support/world-test';
import { addRecord, signInToDns } from '../dns/support';
import { signedInAdmin } from './admin-support';
import { addDomain, ERIK, verify } from './domains-support';
import { connectDb, CONNECT, expectProblem } from './support';

let karin: TestBrowser;
it.beforeEach(async ({ world }) => {
  karin = await signedInAdmin(world);
});

async function inspect(world: TestWorld, ...emails: string[]): Promise<ConnectInspection> {
  const result = await inspectConnect({ network: world.workspace.network, initiator: 'xray' }, emails);
  if (!result.ok) throw new Error(`${result.problem.code}: ${result.problem.message}`);
  return result.value;
}

describe('GET connect.test/_sim/machines?email=…', () => {
  it('answers each domain of the organisation the persona administers as stored, with the checks that moved it', async ({ world }) => {
    expect(await inspect(world, 'karin.berg@company.com')).toEqual({ at: world.now(), domains: [] });
    const added = await addDomain(karin);
    await addDomain(karin, 'company.se');
    const nils = await signInToDns(world);
    expect((await verify(karin)).check.code).toBe('not_visible_yet');
    await addRecord(nils, { host: '@', type: 'TXT', value: added.instructions.txt.value });
    await world.advance(300_000);
    expect((await verify(karin)).check.code).toBe('verified');

    const { domains } = await inspect(world, 'karin.berg@company.com');
    const db = connectDb(world);
    try {
      const stored = await db.domains.get('company.com');
      expect(domains.map((d) => d.label)).toEqual(['company.com', 'company.se']);
      expect(domains[0]).toEqual({
        machine: 'domainVerification',
        label: 'company.com',
        value: stored!.machine.value,
        context: stored!.machine.context,
        withheld: [],
        lastEvents: stored!.lastEvents,
      });
    } finally {
      db.close();
    }
    expect(domains[0]!.value).toBe('verified');
    expect(domains[0]!.lastEvents.map((e) => [e.type, e.from, e.to, e.transitions])).toEqual([
      ['CHECKED', { unverified: 'pending' }, { unverified: 'failed' }, [{ source: 'domainVerification.unverified', guard: null }]],
      ['CHECKED', { unverified: 'failed' }, 'verified', [{ source: 'domainVerification.unverified', guard: 'found' }]],
    ]);
    expect(domains[1]).toMatchObject({ value: { unverified: 'pending' }, lastEvents: [] });
  });

  it('answers no domains for an account that administers no organisation, or no account at all', async ({ world }) => {
    await addDomain(karin);
    expect((await inspect(world, ERIK.email)).domains).toEqual([]);
    expect((await inspect(world, 'nobody@example.com')).domains).toEqual([]);
    expect((await inspect(world, 'nobody@example.com', ' Karin.Berg@company.com ')).domains.map((d) => d.label)).toEqual(['company.com']);
  });

  it('refuses anything but a read, and a request without an email', async ({ world }) => {
    const xray = world.browser('xray');
    await expectProblem(
      await xray.inspect(`${CONNECT}${SIM_MACHINES_PATH}?email=karin.berg@company.com`, { method: 'POST', body: {} }),
      405,
      'method_not_allowed',
    );
    await expectProblem(await xray.inspect(`${CONNECT}${SIM_MACHINES_PATH}`), 400, 'invalid_request', 'email');
    await expectProblem(await xray.inspect(`${CONNECT}${SIM_MACHINES_PATH}?email=`), 400, 'invalid_request', 'email');
  });
});
