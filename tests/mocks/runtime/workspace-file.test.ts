import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../mocks/runtime/simulation';
import { DATABASE_NAMES } from '../../../mocks/runtime/workspace-databases';
import { parseWorkspaceFile, WORKSPACE_FILE_FORMAT, WorkspaceFileError } from '../../../mocks/runtime/workspace-file';
import { demoTenant } from '../../../mocks/templates/demo-tenant';
import type { UserListPage } from '../../../src/contracts/hrm';
import { testWorldOf } from '../../support/harness';
import { readDatabases, withoutWorkspaceId, type DatabaseContents } from '../../support/databases';
import { body, HRM, link, linkStatus, signIn, signInThroughConnect } from '../hrm/support';
import { olderVersionFile } from '../../fixtures/workspace/older-version';
import { expectProblem, mailApp } from '../../support/api';
import { ORIGINS } from '../../../src/contracts/origins';
import { ExternalIdpDb } from '../../../mocks/shared/external-idp/db';

// The tab's own clock: Connect's tokens are checked by oauth4webapi against the machine's time, as in the tab.
const start = () => Simulation.start({ realClock: { now: () => Date.now() } });

const ANNA = 'anna.svensson@company.com';

/** The clock's real-time anchor differs by design between two workspaces opened at different moments. */
function comparable(contents: DatabaseContents): DatabaseContents {
  const masked = withoutWorkspaceId(contents);
  const meta = masked.world.meta!.map((row) => {
    const { clock, ...rest } = row as { clock: { anchorReal: number } };
    return { ...rest, clock: { ...clock, anchorReal: 0 } };
  });
  return { ...masked, world: { ...masked.world, meta } };
}

/** A demo workspace where Anna has linked her account, exported. */
async function exported(simulation: Simulation) {
  const world = testWorldOf(simulation.runtime, demoTenant);
  await link(await signIn(world, 'anna'), ANNA);
  return simulation.exportWorkspace();
}

/** A parsed file, changed freely by the cases below. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed file, reached into at any depth
type Json = Record<string, any>;

/** The file with something changed in it. */
function edited(text: string, change: (file: Json) => void): string {
  const file = JSON.parse(text) as Json;
  change(file);
  return JSON.stringify(file);
}

function tableData(file: Json, database: string, table: string): { rows: Json[] } {
  return (file.databases[database].data.data as Array<{ tableName: string; rows: Json[] }>).find((t) => t.tableName === table)!;
}

describe('workspace files: export and import', () => {
  it('exports every database and imports them as a new workspace, equal table by table, which works: a linked user signs in', async () => {
    const simulation = await start();
    const original = simulation.workspace();
    const file = await exported(simulation);
    expect(file.fileName).toBe('demo-company-2026-03-02.workspace.json');
    const parsed = JSON.parse(file.text) as Json;
    expect(parsed).toMatchObject({
      format: WORKSPACE_FILE_FORMAT,
      version: 1,
      workspace: { name: 'Demo company', templateId: demoTenant.id, seed: 'demo', worldTime: demoTenant.startsAt },
    });
    expect(Object.keys(parsed.databases)).toEqual(DATABASE_NAMES);
    expect(DATABASE_NAMES).toEqual(['world', ...simulation.runtime.servers.map((s) => s.name)]);
    await simulation.runtime.settled();
    const before = await readDatabases(original.id);

    const imported = await simulation.importWorkspace(file.text);
    expect(imported).toMatchObject({ name: 'Demo company', templateId: demoTenant.id, seed: 'demo' });
    expect(imported.id).not.toBe(original.id);
    expect(simulation.workspace().id).toBe(imported.id);
    expect((await simulation.listWorkspaces()).map((w) => w.name)).toEqual(['Demo company', 'Demo company']);
    await simulation.runtime.settled();
    expect(comparable(await readDatabases(imported.id))).toEqual(comparable(before));
    expect(simulation.clock.now()).toBe(demoTenant.startsAt);
    expect(simulation.clock.state().paused).toBe(true);

    const world = testWorldOf(simulation.runtime, demoTenant);
    expect(await linkStatus(await signIn(world, 'anna'))).toMatchObject({ status: 'linked', email: ANNA });
    await simulation.clock.jumpToNextEvent(); // activation: Connect is the only login
    await simulation.runtime.settled();
    await signInThroughConnect(world, 'anna', ANNA);
  });

  it('imports a workspace whose random streams go on where the export left them: the next step draws what the original drew', async () => {
    const simulation = await start();
    const file = await exported(simulation);
    /** Karin sends Johan a verification link: new session, job and mail ids, all drawn from the servers' streams. */
    const nextStep = async () => {
      const karin = await signIn(testWorldOf(simulation.runtime, demoTenant), 'karin');
      const johan = (await body<UserListPage>(await karin.api(`${HRM}/api/users?q=johan`))).rows.find((r) => r.name === 'Johan Ek')!;
      expect((await karin.api(`${HRM}/api/users/${johan.id}/verification-email`, { body: {} })).status).toBe(200);
      return readMailIds(simulation);
    };
    const inOriginal = await nextStep();
    await simulation.importWorkspace(file.text);
    expect(await nextStep()).toEqual(inOriginal);
  });

  describe('a file that cannot be imported is refused, naming what is wrong, and nothing changes', () => {
    const cases: Array<[string, (text: string) => string, RegExp]> = [
      ['not JSON', () => 'Name,Email\nAnna,anna@company.com', /^This is not a workspace file: it is not JSON/],
      [
        'JSON of something else',
        () => JSON.stringify({ formatName: 'dexie', data: {} }),
        /^This is not a workspace file: it has no "format": "rollout-rehearsal\/workspace"/,
      ],
      [
        'a newer file version',
        (t) => edited(t, (f) => (f.version = 2)),
        /^Unknown workspace file version 2: this Rollout Rehearsal reads version 1, and the file was made by a newer one\.$/,
      ],
      [
        'no workspace name',
        (t) => edited(t, (f) => (f.workspace.name = ' ')),
        /^The file’s workspace details are wrong: the field “workspace → name” must name the workspace, but is the text “ ”\.$/,
      ],
      ['a database missing', (t) => edited(t, (f) => delete f.databases.mail), /^The file has no “mail” database\.$/],
      [
        'an unknown database',
        (t) => edited(t, (f) => (f.databases.payroll = f.databases.expense)),
        /^The file has a database this Rollout Rehearsal does not know: “payroll”\.$/,
      ],
      [
        'a database of an unknown version',
        (t) => edited(t, (f) => (f.databases.hrm.data.databaseVersion = 99)),
        /^Unknown version of the “hrm” database: the file has version 99, this Rollout Rehearsal has version \d+ \(the file was made by a newer Rollout Rehearsal\)\.$/,
      ],
      [
        'a database of a version no Rollout Rehearsal made',
        (t) => edited(t, (f) => (f.databases.mail.data.databaseVersion = 0)),
        /^Unknown version of the “mail” database: the file has version 0, which no Rollout Rehearsal made\.$/,
      ],
      [
        'one database in place of another',
        (t) => edited(t, (f) => (f.databases.dns = f.databases.expense)),
        /^The “dns” database is named “rollout-rehearsal\/.+\/expense”: it is not a dns database\.$/,
      ],
      [
        'a table missing',
        (t) =>
          edited(t, (f) => {
            const data = f.databases.connect.data;
            data.tables = data.tables.filter((x: Json) => x.name !== 'passkeys');
            data.data = data.data.filter((x: Json) => x.tableName !== 'passkeys');
          }),
        /^The “connect” database has no table “passkeys”\.$/,
      ],
      [
        'a table whose rows are missing',
        (t) => edited(t, (f) => (f.databases.mail.data.data = f.databases.mail.data.data.filter((x: Json) => x.tableName !== 'reads'))),
        /^The “mail” database has no rows listed for table “reads”\.$/,
      ],
      [
        'a table with other keys',
        (t) => edited(t, (f) => (f.databases.dns.data.tables[0].schema = 'id')),
        /^The “dns” database’s table “\w+” has the keys and indexes “id”; this version’s are “.+”\.$/,
      ],
      [
        'a row without its key',
        (t) => edited(t, (f) => delete tableData(f, 'hrm', 'people').rows[0]!.chunk),
        /^The “hrm” database, table “people”, row 1 has no key “chunk”\.$/,
      ],
      [
        'a row that is not an object',
        (t) => edited(t, (f) => ((tableData(f, 'connect', 'accounts').rows as unknown[])[2] = 'anna')),
        /^The “connect” database, table “accounts”, row 3 is not an object\.$/,
      ],
      [
        'two rows with one key',
        (t) => edited(t, (f) => (tableData(f, 'world', 'personas').rows[1]!.id = tableData(f, 'world', 'personas').rows[0]!.id)),
        /^The “world” database, table “personas”, row 2 has the key "\w+" of row 1: keys must be unique\.$/,
      ],
      [
        'two accounts with one email',
        (t) => edited(t, (f) => (tableData(f, 'connect', 'accounts').rows[1]!.email = tableData(f, 'connect', 'accounts').rows[0]!.email)),
        /^The “connect” database, table “accounts”, row 2 has the email ".+" of row 1: it must be unique\.$/,
      ],
      [
        'a world clock that does not fit',
        (t) => edited(t, (f) => (tableData(f, 'world', 'meta').rows[0]!.clock.speed = 'fast')),
        /^The “world” database, table “meta”, row 1: the field “clock → speed” should be a number, but is the text “fast”\.$/,
      ],
      [
        'a persona that does not fit',
        (t) => edited(t, (f) => delete tableData(f, 'world', 'personas').rows[0]!.mailboxes),
        /^The “world” database, table “personas”, row 1: the field “mailboxes” should be a list, but is missing\.$/,
      ],
      [
        'a row count that does not match',
        (t) => edited(t, (f) => tableData(f, 'world', 'personas').rows.pop()),
        /^The “world” database’s table “personas” should hold \d+ rows but holds \d+\.$/,
      ],
    ];

    it.each(cases)('%s', async (_case, breakFile, message) => {
      const simulation = await start();
      const file = await exported(simulation);
      const live = simulation.workspace();
      const listed = await simulation.listWorkspaces();
      const databases = (await indexedDB.databases()).map((d) => d.name).sort();

      const error = await simulation.importWorkspace(breakFile(file.text)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkspaceFileError);
      expect((error as Error).message).toMatch(message);
      expect(simulation.workspace()).toEqual(live);
      expect(await simulation.listWorkspaces()).toEqual(listed);
      expect((await indexedDB.databases()).map((d) => d.name).sort()).toEqual(databases);
    });
  });

  it('a file the servers cannot start from is deleted again: the current workspace stays live and untouched', async () => {
    const simulation = await start();
    const file = await exported(simulation);
    const live = simulation.workspace();
    const listed = await simulation.listWorkspaces();
    await simulation.runtime.settled();
    const before = await readDatabases(live.id);
    const databases = (await indexedDB.databases()).map((d) => d.name).sort();
    // Keys and fields in order, but a rollout phase the HRM's machine has no state for: only starting the HRM finds it.
    const broken = edited(file.text, (f) => {
      const rollout = tableData(f, 'hrm', 'settings').rows.find((row) => row.key === 'rollout')!;
      rollout.snapshot.value = 'launched';
    });
    expect(() => parseWorkspaceFile(broken)).not.toThrow();

    await expect(simulation.importWorkspace(broken)).rejects.toThrow(
      /^The workspace file could not be imported, and nothing was changed: .*launched/,
    );
    expect(simulation.workspace()).toEqual(live);
    expect(await simulation.listWorkspaces()).toEqual(listed);
    expect((await indexedDB.databases()).map((d) => d.name).sort()).toEqual(databases);
    expect(await readDatabases(live.id)).toEqual(before);
    // And it still answers.
    expect(await linkStatus(await signIn(testWorldOf(simulation.runtime, demoTenant), 'anna'))).toMatchObject({
      status: 'linked',
      email: ANNA,
    });
  });
});

describe('workspace files: a switch that fails after the import', () => {
  it('deletes the imported workspace and opens the previous one again, unchanged and answering', async () => {
    // The page refuses the imported workspace's handlers once: the last step of the switch fails.
    let refuseHandlers = false;
    const simulation = await Simulation.start({
      realClock: { now: () => Date.now() },
      onHandlersChanged: () => {
        if (!refuseHandlers) return;
        refuseHandlers = false;
        throw new Error('The page could not take the new handlers');
      },
    });
    const file = await exported(simulation);
    const live = simulation.workspace();
    const listed = await simulation.listWorkspaces();
    const hash = await simulation.stateHash();
    const databases = (await indexedDB.databases()).map((d) => d.name).sort();

    refuseHandlers = true;
    await expect(simulation.importWorkspace(file.text)).rejects.toThrow(
      'The workspace file could not be imported, and nothing was changed: The page could not take the new handlers',
    );
    expect(simulation.workspace()).toEqual(live);
    expect(await simulation.listWorkspaces()).toEqual(listed);
    expect((await indexedDB.databases()).map((d) => d.name).sort()).toEqual(databases);
    expect(await simulation.stateHash()).toBe(hash);
    expect(await linkStatus(await signIn(testWorldOf(simulation.runtime, demoTenant), 'anna'))).toMatchObject({
      status: 'linked',
      email: ANNA,
    });
  });
});

describe('workspace files from an older version', () => {
  it('are upgraded as a workspace kept since then would be: the HRM from version 1, the mail from 2, the world from 2', async () => {
    const simulation = await start();
    const file = await exported(simulation);
    await simulation.runtime.settled();
    const original = await readDatabases(simulation.workspace().id);
    const older = olderVersionFile(file.text);
    expect(JSON.parse(older).databases.hrm.data.databaseVersion).toBe(1);

    const imported = await simulation.importWorkspace(older);
    await simulation.runtime.settled();
    const upgraded = await readDatabases(imported.id);
    // The directory in chunks, as version 1's rows held it (the upgrade files users in id order): salaries were not
    // kept then, so they read 0; nor were badges or mobile numbers, so there are none.
    const usersOf = (contents: DatabaseContents) =>
      (contents.hrm.people as Array<{ users: Array<Record<string, unknown>> }>)
        .flatMap((c) => c.users)
        .sort((a, b) => String(a.id).localeCompare(String(b.id)));
    const withoutSalaries = usersOf(original).map(({ badge: _badge, mobile: _mobile, ...u }) => ({
      ...u,
      employments: (u.employments as Array<Record<string, unknown>>).map((e) => ({ ...e, monthlySalary: 0 })),
    }));
    expect(usersOf(upgraded)).toEqual(withoutSalaries);
    // Every message, read flags apart, filed by delivery again; the world has its phones table, empty.
    expect(await readMailIds(simulation)).toEqual(
      (original.mail.deliveries as Array<{ messages: Array<{ id: string }> }>).flatMap((d) => d.messages.map((m) => m.id)),
    );
    expect(upgraded.world.phones).toEqual([]);
    // And it works: Anna signs in with her password and is still linked.
    const world = testWorldOf(simulation.runtime, demoTenant);
    expect(await linkStatus(await signIn(world, 'anna'))).toMatchObject({ status: 'linked', email: ANNA });
    // The file's mail came without accounts (version 2): the import gave each mailbox the one its template gives, so
    // Anna's mail app signs in with her password and nobody else can claim her address first.
    await mailApp(world, ANNA);
    await expectProblem(
      await world.browser('mail-app:other').api(`${ORIGINS.mail}/api/accounts`, { body: { address: ANNA, password: 'not-annas-1' } }),
      409,
      'address_taken',
      'address',
    );
  });

  it('are refused when a row does not fit once upgraded, naming the place, and nothing is left behind', async () => {
    const simulation = await start();
    const file = await exported(simulation);
    const listed = await simulation.listWorkspaces();
    const databases = (await indexedDB.databases()).map((d) => d.name).sort();
    const older = edited(olderVersionFile(file.text), (f) => (tableData(f, 'mail', 'messages').rows[0]!.sentAt = 1e20));

    await expect(simulation.importWorkspace(older)).rejects.toThrow(
      'The workspace file could not be imported, and nothing was changed: After upgrading the file’s “mail” database from version 2: The “mail” database, table “deliveries”, row 1: the field “messages → item 1 → sentAt” must be a date between 1 Jan 1970 and 31 Dec 9999, but is 100000000000000000000.',
    );
    expect(await simulation.listWorkspaces()).toEqual(listed);
    expect((await indexedDB.databases()).map((d) => d.name).sort()).toEqual(databases);
  });
});

/** The ids of every message the mail server holds, in delivery order. */
async function readMailIds(simulation: Simulation): Promise<string[]> {
  await simulation.runtime.settled();
  const { mail } = await readDatabases(simulation.workspace().id);
  return (mail.deliveries as Array<{ messages: Array<{ id: string }> }>).flatMap((d) => d.messages.map((m) => m.id));
}

describe('workspace files written before the identity providers', () => {
  it('import with the providers’ databases empty, and the workspace answers', async () => {
    const simulation = await start();
    const file = await exported(simulation);
    const before = edited(file.text, (f) => {
      for (const idp of ['entra', 'google', 'okta', 'ping']) delete f.databases[idp];
    });
    const imported = await simulation.importWorkspace(before);
    for (const idp of ['entra', 'google', 'okta', 'ping'] as const) {
      const db = new ExternalIdpDb(imported.id, idp);
      try {
        expect(await db.users.count()).toBe(0);
        expect(await db.tenant.count()).toBe(0);
      } finally {
        db.close();
      }
    }
    // The old login answers: signIn expects its 200.
    await signIn(testWorldOf(simulation.runtime, demoTenant), 'anna');
    // A file that lacks a database every file has had is still refused.
    const withoutHrm = edited(file.text, (f) => delete f.databases.hrm);
    await expect(simulation.importWorkspace(withoutHrm)).rejects.toThrow('The file has no “hrm” database.');
  });
});
