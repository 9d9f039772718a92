// Tests the world database's upgrade (DESIGN.md rule 10): a v1 world, written before personas had phones, opens with
// its browsers kept and an empty phones table.
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { WorldDb } from '../../../mocks/world/db';
import { databaseName } from '../../../mocks/shared/server';

const V1_STORES = { meta: 'key', traffic: 'id, at, initiator', personas: 'id, order', browsers: 'personaId' };
const BROWSER = { personaId: 'anna', history: ['https://hrm.test/'], index: 0, cookies: [{ host: 'hrm.test', name: 'hrm_session', value: 'abc', path: '/', expiresAt: null }] };

describe('world database v1 → v3', () => {
  it('keeps the personas’ browsers and adds their phones, none yet', async () => {
    const name = databaseName('world-upgrade', 'world');
    await Dexie.delete(name);
    const v1 = new Dexie(name);
    v1.version(1).stores(V1_STORES);
    await v1.table('browsers').add(BROWSER);
    v1.close();

    const db = new WorldDb('world-upgrade');
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
