// Hostile workspace files (tests/fixtures/hostile/workspace/) imported into a live simulation: each is refused with a
// message naming what is wrong, and the live workspace stays exactly as it was, still answering.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../mocks/runtime/simulation';
import { WorkspaceFileError } from '../../mocks/runtime/workspace-file';
import { demoTenant } from '../../mocks/templates/demo-tenant';
import { testWorldOf } from '../support/harness';

const FIXTURES = join(import.meta.dirname, '../fixtures/hostile/workspace');

/**
 * A fixture changes a fresh export: the header (`workspace`), or one table of one database — fields of a row (`row`,
 * counted from 1, `set` by dotted path), a row added (`add`) or all rows replaced (`rows`). Row counts are kept in step,
 * so each fixture reaches the check it is about. The demo workspace has a browser row for Anna (the test opens her
 * devices before exporting).
 */
interface HostileEdit {
  about: string;
  workspace?: Record<string, unknown>;
  database?: string;
  table?: string;
  row?: number;
  set?: Record<string, unknown>;
  add?: Record<string, unknown>;
  rows?: unknown[];
  /** Text put in the file in place of other text, for what cannot be built as an object (nesting too deep). */
  replaceText?: Record<string, string>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed file, reached into at any depth
type Json = Record<string, any>;

async function loadFixture(name: string): Promise<HostileEdit> {
  if (name.endsWith('.ts')) return ((await import(join(FIXTURES, name))) as { default: HostileEdit }).default;
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as HostileEdit;
}

function applyEdit(text: string, edit: HostileEdit): string {
  const file = JSON.parse(text) as Json;
  if (edit.workspace) Object.assign(file.workspace, edit.workspace);
  if (edit.database && edit.table) {
    const data = file.databases[edit.database].data;
    const table = (data.data as Json[]).find((t) => t.tableName === edit.table)!;
    if (edit.rows) table.rows = edit.rows;
    if (edit.add) table.rows.push(edit.add);
    if (edit.row !== undefined && edit.set) {
      const row = table.rows[edit.row - 1] as Json;
      for (const [path, value] of Object.entries(edit.set)) {
        const parts = path === '$types' ? [path] : path.split('.');
        let target = row;
        for (const part of parts.slice(0, -1)) target = target[part];
        target[parts.at(-1)!] = value;
      }
    }
    (data.tables as Json[]).find((t) => t.name === edit.table)!.rowCount = table.rows.length;
  }
  let edited = JSON.stringify(file);
  for (const [placeholder, replacement] of Object.entries(edit.replaceText ?? {})) edited = edited.replace(placeholder, replacement);
  return edited;
}

/** What each hostile file is refused with, word for word. */
const EXPECTED: Record<string, string> = {
  'clock-past-last-date.json':
    'The “world” database, table “meta”, row 1: the field “clock → anchorWorld” must be a date between 1 Jan 1970 and 31 Dec 9999, but is 8640000000000000.',
  'header-world-time-invalid.json':
    'The file’s workspace details are wrong: the field “workspace → worldTime” must be a date between 1 Jan 1970 and 31 Dec 9999, but is 8640000000000001.',
  'clock-speed-absurd.json': 'The “world” database, table “meta”, row 1: the field “clock → speed” should be at most 86400, but is 1e+308.',
  'browser-cookies-not-a-list.json':
    'The “world” database, table “browsers”, row 1: the field “cookies” should be a list, but is the text “x”.',
  'hrm-settings-emptied.json': 'The “hrm” database, table “settings”, has no “security” row (the HRM’s security settings).',
  'hrm-user-name-number.json': 'The “hrm” database, table “people”, row 1: the field “users → item 1 → name” should be text, but is 42.',
  'typeson-unregistered-type.json':
    'The “connect” database, table “accounts”, row 1: the field “name” is marked as a “nonsense” value; a workspace file holds only text, numbers, true or false, lists and objects.',
  'typeson-date-mark.json':
    'The “connect” database, table “accounts”, row 1: the field “createdAt” is marked as a “date” value; a workspace file holds only text, numbers, true or false, lists and objects.',
  'typeson-mark-inside-a-row.json':
    'The “hrm” database, table “people”, row 1: the field “users → item 1” has a “$types” entry, which workspace files never have.',
  'typeson-list-mark-on-object.json':
    'The “world” database, table “personas”, row 1: the field “mailboxes” should be a list, but is an object.',
  'dns-zone-before-1970.json':
    'The “dns” database, table “zones”, row 2: the field “createdAt” must be a date between 1 Jan 1970 and 31 Dec 9999, but is -1.',
  'mail-sent-past-9999.json':
    'The “mail” database, table “deliveries”, row 2: the field “messages → item 1 → sentAt” must be a date between 1 Jan 1970 and 31 Dec 9999, but is 100000000000000000000.',
  'deep-nesting.ts':
    'The “world” database, table “personas”, row 1: the field “note” is nested more than 64 levels deep; no stored data is.',
  'huge-text.ts':
    'The “world” database, table “personas”, row 1: the field “note” holds 5,000,000 characters of text; no field holds more than 1,000,000.',
};

describe('hostile workspace files', () => {
  it('has an expected refusal for every fixture', () => {
    expect(readdirSync(FIXTURES).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s is refused, naming the place, and the live workspace is unchanged', async (name, message) => {
    const simulation = await Simulation.start({ realClock: { now: () => Date.now() } });
    simulation.devices('anna');
    const file = await simulation.exportWorkspace();
    const hostile = applyEdit(file.text, await loadFixture(name));
    const live = simulation.workspace();
    const listed = await simulation.listWorkspaces();
    const hash = await simulation.stateHash();
    const databases = (await indexedDB.databases()).map((d) => d.name).sort();

    const refusal = await simulation.importWorkspace(hostile).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(WorkspaceFileError);
    expect((refusal as Error).message).toBe(message);

    expect(simulation.workspace()).toEqual(live);
    expect(await simulation.listWorkspaces()).toEqual(listed);
    expect((await indexedDB.databases()).map((d) => d.name).sort()).toEqual(databases);
    expect(await simulation.stateHash()).toBe(hash);
    const page = await testWorldOf(simulation.runtime, demoTenant).browser().navigate('https://hrm.test/login');
    expect(page.status).toBe(200);
  });
});
