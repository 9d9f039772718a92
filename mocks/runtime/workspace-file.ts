// Owns a workspace's databases taken as one: a snapshot of all of them (the world's and every simulated server's) at
// one moment, the versioned workspace file made of it, the checks a file passes before anything is written, and
// writing a snapshot into a workspace's databases. Each database travels in dexie-export-import's format (its tables,
// their keys and indexes, and their rows); the file wraps them with what the workspace list shows. Loaded when first
// used (an export, an import, a checkpoint), so the first screen loads without the library.
import './dexie-export-import-globals';
import Dexie from 'dexie';
import { exportDB, importInto } from 'dexie-export-import';
import { z } from 'zod';
import type { WorldMeta } from '../world/db';
import { WORLD_ROW_SCHEMAS } from '../world/rows';
import { HRM_REQUIRED_SETTINGS, HRM_ROW_SCHEMAS } from '../servers/hrm/rows';
import { CONNECT_ROW_SCHEMAS } from '../servers/connect/rows';
import { MAIL_ROW_SCHEMAS } from '../servers/mail/rows';
import { EXPENSE_ROW_SCHEMAS } from '../servers/expense/rows';
import { DNS_ROW_SCHEMAS } from '../servers/dns/rows';
import { INTEGRATIONS_ROW_SCHEMAS } from '../servers/integrations/rows';
import { IDP_ROW_SCHEMAS } from '../shared/external-idp/rows';
import type { RowSchemas } from '../shared/row-schema';
import { worldTimeSchema } from '../../src/domain/world-dates';
import { databaseName } from '../shared/server';
import { DATABASE_NAMES, WORKSPACE_DATABASES, type DatabaseName, type DatabaseTexts } from './workspace-databases';

export const WORKSPACE_FILE_FORMAT = 'rollout-rehearsal/workspace';
export const WORKSPACE_FILE_VERSION = 1;

/** What the file says of the workspace beside its databases. */
export interface WorkspaceFileHeader {
  name: string;
  templateId: string;
  seed: string;
  /** World time when it was exported: the world clock stands there, paused, when the file is imported. */
  worldTime: number;
  /** Real time of the export. */
  exportedAt: number;
}

/** A file that cannot be imported, with what is wrong with it in words a person can act on. */
export class WorkspaceFileError extends Error {
  override readonly name = 'WorkspaceFileError';
}

const headerSchema = z.object({
  name: z.string().trim().min(1, 'must name the workspace'),
  templateId: z.string().min(1),
  seed: z.string().min(1),
  worldTime: worldTimeSchema,
  exportedAt: worldTimeSchema,
});

/** dexie-export-import's format, version 1 (its json-structure.d.ts). */
const databaseExportSchema = z.object({
  formatName: z.literal('dexie'),
  formatVersion: z.literal(1),
  data: z.object({
    databaseName: z.string(),
    databaseVersion: z.number(),
    tables: z.array(z.object({ name: z.string(), schema: z.string(), rowCount: z.number().int().nonnegative() })),
    data: z.array(z.object({ tableName: z.string(), inbound: z.boolean(), rows: z.array(z.unknown()) })),
  }),
});

export type DatabaseExport = z.infer<typeof databaseExportSchema>;

/** Every row of every table of every database, checked by the schemas of the server that owns it. */
const ROW_SCHEMAS: Record<DatabaseName, RowSchemas> = {
  world: WORLD_ROW_SCHEMAS,
  hrm: HRM_ROW_SCHEMAS,
  connect: CONNECT_ROW_SCHEMAS,
  mail: MAIL_ROW_SCHEMAS,
  expense: EXPENSE_ROW_SCHEMAS,
  dns: DNS_ROW_SCHEMAS,
  entra: IDP_ROW_SCHEMAS,
  google: IDP_ROW_SCHEMAS,
  okta: IDP_ROW_SCHEMAS,
  ping: IDP_ROW_SCHEMAS,
  integrations: INTEGRATIONS_ROW_SCHEMAS,
};

/** Rows the owning server cannot start without, by database and table: the key each must have. */
const REQUIRED_ROWS: Partial<Record<DatabaseName, Record<string, Array<{ key: string; what: string }>>>> = {
  world: { meta: [{ key: 'world', what: 'the clock, seed and random streams' }] },
  hrm: { settings: HRM_REQUIRED_SETTINGS.map((key) => ({ key, what: `the HRM’s ${key} settings` })) },
};

/**
 * Bounds on what one row may hold. No stored row nests deeper than a dozen levels; a deeper one (a file with thousands
 * of nested lists) would overflow the stack of whatever reads it next. No stored text comes near a million characters
 * (traffic bodies are cut at 16 KB).
 */
export const MAX_ROW_DEPTH = 64;
export const MAX_TEXT_LENGTH = 1_000_000;

export interface WorkspaceFileContents {
  header: WorkspaceFileHeader;
  databases: Record<DatabaseName, DatabaseExport>;
}

function openDatabase(name: DatabaseName, workspaceId: string): Dexie {
  return new WORKSPACE_DATABASES[name](workspaceId);
}

interface TableShape {
  schema: string;
  primKey: { keyPath: string | string[] | null | undefined };
  unique: Array<{ name: string; keyPath: string | string[] }>;
}

interface DatabaseShape {
  version: number;
  tables: Map<string, TableShape>;
}

const shapes = new Map<string, DatabaseShape>();

/** The schema versions a Dexie class declares, as Dexie keeps them (`db.version(n).stores(…)`, in order). */
interface DeclaredVersions {
  _versions: Array<{ _cfg: { version: number; storesSource: Record<string, string | null> | null } }>;
}

/** Every version of a database this Rollout Rehearsal declares, oldest first. */
function declaredVersions(name: DatabaseName): number[] {
  return (openDatabase(name, 'schema') as unknown as DeclaredVersions)._versions.map((v) => v._cfg.version);
}

/**
 * The database as an older version declared it: the same versions' tables, keys and indexes, without the upgrades
 * after it. A file from an older Rollout Rehearsal is written into it as that version stored it; opening it after with
 * this version's class runs this version's upgrades on it, as Dexie does for a workspace kept since then.
 */
function olderDatabase(name: DatabaseName, workspaceId: string, version: number): Dexie {
  const older = new Dexie(databaseName(workspaceId, name));
  for (const { _cfg } of (openDatabase(name, 'schema') as unknown as DeclaredVersions)._versions) {
    if (_cfg.version <= version) older.version(_cfg.version).stores(_cfg.storesSource ?? {});
  }
  return older;
}

/**
 * A database's tables, keys and indexes at a version (this version by default), read from its declared schema (no
 * database is opened).
 */
function shapeOf(name: DatabaseName, version?: number): DatabaseShape {
  const cacheKey = `${name}@${version ?? 'current'}`;
  let shape = shapes.get(cacheKey);
  if (!shape) {
    const db = version === undefined ? openDatabase(name, 'schema') : olderDatabase(name, 'schema', version);
    const tables = new Map<string, TableShape>();
    for (const table of db.tables) {
      const { primKey, indexes } = table.schema;
      tables.set(table.name, {
        // As dexie-export-import writes it (getSchemaString): the primary key's source, then each index's.
        schema: [primKey, ...indexes].map((index) => index.src).join(','),
        primKey: { keyPath: primKey.keyPath },
        unique: indexes.filter((i) => i.unique && i.keyPath !== undefined).map((i) => ({ name: i.name, keyPath: i.keyPath! })),
      });
    }
    shape = { version: version ?? db.verno, tables };
    shapes.set(cacheKey, shape);
  }
  return shape;
}

/**
 * Takes every database of a workspace, one after the other, each in one read transaction. The world's meta row is
 * written as it would be read back later: the clock paused at `worldNow`, and the workspace closed cleanly (so its
 * random streams continue exactly where they are).
 */
export async function exportDatabases(workspaceId: string, worldNow: number): Promise<DatabaseTexts> {
  const texts: Partial<DatabaseTexts> = {};
  for (const name of DATABASE_NAMES) {
    const db = openDatabase(name, workspaceId);
    try {
      await db.open();
      const blob = await exportDB(
        db,
        name === 'world'
          ? { transform: (table, value, key) => ({ key, value: table === 'meta' ? stillWorld(value as WorldMeta, worldNow) : value }) }
          : {},
      );
      texts[name] = await blob.text();
    } finally {
      db.close();
    }
  }
  return texts as DatabaseTexts;
}

function stillWorld(meta: WorldMeta, worldNow: number): WorldMeta {
  return { ...meta, clock: { anchorWorld: worldNow, anchorReal: 0, speed: meta.clock.speed, paused: true }, running: false };
}

/** The workspace file: its format and version, the header, and each database's export as it was taken. */
export function composeWorkspaceFile(header: WorkspaceFileHeader, databases: DatabaseTexts): string {
  const parts = DATABASE_NAMES.map((name) => `${JSON.stringify(name)}:${databases[name]}`);
  return `{"format":${JSON.stringify(WORKSPACE_FILE_FORMAT)},"version":${WORKSPACE_FILE_VERSION},"workspace":${JSON.stringify(header)},"databases":{${parts.join(',')}}}`;
}

/** `demo-company-2026-11-22.workspace.json`: the workspace's name and the world date it was exported at. */
export function workspaceFileName(name: string, worldTime: number): string {
  const slug =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'workspace';
  return `${slug}-${new Date(worldTime).toISOString().slice(0, 10)}.workspace.json`;
}

/** Parses a database's export as this tab took it (a checkpoint): trusted, so not checked again. */
export function parseDatabaseTexts(texts: DatabaseTexts): Record<DatabaseName, DatabaseExport> {
  const parsed: Partial<Record<DatabaseName, DatabaseExport>> = {};
  for (const name of DATABASE_NAMES) parsed[name] = JSON.parse(texts[name]) as DatabaseExport;
  return parsed as Record<DatabaseName, DatabaseExport>;
}

/** What zod's type names mean to a person reading the file. */
const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  null: 'null',
  literal: 'a fixed value',
};

/** Where in a row a field is: `users → item 1 → name` (items counted from 1, as people count them). */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((part) => (typeof part === 'number' ? `item ${part + 1}` : String(part))).join(' → ');
}

function valueAtPath(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const part of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, part)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'string') return value.length > 40 ? `the text “${value.slice(0, 40)}…”` : `the text “${value}”`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  return 'an object';
}

/** One schema issue in a person's words: which field, what it should be, and what it is. */
function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const where = issue.path.length > 0 ? `the field “${fieldPath(issue.path)}”` : 'it';
  const found = describeValue(valueAtPath(input, issue.path));
  // Our own schemas' messages ("must be a date between …") already say what is expected.
  if (issue.message.startsWith('must')) return `${where} ${issue.message}, but is ${found}`;
  switch (issue.code) {
    case 'invalid_type':
      return `${where} should be ${TYPE_WORDS[issue.expected] ?? issue.expected}, but is ${found}`;
    case 'invalid_value':
      return `${where} should be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, but is ${found}`;
    case 'too_small':
      return issue.origin === 'string' && Number(issue.minimum) === 1
        ? `${where} should not be empty`
        : `${where} should be at least ${String(issue.minimum)}${issue.origin === 'array' ? ' items long' : ''}, but is ${found}`;
    case 'too_big':
      return `${where} should be at most ${String(issue.maximum)}${issue.origin === 'array' ? ' items long' : ''}, but is ${found}`;
    case 'invalid_union':
      return `${where} is none of the forms it can take (it is ${found})`;
    default:
      return `${where} is wrong: ${issue.message}`;
  }
}

/** The first thing wrong, and how many more there are: one clear sentence rather than a list nobody reads. */
function issues(error: z.ZodError, input: unknown): string {
  const [first, ...rest] = error.issues;
  const sentence = first ? describeIssue(first, input) : 'it does not fit';
  return rest.length > 0 ? `${sentence} (and ${rest.length} more ${rest.length === 1 ? 'problem' : 'problems'})` : sentence;
}

/**
 * Reads a workspace file and checks all of it before anything is written: the format and its version, the header,
 * every database this version has (and no other), each database's version, tables, keys and indexes, and each row's
 * keys (present, valid IndexedDB keys, unique where the table says so). The rows the runtime itself reads on opening
 * (the world's meta and personas) are checked field by field. Throws a WorkspaceFileError naming what is wrong.
 */
export function parseWorkspaceFile(text: string): WorkspaceFileContents {
  let file: unknown;
  try {
    file = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new WorkspaceFileError('This is not a workspace file: it is not JSON. Choose a file exported with “Export workspace”.');
  }
  if (typeof file !== 'object' || file === null || Array.isArray(file) || (file as { format?: unknown }).format !== WORKSPACE_FILE_FORMAT) {
    throw new WorkspaceFileError(
      `This is not a workspace file: it has no "format": "${WORKSPACE_FILE_FORMAT}". Choose a file exported with “Export workspace”.`,
    );
  }
  const { version, workspace, databases } = file as { version?: unknown; workspace?: unknown; databases?: unknown };
  if (version !== WORKSPACE_FILE_VERSION) {
    const newer = typeof version === 'number' && version > WORKSPACE_FILE_VERSION;
    throw new WorkspaceFileError(
      `Unknown workspace file version ${JSON.stringify(version ?? null)}: this Rollout Rehearsal reads version ${WORKSPACE_FILE_VERSION}` +
        (newer ? ', and the file was made by a newer one.' : '.'),
    );
  }
  const header = headerSchema.safeParse(workspace);
  if (!header.success)
    throw new WorkspaceFileError(`The file’s workspace details are wrong: ${issues(prefixed(header.error, 'workspace'), { workspace })}.`);
  if (typeof databases !== 'object' || databases === null || Array.isArray(databases)) {
    throw new WorkspaceFileError('The file has no databases.');
  }
  const byName = databases as Record<string, unknown>;
  const unknown = Object.keys(byName).filter((name) => !(DATABASE_NAMES as string[]).includes(name));
  if (unknown.length > 0) throw new WorkspaceFileError(`The file has a database this Rollout Rehearsal does not know: “${unknown[0]}”.`);
  const checked: Partial<Record<DatabaseName, DatabaseExport>> = {};
  for (const name of DATABASE_NAMES) {
    if (!(name in byName) && ADDED_LATER.includes(name)) {
      checked[name] = emptyExport(name);
      continue;
    }
    if (!(name in byName)) throw new WorkspaceFileError(`The file has no “${name}” database.`);
    checked[name] = checkDatabase(name, byName[name]);
  }
  return { header: header.data, databases: checked as Record<DatabaseName, DatabaseExport> };
}

/**
 * Databases that files written before they existed do not carry: the organisations' identity providers. Such a file
 * imports with them empty, as a workspace whose template has no identity provider has them.
 */
const ADDED_LATER: readonly DatabaseName[] = ['entra', 'google', 'okta', 'ping'];

function emptyExport(name: DatabaseName): DatabaseExport {
  return { formatName: 'dexie', formatVersion: 1, data: { databaseName: name, databaseVersion: 1, tables: [], data: [] } };
}

function prefixed(error: z.ZodError, path: string): z.ZodError {
  for (const issue of error.issues) issue.path.unshift(path);
  return error;
}

function checkDatabase(name: DatabaseName, value: unknown): DatabaseExport {
  const parsed = databaseExportSchema.safeParse(value);
  if (!parsed.success) throw new WorkspaceFileError(`The “${name}” database is not a database export: ${issues(parsed.error, value)}.`);
  const { data } = parsed.data;
  if (!data.databaseName.endsWith(`/${name}`)) {
    throw new WorkspaceFileError(`The “${name}” database is named “${data.databaseName}”: it is not a ${name} database.`);
  }
  const current = shapeOf(name).version;
  if (data.databaseVersion > current) {
    throw new WorkspaceFileError(
      `Unknown version of the “${name}” database: the file has version ${data.databaseVersion}, this Rollout Rehearsal has version ${current} (the file was made by a newer Rollout Rehearsal).`,
    );
  }
  if (!declaredVersions(name).includes(data.databaseVersion)) {
    throw new WorkspaceFileError(
      `Unknown version of the “${name}” database: the file has version ${data.databaseVersion}, which no Rollout Rehearsal made.`,
    );
  }
  // A database of an older version is checked as that version stored it; its rows are checked field by field once
  // this version's upgrades have run on them (writeDatabases).
  const older = data.databaseVersion < current;
  const shape = older ? shapeOf(name, data.databaseVersion) : shapeOf(name);
  const declared = new Map(data.tables.map((t) => [t.name, t]));
  for (const [tableName, table] of shape.tables) {
    const inFile = declared.get(tableName);
    if (!inFile) throw new WorkspaceFileError(`The “${name}” database has no table “${tableName}”.`);
    if (inFile.schema !== table.schema) {
      throw new WorkspaceFileError(
        `The “${name}” database’s table “${tableName}” has the keys and indexes “${inFile.schema}”; this version’s are “${table.schema}”.`,
      );
    }
  }
  for (const tableName of declared.keys()) {
    if (!shape.tables.has(tableName))
      throw new WorkspaceFileError(`The “${name}” database has a table this Rollout Rehearsal does not know: “${tableName}”.`);
  }
  const seen = new Set<string>();
  for (const tableData of data.data) {
    const table = shape.tables.get(tableData.tableName);
    if (!table) throw new WorkspaceFileError(`The “${name}” database has rows for a table it does not declare: “${tableData.tableName}”.`);
    if (seen.has(tableData.tableName))
      throw new WorkspaceFileError(`The “${name}” database lists the rows of table “${tableData.tableName}” twice.`);
    seen.add(tableData.tableName);
    const expected = declared.get(tableData.tableName)!.rowCount;
    if (tableData.rows.length !== expected) {
      throw new WorkspaceFileError(
        `The “${name}” database’s table “${tableData.tableName}” should hold ${expected} rows but holds ${tableData.rows.length}.`,
      );
    }
    checkRows(name, tableData.tableName, table, tableData.inbound, tableData.rows, !older);
  }
  for (const tableName of shape.tables.keys()) {
    if (!seen.has(tableName)) throw new WorkspaceFileError(`The “${name}” database has no rows listed for table “${tableName}”.`);
  }
  return parsed.data;
}

function checkRows(
  database: DatabaseName,
  tableName: string,
  table: TableShape,
  inbound: boolean,
  rows: unknown[],
  fieldByField: boolean,
): void {
  const where = (i: number) => `The “${database}” database, table “${tableName}”, row ${i + 1}`;
  const keyPath = table.primKey.keyPath;
  if (inbound !== (keyPath !== null && keyPath !== undefined)) {
    throw new WorkspaceFileError(
      `The “${database}” database’s table “${tableName}” has its keys ${inbound ? 'inside' : 'outside'} its rows; this version keeps them ${inbound ? 'outside' : 'inside'}.`,
    );
  }
  const keys = new Map<string, number>();
  const uniques = table.unique.map(() => new Map<string, number>());
  const rowSchema = fieldByField ? ROW_SCHEMAS[database][tableName] : z.unknown();
  if (!rowSchema)
    throw new WorkspaceFileError(`The “${database}” database’s table “${tableName}” cannot be checked by this Rollout Rehearsal.`);
  rows.forEach((row, i) => {
    checkPlainJson(row, where(i));
    let value: unknown;
    let key: unknown;
    if (inbound) {
      if (!isRecord(row)) throw new WorkspaceFileError(`${where(i)} is not an object.`);
      value = row;
      key = valueAt(row, keyPath!);
      if (key === undefined) throw new WorkspaceFileError(`${where(i)} has no ${describeKeyPath(keyPath!)}.`);
    } else {
      if (!Array.isArray(row) || row.length !== 2) throw new WorkspaceFileError(`${where(i)} is not a [key, value] pair.`);
      [key, value] = row;
    }
    if (!isValidKey(key)) throw new WorkspaceFileError(`${where(i)}: its key ${JSON.stringify(key)} is not a valid key.`);
    const keyText = JSON.stringify(key);
    const earlier = keys.get(keyText);
    if (earlier !== undefined)
      throw new WorkspaceFileError(`${where(i)} has the key ${keyText} of row ${earlier + 1}: keys must be unique.`);
    keys.set(keyText, i);
    if (isRecord(value)) {
      table.unique.forEach((index, u) => {
        const indexed = valueAt(value as Record<string, unknown>, index.keyPath);
        if (!isValidKey(indexed)) return; // IndexedDB leaves a row without a valid value out of the index.
        const text = JSON.stringify(indexed);
        const other = uniques[u]!.get(text);
        if (other !== undefined)
          throw new WorkspaceFileError(`${where(i)} has the ${index.name} ${text} of row ${other + 1}: it must be unique.`);
        uniques[u]!.set(text, i);
      });
    }
    const fits = rowSchema.safeParse(value);
    if (!fits.success) throw new WorkspaceFileError(`${where(i)}: ${issues(fits.error, value)}.`);
    checkTypeMarkers(value, where(i));
  });
  if (!fieldByField) return;
  for (const required of REQUIRED_ROWS[database]?.[tableName] ?? []) {
    if (!keys.has(JSON.stringify(required.key))) {
      throw new WorkspaceFileError(`The “${database}” database, table “${tableName}”, has no “${required.key}” row (${required.what}).`);
    }
  }
}

/**
 * A row as the workspace stores it is plain JSON: no deeper than MAX_ROW_DEPTH, no text longer than MAX_TEXT_LENGTH,
 * and no “$types” marker below the row itself (see checkTypeMarkers). Walked with a stack of its own, so a deep row
 * cannot overflow ours.
 */
function checkPlainJson(row: unknown, where: string): void {
  // Each node knows its parent, so the path to a field is only built to name one that is wrong.
  interface Node {
    value: unknown;
    depth: number;
    parent: Node | null;
    key: PropertyKey;
  }
  const pathOf = (node: Node): PropertyKey[] => {
    const path: PropertyKey[] = [];
    for (let at: Node | null = node; at?.parent; at = at.parent) path.unshift(at.key);
    return path;
  };
  const at = (path: PropertyKey[]) => (path.length > 0 ? `the field “${fieldPath(path)}”` : 'it');
  const pending: Node[] = [{ value: row, depth: 0, parent: null, key: '' }];
  while (pending.length > 0) {
    const node = pending.pop()!;
    const { value, depth } = node;
    if (typeof value === 'string') {
      if (value.length > MAX_TEXT_LENGTH) {
        throw new WorkspaceFileError(
          `${where}: ${at(pathOf(node))} holds ${value.length.toLocaleString('en')} characters of text; no field holds more than ${MAX_TEXT_LENGTH.toLocaleString('en')}.`,
        );
      }
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_ROW_DEPTH) {
      throw new WorkspaceFileError(
        `${where}: ${at(pathOf(node).slice(0, 1))} is nested more than ${MAX_ROW_DEPTH} levels deep; no stored data is.`,
      );
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => pending.push({ value: item, depth: depth + 1, parent: node, key: index }));
    } else {
      for (const [name, item] of Object.entries(value)) {
        if (name === '$types' && depth > 0)
          throw new WorkspaceFileError(`${where}: ${at(pathOf(node))} has a “$types” entry, which workspace files never have.`);
        pending.push({ value: item, depth: depth + 1, parent: node, key: name });
      }
    }
  }
}

/**
 * The one typed value a workspace file carries: dexie-export-import (through typeson) marks each list of a row in the
 * row's “$types” as `arrayNonindexKeys`, and turns it back into a list on import. Any other mark would turn checked
 * JSON into something else on the way in (a Date, a Blob, a Map) or stop the import with the library's
 * “Unregistered type”; a list mark on what is not a list would turn an object into a list.
 */
function checkTypeMarkers(value: unknown, where: string): void {
  if (!isRecord(value) || !Object.hasOwn(value, '$types')) return;
  const markers = value.$types;
  if (!isRecord(markers))
    throw new WorkspaceFileError(`${where}: its “$types” entry should list its lists, but is ${describeValue(markers)}.`);
  for (const [keyPath, type] of Object.entries(markers)) {
    const path = keyPath.split('.').map((part) => part.replace(/~1/g, '.').replace(/~0/g, '~'));
    const field = `the field “${fieldPath(path.map((part) => (/^\d+$/.test(part) ? Number(part) : part)))}”`;
    if (type !== LIST_MARK) {
      throw new WorkspaceFileError(
        `${where}: ${field} is marked as a “${String(type)}” value; a workspace file holds only text, numbers, true or false, lists and objects.`,
      );
    }
    const target = valueAtPath(value, path);
    if (!Array.isArray(target)) throw new WorkspaceFileError(`${where}: ${field} is marked as a list, but is ${describeValue(target)}.`);
  }
}

/** typeson's mark for a list (its arrayNonindexKeys type), the only one an export writes. */
const LIST_MARK = 'arrayNonindexKeys';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueAt(row: Record<string, unknown>, keyPath: string | string[]): unknown {
  if (Array.isArray(keyPath)) {
    const parts = keyPath.map((path) => Dexie.getByKeyPath(row, path) as unknown);
    return parts.some((part) => part === undefined) ? undefined : parts;
  }
  return Dexie.getByKeyPath(row, keyPath) as unknown;
}

function describeKeyPath(keyPath: string | string[]): string {
  return Array.isArray(keyPath) ? `key ${keyPath.map((p) => `“${p}”`).join(' + ')}` : `key “${keyPath}”`;
}

/** A valid IndexedDB key as JSON can carry one: a number (not NaN), a string, or an array of keys. */
function isValidKey(key: unknown): boolean {
  if (typeof key === 'number') return !Number.isNaN(key);
  if (typeof key === 'string') return true;
  if (Array.isArray(key)) return key.every(isValidKey);
  return false;
}

type ImportSource = Exclude<Parameters<typeof importInto>[1], Blob>;

/** Hands dexie-export-import a database already parsed (and checked), as the stream it reads a file through. */
function parsedSource(data: DatabaseExport): ImportSource {
  const result = data as unknown as ImportSource['result'];
  return { result, pullAsync: () => Promise.resolve(result), pullSync: () => result, done: () => true, eof: () => true };
}

/**
 * Writes every database of a snapshot into a workspace's databases: each one emptied and filled in one transaction.
 * The world's meta row gets the workspace's id, and the clock, paused where the snapshot stands, is anchored to the
 * real time now. The exports are consumed (dexie-export-import empties their row lists as it goes).
 */
export async function writeDatabases(
  workspaceId: string,
  databases: Record<DatabaseName, DatabaseExport>,
  realNow: number,
  options: { recreate?: boolean } = {},
): Promise<void> {
  for (const name of DATABASE_NAMES) {
    const version = databases[name].data.databaseVersion;
    const older = version < shapeOf(name).version;
    const db = older ? olderDatabase(name, workspaceId, version) : openDatabase(name, workspaceId);
    try {
      // Emptying a table leaves its auto-increment counter where it was (IndexedDB's key generator); a database made
      // anew counts on from the snapshot's highest key, so the rows added after a restore get the ids they had.
      if (options.recreate) await db.delete();
      await db.open();
      await db.transaction('rw', db.tables, () =>
        importInto(db, parsedSource(databases[name]), {
          acceptNameDiff: true,
          clearTablesBeforeImport: true,
          noTransaction: true,
          transform: (table, value: unknown, key: unknown) => ({
            key,
            value:
              name === 'world' && table === 'meta'
                ? { ...(value as WorldMeta), workspaceId, running: false, clock: { ...(value as WorldMeta).clock, anchorReal: realNow } }
                : value,
          }),
        }),
      );
    } catch (error) {
      throw new Error(`Could not write the “${name}” database: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    } finally {
      db.close();
    }
    if (older) await upgradeDatabase(name, workspaceId, version);
  }
}

/**
 * Opens a database written as an older version stored it with this version's class, which runs the upgrades since
 * (db.version(n).upgrade), then checks every upgraded row as a file of this version is checked. Throws a
 * WorkspaceFileError naming what does not fit; the caller deletes the workspace's databases.
 */
async function upgradeDatabase(name: DatabaseName, workspaceId: string, version: number): Promise<void> {
  const db = openDatabase(name, workspaceId);
  let upgraded: unknown;
  try {
    await db.open();
    upgraded = JSON.parse(await (await exportDB(db)).text());
  } catch (error) {
    throw new WorkspaceFileError(
      `The file’s “${name}” database, of version ${version}, could not be upgraded to version ${db.verno}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  } finally {
    db.close();
  }
  try {
    checkDatabase(name, upgraded);
  } catch (error) {
    if (!(error instanceof WorkspaceFileError)) throw error;
    throw new WorkspaceFileError(`After upgrading the file’s “${name}” database from version ${version}: ${error.message}`, {
      cause: error,
    });
  }
}
