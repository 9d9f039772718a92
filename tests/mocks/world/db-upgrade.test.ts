// Tests the world database's upgrades (H10): a v1 traffic log, each row carrying its headers and bodies,
// opened by today's code, lists the same exchanges from small summary rows and still reads each one in full; a v1
// world, written before personas had phones, opens with its browsers kept and an empty phones table.
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/domain/clock';
import { Workspace } from '../../../mocks/runtime/workspace';
import { WorldDb } from '../../../mocks/world/db';
import { demoTenant } from '../../../mocks/templates/demo-tenant';
import { databaseName } from '../../../mocks/shared/server';

const V1_STORES = { meta: 'key', traffic: 'id, at, initiator', personas: 'id, order', browsers: 'personaId' };
const T = demoTenant.startsAt;

/** A v1 exchange as v1 logged it: one row, its body cut with a note of what was left out. */
function v1Exchange(id: number) {
  return {
    id,
    at: T + id,
    initiator: id % 2 ? 'browser:anna' : 'server:hrm.test',
    method: 'POST',
    url: `https://hrm.test/api/session?n=${id}`,
    status: 200,
    location: null,
    durationMs: 1.5,
    requestHeaders: { 'content-type': 'application/json', 'x-sim-cookie': 'hrm_session=s1' },
    requestBody: `{"loginId":"${id}"}`,
    responseHeaders: { 'content-type': 'application/json' },
    responseBody: `{"ok":true}… (12 more characters)`,
  };
}

let workspace: Workspace | undefined;
afterEach(() => workspace?.close());

describe('world database v1 → v3: the traffic log', () => {
  it('moves every exchange’s headers and bodies apart from its summary, keeping each exchange whole', async () => {
    const created = await Workspace.create(demoTenant, 'upgrade', { id: 'world-upgrade', realClock: new ManualClock(0) });
    const meta = await created.world.meta.get('world');
    await created.close();
    // Rewrite the world database as v1 left it: 1,234 exchanges, more than one upgrade chunk.
    const name = databaseName('world-upgrade', 'world');
    await Dexie.delete(name);
    const v1 = new Dexie(name);
    v1.version(1).stores(V1_STORES);
    await v1.table('meta').put({ ...meta, running: false });
    const rows = Array.from({ length: 1234 }, (_, i) => v1Exchange(i + 1));
    await v1.table('traffic').bulkAdd(rows);
    v1.close();

    workspace = (await Workspace.open({ id: 'world-upgrade', realClock: new ManualClock(0) }))!;
    const summaries = await workspace.trafficSummaries();
    expect(summaries).toHaveLength(1234);
    expect(summaries[6]).toEqual({
      id: 7,
      at: T + 7,
      initiator: 'browser:anna',
      method: 'POST',
      url: 'https://hrm.test/api/session?n=7',
      status: 200,
      location: null,
      durationMs: 1.5,
    });
    expect(await workspace.trafficExchanges([7, 1234])).toEqual([rows[6], rows[1233]]);

    // New exchanges go on after the old ones.
    await workspace.network.fetch(new Request('https://hrm.test/api/rollout'), { initiator: 'test' });
    expect((await workspace.trafficSummaries()).at(-1)!.id).toBe(1235);
  });
});

const BROWSER = {
  personaId: 'anna',
  history: ['https://hrm.test/'],
  index: 0,
  cookies: [{ host: 'hrm.test', name: 'hrm_session', value: 'abc', path: '/', expiresAt: null }],
};

describe('world database v1 → v3: phones', () => {
  it('keeps the personas’ browsers and adds their phones, none yet', async () => {
    const name = databaseName('world-upgrade-phones', 'world');
    await Dexie.delete(name);
    const v1 = new Dexie(name);
    v1.version(1).stores(V1_STORES);
    await v1.table('browsers').add(BROWSER);
    v1.close();

    const db = new WorldDb('world-upgrade-phones');
    await db.open();
    try {
      expect(db.verno).toBe(3);
      expect(await db.browsers.toArray()).toEqual([BROWSER]);
      expect(await db.phones.count()).toBe(0);
      await db.phones.put({ personaId: 'anna', accounts: [], clockOffsetSeconds: 30 });
      expect(await db.phones.get('anna')).toEqual({ personaId: 'anna', accounts: [], clockOffsetSeconds: 30 });
    } finally {
      db.close();
    }
  });
});
