import { describe, expect, it } from 'vitest';
import { HrmDb, type StoredUser } from '../../../mocks/servers/hrm/db';
import { collationKey, Directory, filterCategory, primaryDepartment, userState } from '../../../mocks/servers/hrm/directory';
import type { UserSortKey } from '../../../src/contracts/hrm';
import { SeededRandom } from '../../../src/domain/random';
import { USER_SORT_KEYS } from '../../../src/contracts/hrm';

const NAMES = ['Åsa Öberg', 'Anna Svensson', 'Zoe Abel', 'Ärla Berg', 'Erik Ek', 'Omar Ali', 'Ida Lund', 'Per Holm'];

function user(i: number, random: SeededRandom): Omit<StoredUser, 'chunk'> {
  const timeclock = random.next() < 0.1;
  return {
    id: `usr_${String(i).padStart(5, '0')}`,
    loginId: String(10_000 + ((i * 7919) % 5000)),
    name: `${NAMES[random.int(NAMES.length)]} ${i % 13}`,
    email: random.next() < 0.8 ? `u${i}@company.com` : null,
    roles: timeclock ? ['timeclock'] : ['employee'],
    timeclockOnly: timeclock ? 1 : 0,
    password: null,
    employeeNumber: String(i),
    employments: [
      {
        id: `emp_${i}`,
        title: 'T',
        department: ['Sales', 'IT', 'HR'][i % 3]!,
        email: null,
        mailingsActivated: 1,
        status: 'active',
        monthlySalary: 30_000,
      },
    ],
    connectEmail: null,
    link: null,
    lastLoginAt: random.next() < 0.5 ? 1_000 + random.int(1_000_000) : null,
  };
}

async function fresh(size: number, name: string) {
  const db = new HrmDb(`directory-${name}`);
  const random = SeededRandom.fromSeed(name);
  const stored = Directory.chunk(Array.from({ length: size }, (_, i) => user(i, random)));
  await db.people.bulkPut(stored.people);
  await db.states.bulkPut(stored.states);
  return { db, directory: Directory.fromStored(db, stored), random };
}

function linkedSnapshot(email: string): StoredUser['link'] {
  return {
    status: 'linked',
    value: 'linked',
    context: {
      email,
      method: 'code',
      codeHash: null,
      codeSentAt: null,
      expiresAt: null,
      failedAttempts: 0,
      lastError: null,
      linkRequestId: null,
      linkSentAt: null,
      linkExpiresAt: null,
      connectAccountId: 'acc_1',
      linkedAt: 5,
    },
  };
}

describe('Directory', () => {
  it('keeps every sort order equal to a fresh sort while users change one by one and in bulk', async () => {
    const { db, directory, random } = await fresh(1_200, 'orders');
    for (let round = 0; round < 40; round++) {
      // Every order is built before each change, so small changes patch it (big ones rebuild it on next use).
      for (const key of USER_SORT_KEYS) directory.query({}, key, 'asc', 0, 1);
      const bulk = round % 10 === 0;
      const ids = Array.from({ length: bulk ? 300 : 3 }, () => `usr_${String(random.int(1_200)).padStart(5, '0')}`);
      await directory.mutate((draft) => {
        for (const id of ids) {
          const u = draft.get(id)!;
          // A bulk change moves link states only (as a mailing does): orders by name and number keep their place.
          const link = random.next() < 0.3 ? linkedSnapshot(`${id}@x.se`) : null;
          if (bulk) draft.put({ ...u, link });
          else
            draft.put({
              ...u,
              name: `${NAMES[random.int(NAMES.length)]} ${round}`,
              lastLoginAt: random.next() < 0.3 ? null : random.int(5_000_000),
              link,
            });
        }
      });
    }
    const reloaded = await Directory.load(db);
    expect(directory.query({}, 'name', 'asc', 0, 1).counts).toEqual(reloaded.query({}, 'name', 'asc', 0, 1).counts);
    expect(directory.query({ status: 'linked' }, 'name', 'asc', 0, 1_200).users.map((u) => u.id)).toEqual(
      reloaded.query({ status: 'linked' }, 'name', 'asc', 0, 1_200).users.map((u) => u.id),
    );
    for (const key of USER_SORT_KEYS as readonly UserSortKey[]) {
      for (const dir of ['asc', 'desc'] as const) {
        const patched = directory.query({}, key, dir, 0, 1_200).users.map((u) => u.id);
        const rebuilt = reloaded.query({}, key, dir, 0, 1_200).users.map((u) => u.id);
        expect(patched, `${key} ${dir}`).toEqual(rebuilt);
      }
    }
    db.close();
  });

  it('sorts by each column with ties by name (collation order, then id), as a sort from scratch does', async () => {
    const { db, directory } = await fresh(900, 'columns');
    const byName = (a: StoredUser, b: StoredUser) => cmp(collationKey(a.name), collationKey(b.name)) || cmp(a.id, b.id);
    const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
    const nullsLast = (a: string | number | null, b: string | number | null) =>
      a === null ? (b === null ? 0 : 1) : b === null ? -1 : cmp(a, b);
    const own: Partial<Record<UserSortKey, (a: StoredUser, b: StoredUser) => number>> = {
      loginId: (a, b) => cmp(collationKey(a.loginId), collationKey(b.loginId)),
      employeeNumber: (a, b) => cmp(collationKey(a.employeeNumber), collationKey(b.employeeNumber)),
      department: (a, b) => cmp(collationKey(primaryDepartment(a)), collationKey(primaryDepartment(b))),
      lastLogin: (a, b) => nullsLast(a.lastLoginAt, b.lastLoginAt),
    };
    const expectColumns = (of: Directory) => {
      const users = of.query({}, 'name', 'asc', 0, 900).users;
      expect(users.map((u) => u.id)).toEqual([...users].sort(byName).map((u) => u.id));
      for (const [key, compare] of Object.entries(own) as Array<[UserSortKey, (a: StoredUser, b: StoredUser) => number]>) {
        const expected = [...users].sort((a, b) => compare(a, b) || byName(a, b)).map((u) => u.id);
        expect(
          of.query({}, key, 'asc', 0, 900).users.map((u) => u.id),
          key,
        ).toEqual(expected);
      }
    };
    // Digits-only user IDs and employee numbers (sorted as numbers), then some that are not (sorted as text).
    expectColumns(directory);
    await directory.mutate((draft) => {
      for (const id of ['usr_00003', 'usr_00400'])
        draft.put({ ...draft.get(id)!, loginId: `ext-${id}`, employeeNumber: `E-${id.slice(-3)}` });
      draft.put({ ...draft.get('usr_00007')!, loginId: '0099', employeeNumber: '99' });
    });
    expectColumns(await Directory.load(db));
    db.close();
  });

  it('counts each status across the search, and pages within the status filter', async () => {
    const { db, directory } = await fresh(500, 'counts');
    const all = directory.query({}, 'name', 'asc', 0, 500);
    const timeclock = all.users.filter((u) => filterCategory(u) === 'timeclock_only').length;
    expect(all.counts).toMatchObject({ all: 500, timeclock_only: timeclock, not_started: 500 - timeclock, not_linked: 500 - timeclock });
    const page = directory.query({ status: 'not_linked', department: 'IT' }, 'employeeNumber', 'asc', 10, 5);
    expect(page.users).toHaveLength(5);
    expect(page.users.every((u) => u.employments[0]!.department === 'IT' && userState(u) === 'not_started')).toBe(true);
    expect(page.total).toBe(directory.matching({ status: 'not_linked', department: 'IT' }).length);
    // By name, a department's page is the matching users' slice; a user moving department moves between the pages.
    const itByName = () => directory.matching({ department: 'IT' }).map((u) => u.id);
    expect(directory.query({ department: 'IT' }, 'name', 'asc', 20, 30).users.map((u) => u.id)).toEqual(itByName().slice(20, 50));
    const mover = all.users.find((u) => u.employments[0]!.department === 'Sales')!;
    await directory.mutate((draft) => draft.put({ ...mover, employments: [{ ...mover.employments[0]!, department: 'IT' }] }));
    expect(itByName()).toContain(mover.id);
    expect(directory.query({ department: 'IT' }, 'name', 'asc', 0, 500).users.map((u) => u.id)).toEqual(itByName());
    expect(directory.query({ department: 'Sales' }, 'name', 'asc', 0, 500).users.map((u) => u.id)).not.toContain(mover.id);
    expect(directory.query({ department: 'IT' }, 'name', 'asc', 0, 1).counts.all).toBe(itByName().length);
    db.close();
  });

  it('a write that fails stores nothing and changes nothing in memory', async () => {
    const { db, directory } = await fresh(50, 'rollback');
    const before = directory.get('usr_00001')!;
    await expect(
      directory.mutate((draft) => {
        draft.put({ ...before, name: 'Changed' });
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    // A row the database refuses (a duplicate key) aborts the whole transaction.
    await expect(
      directory.mutate((draft) => {
        draft.put({ ...before, name: 'Changed too' });
        draft.addRows(db.audit, [
          { id: 1, at: 0, type: 'login', actorUserId: null, subjectUserId: null, detail: 'a' },
          { id: 1, at: 0, type: 'login', actorUserId: null, subjectUserId: null, detail: 'b' },
        ]);
      }),
    ).rejects.toThrow();
    expect(directory.get('usr_00001')!.name).toBe(before.name);
    expect((await Directory.load(db)).get('usr_00001')!.name).toBe(before.name);
    // And the next write goes through.
    await directory.mutate((draft) => draft.put({ ...before, name: 'After' }));
    expect((await Directory.load(db)).get('usr_00001')!.name).toBe('After');
    db.close();
  });

  it('a change of link state rewrites the small state chunk only; a profile change rewrites the profile chunk too', async () => {
    const { db, directory } = await fresh(1_200, 'split');
    const writes: string[] = [];
    const put = (table: 'people' | 'states') => {
      const store = db[table] as unknown as { bulkPut: (rows: Array<{ chunk: number }>) => Promise<unknown> };
      const original = store.bulkPut.bind(store);
      store.bulkPut = (rows) => {
        writes.push(`${table}:${rows.map((r) => r.chunk).join(',')}`);
        return original(rows);
      };
    };
    put('people');
    put('states');
    const u = directory.get('usr_00700')!;
    await directory.mutate((draft) => draft.put({ ...u, link: linkedSnapshot('a@x.se'), lastLoginAt: 9 }));
    expect(writes).toEqual(['states:1']);
    await directory.mutate((draft) => draft.put({ ...draft.get('usr_00700')!, name: 'Renamed' }));
    expect(writes).toEqual(['states:1', 'states:1', 'people:1']);
    const reloaded = await Directory.load(db);
    expect(reloaded.get('usr_00700')).toMatchObject({ name: 'Renamed', lastLoginAt: 9, link: { status: 'linked' } });
    db.close();
  });

  it('indexes linked emails (R7) and Connect emails as they change', async () => {
    const { db, directory } = await fresh(20, 'emails');
    const u = directory.get('usr_00003')!;
    await directory.mutate((draft) => draft.put({ ...u, link: linkedSnapshot('a@x.se'), connectEmail: 'b@x.se' }));
    expect(directory.holderOfLinkedEmail('a@x.se')?.id).toBe('usr_00003');
    expect(directory.holderOfConnectEmail('b@x.se')?.id).toBe('usr_00003');
    await directory.mutate((draft) => draft.put({ ...draft.get('usr_00003')!, link: null, connectEmail: null }));
    expect(directory.holderOfLinkedEmail('a@x.se')).toBeUndefined();
    expect(directory.holderOfConnectEmail('b@x.se')).toBeUndefined();
    db.close();
  });
});

describe('collationKey', () => {
  it('orders as Swedish does: case and accents folded, å ä ö after z, numbers by value', () => {
    const names = ['Östen', 'Zoe', 'anna', 'Åsa', 'Ärla', 'Éva', 'Bo', 'emil', 'Omar'];
    expect([...names].sort((a, b) => (collationKey(a) < collationKey(b) ? -1 : 1))).toEqual([
      'anna',
      'Bo',
      'emil',
      'Éva',
      'Omar',
      'Zoe',
      'Åsa',
      'Ärla',
      'Östen',
    ]);
    expect(['10010', '9', '100', '0099'].sort((a, b) => (collationKey(a) < collationKey(b) ? -1 : 1))).toEqual([
      '9',
      '0099',
      '100',
      '10010',
    ]);
  });
});
