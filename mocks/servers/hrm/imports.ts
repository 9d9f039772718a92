// Owns import and export templates of type Employees/users with their "Connect email" field (R9: "If an
// invalid email address is entered, the field will not be updated"; "it is only possible to import emails for users
// not linked"). Export writes CSV; import reads CSV (papaparse), previews every row with its outcome, and applies the
// updates in one directory write — or nothing, when anything moved since the preview.
import type Papa from 'papaparse';
import { EXPORT_FIELDS, type ExportField, type ImportPreview, type ImportRejection, type ImportRow } from '../../../src/contracts/hrm';
import { isDomainAllowed, parseEmail } from '../../../src/domain/email';
import { intParam, json, problem, quoted } from '../../shared/http';
import type { ImportRecord, ImportRowStored, StoredUser } from './db';
import { connectEmailOf, linkedEmailOf, primaryDepartment, userState, type Directory } from './directory';
import { auditEntry, hrmProblem, now, type HrmEnv } from './env';
import { requireAdmin } from './signed-in';
import { listDomains } from './rules';
import { loadSecurity } from './store';
import { parseUserFilter } from './users';

/** papaparse, loaded the first time a file is exported or imported: the simulation's start does without it. */
const papaparse = async (): Promise<typeof Papa> => (await import('papaparse')).default;

/**
 * What one file may hold. A company of 17,000 employees exports about 3 MB with every field; a tenant of 100,000 users
 * fits its User ID and Connect email columns with room to spare. The export has 8 columns, a spreadsheet adds a few;
 * a User ID or an email is far below 1,000 characters (an email is at most 254, RFC 5321 §4.5.3.1).
 */
export const IMPORT_ROW_LIMIT = 100_000;
export const IMPORT_BYTE_LIMIT = 16 * 1024 * 1024;
export const IMPORT_COLUMN_LIMIT = 100;
export const IMPORT_CELL_LIMIT = 1_000;
/** Column names a message lists at most. */
const LISTED_COLUMNS = 10;

/** Header names are matched ignoring case, spaces and punctuation; these are what each column may be called. */
const USER_HEADERS = ['userid', 'user', 'loginid', 'username'];
const EMPLOYEE_NUMBER_HEADERS = ['employeenumber', 'employeeno', 'employeeid'];
const CONNECT_EMAIL_HEADERS = ['connectemail', 'emailconnect', 'vismaconnectemail', 'emailvismaconnect'];

const STATE_LABELS = { not_started: 'Not started', code_sent: 'Code sent', link_sent: 'Link sent', linked: 'Linked' } as const;

function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** A CSV cell that a spreadsheet would run as a formula starts with a quote mark (OWASP CSV injection). */
function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function exportValue(user: StoredUser, field: ExportField): string {
  switch (field) {
    case 'loginId':
      return user.loginId;
    case 'employeeNumber':
      return user.employeeNumber;
    case 'name':
      return user.name;
    case 'email':
      return user.email ?? '';
    case 'connectEmail':
      return connectEmailOf(user) ?? '';
    case 'department':
      return primaryDepartment(user);
    case 'title':
      return user.employments[0]?.title ?? '';
    case 'state':
      return STATE_LABELS[userState(user)];
  }
}

const FIELD_ORDER = Object.keys(EXPORT_FIELDS) as ExportField[];

/**
 * GET /api/users/export?fields=loginId,name,connectEmail&q&status&department&role → text/csv (UTF-8 with a BOM, so
 * spreadsheets read å, ä and ö), one row per matching user in name order. The readiness page's "locked out" list is
 * this export with status=not_linked.
 */
export async function exportUsers(env: HrmEnv, request: Request): Promise<Response> {
  await requireAdmin(env, request);
  const params = new URL(request.url).searchParams;
  const requested = (params.get('fields') ?? 'loginId,employeeNumber,name,email,connectEmail').split(',').filter(Boolean);
  const unknown = requested.find((f) => !FIELD_ORDER.includes(f as ExportField));
  if (unknown)
    throw problem(
      400,
      'invalid_request',
      `fields: “${unknown}” is not a field of the Employees/users template (${FIELD_ORDER.join(', ')})`,
      'fields',
    );
  if (requested.length === 0) throw problem(400, 'invalid_request', 'fields: choose at least one field', 'fields');
  const fields = requested as ExportField[];
  const users = (await env.directory()).matching(parseUserFilter(params));
  const csv = (await papaparse()).unparse({
    fields: fields.map((f) => EXPORT_FIELDS[f]),
    data: users.map((u) => fields.map((f) => safeCell(exportValue(u, f)))),
  });
  const name = params.get('status') === 'not_linked' ? 'users-not-linked' : 'users';
  return new Response(`\uFEFF${csv}\r\n`, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}.csv"` },
  });
}

interface Parsed {
  header: string[];
  rows: string[][];
}

const count = (n: number) => n.toLocaleString('en-GB');
const DELIMITERS = [',', ';', '\t', '|'];
const SAVE_AS_UTF8 = 'Save it from the spreadsheet as “CSV UTF-8” and try again.';

/** The file's text, when it is UTF-8 without NUL characters; otherwise throws the problem naming the line to look at. */
function decodeCsv(bytes: ArrayBuffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // The first replacement character of a lenient decoding is where the strict one stopped.
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const line = lineOf(lenient, lenient.indexOf('\uFFFD'));
    throw hrmProblem(
      422,
      'import_unreadable',
      `The file is not UTF-8 text (line ${count(line)}): it may be saved in another encoding. ${SAVE_AS_UTF8}`,
      'file',
    );
  }
  const nul = text.indexOf('\u0000');
  if (nul !== -1) {
    throw hrmProblem(
      422,
      'import_unreadable',
      `The file contains NUL characters (line ${count(lineOf(text, nul))}): it may be saved as “Unicode text” (UTF-16) or not be a CSV file. ${SAVE_AS_UTF8}`,
      'file',
    );
  }
  return text;
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** "“User ID”, “Name”, … and 3 more": the file's columns as a message names them, each cut, never all of thousands. */
function columnList(header: readonly string[]): string {
  const shown = header
    .slice(0, LISTED_COLUMNS)
    .map((h) => `“${quoted(h)}”`)
    .join(', ');
  return header.length > LISTED_COLUMNS ? `${shown} and ${count(header.length - LISTED_COLUMNS)} more` : shown;
}

function tooManyColumns(columns: number): Response {
  return hrmProblem(
    422,
    'import_unreadable',
    `The header row has ${count(columns)} columns; an import file can have at most ${IMPORT_COLUMN_LIMIT}. Keep the “User ID” and “Connect email” columns.`,
    'file',
  );
}

/** How many cells `line` has when `delimiter` separates them, separators inside "quoted" cells not counted (RFC 4180 §2). */
function columnsIn(line: string, delimiter: string): number {
  let columns = 1;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === delimiter && !quoted) columns++;
  }
  return columns;
}

async function parseCsv(text: string): Promise<Parsed> {
  const papa = await papaparse();
  // One kind of line ending: a file pasted together from Windows and Mac exports still reads as one table.
  const input = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  // The header row's columns are counted first, by one scan per separator without building a cell, so a row of a
  // million columns is refused before anything is parsed.
  const firstLine = input.slice(0, input.indexOf('\n') === -1 ? input.length : input.indexOf('\n'));
  const widest = Math.max(...DELIMITERS.map((d) => columnsIn(firstLine, d)));
  if (widest > IMPORT_COLUMN_LIMIT) throw tooManyColumns(widest);
  const head = papa.parse<string[]>(input, { preview: 1, skipEmptyLines: 'greedy', newline: '\n', delimitersToGuess: DELIMITERS });
  const header = head.data[0];
  if (!header || header.every((h) => h.trim() === ''))
    throw hrmProblem(422, 'import_empty', 'The file is empty: it needs a header row and one row per user.', 'file');
  if (header.length > IMPORT_COLUMN_LIMIT) throw tooManyColumns(header.length);
  const result = papa.parse<string[]>(input, { skipEmptyLines: 'greedy', delimiter: head.meta.delimiter, newline: '\n' });
  const fatal = result.errors.find((e) => e.type === 'Quotes');
  if (fatal)
    throw hrmProblem(
      422,
      'import_unreadable',
      `The file cannot be read as CSV: ${fatal.message} (row ${(fatal.row ?? 0) + 1}). Check for a quote mark that is not closed.`,
      'file',
    );
  const [, ...rows] = result.data;
  return { header: header.map((h) => h.trim()), rows };
}

/** Throws a problem naming the first cell of the header or of the columns read that is longer than a cell may be. */
function refuseOversizedCell(parsed: Parsed, columns: readonly number[]): void {
  const tooLong = (where: string, length: number) =>
    hrmProblem(
      422,
      'import_unreadable',
      `${where} has ${count(length)} characters; a cell can have at most ${count(IMPORT_CELL_LIMIT)}. Nothing was imported.`,
      'file',
    );
  for (const [i, name] of parsed.header.entries())
    if (name.length > IMPORT_CELL_LIMIT) throw tooLong(`Line 1, column ${i + 1}`, name.length);
  for (const [r, cells] of parsed.rows.entries()) {
    if (cells.length > IMPORT_COLUMN_LIMIT) {
      throw hrmProblem(
        422,
        'import_unreadable',
        `Line ${count(r + 2)} has ${count(cells.length)} cells; a row can have at most ${IMPORT_COLUMN_LIMIT}. Nothing was imported.`,
        'file',
      );
    }
    for (const c of columns) {
      const length = cells[c]?.length ?? 0;
      if (length > IMPORT_CELL_LIMIT) throw tooLong(`Line ${count(r + 2)}, column “${quoted(parsed.header[c]!)}”,`, length);
    }
  }
}

/** The one column whose name is one of `names`; two such columns throw a problem naming both. */
function columnOf(header: readonly string[], names: readonly string[], label: string): number {
  const found = header.flatMap((h, i) => (names.includes(headerKey(h)) ? [i] : []));
  if (found.length > 1) {
    const which = found.map((i) => `“${quoted(header[i]!)}” (column ${i + 1})`).join(', ');
    throw hrmProblem(422, 'import_unreadable', `The file has ${found.length} ${label} columns: ${which}. Keep one.`, 'file');
  }
  return found[0] ?? -1;
}

/**
 * Every row's outcome against the directory as it is now. Rejected rows leave the field unchanged (R9); rows
 * that cannot be told apart (a user twice, an email for two users) are all rejected rather than one chosen at random.
 */
export function previewRows(
  directory: Directory,
  rows: readonly string[][],
  columns: { user: number; byEmployeeNumber: boolean; email: number },
  allowedDomains: readonly string[],
): ImportRowStored[] {
  const employeeIndex = columns.byEmployeeNumber ? new Map([...directory.all()].map((u) => [u.employeeNumber, u])) : null;
  const find = (ref: string) => (employeeIndex ? employeeIndex.get(ref) : directory.byLogin(ref));
  const userCount = new Map<string, number>();
  const emailUsers = new Map<string, Set<string>>();
  const prepared = rows.map((cells, i) => {
    const ref = (cells[columns.user] ?? '').trim();
    const raw = (cells[columns.email] ?? '').trim();
    const user = ref ? find(ref) : undefined;
    const email = raw ? parseEmail(raw, 'connectEmail') : null;
    if (user) userCount.set(user.id, (userCount.get(user.id) ?? 0) + 1);
    if (user && email?.ok) emailUsers.set(email.value, (emailUsers.get(email.value) ?? new Set()).add(user.id));
    return { line: i + 2, ref, raw, user, email };
  });
  // Users whose Connect email this file changes to another valid address free their old one.
  const movingAway = new Set<string>();
  for (const p of prepared)
    if (p.user && p.email?.ok && p.user.connectEmail && p.user.connectEmail !== p.email.value) movingAway.add(p.user.id);

  return prepared.map(({ line, ref, raw, user, email }): ImportRowStored => {
    const before = user ? connectEmailOf(user) : null;
    const base = {
      line,
      userRef: ref,
      userId: user?.id ?? null,
      name: user?.name ?? null,
      before,
      after: email?.ok ? email.value : raw || null,
      expectedBefore: user?.connectEmail ?? null,
    };
    const reject = (reason: ImportRejection, message: string): ImportRowStored => ({ ...base, outcome: 'rejected', reason, message });
    if (!ref) return reject('missing_user', 'No user on this row: the user column is empty.');
    if (!user) return reject('unknown_user', `No user ${quoted(ref)} in the HRM.`);
    if ((userCount.get(user.id) ?? 0) > 1)
      return reject('user_twice_in_file', `${user.name} is on more than one row of the file: keep one.`);
    if (!email)
      return {
        ...base,
        after: null,
        outcome: 'unchanged',
        reason: null,
        message: 'No Connect email on this row: the field is left as it is.',
      };
    if (!email.ok) return reject('invalid_email', `${email.problem.message}: the field is not updated.`);
    const linked = linkedEmailOf(user);
    if (linked)
      return reject(
        'already_linked',
        `${user.name} is already linked to Connect with ${linked}: emails are only imported for users not yet linked.`,
      );
    if ((emailUsers.get(email.value)?.size ?? 0) > 1)
      return reject(
        'duplicate_in_file',
        `${email.value} is on more than one row for different users: each email address can belong to one user only.`,
      );
    const linkedHolder = directory.holderOfLinkedEmail(email.value);
    if (linkedHolder && linkedHolder.id !== user.id)
      return reject('email_in_use', `${email.value} is already linked to ${linkedHolder.name}.`);
    const enteredHolder = directory.holderOfConnectEmail(email.value);
    if (enteredHolder && enteredHolder.id !== user.id && !movingAway.has(enteredHolder.id))
      return reject('email_in_use', `${email.value} is already the Connect email of ${enteredHolder.name}.`);
    if (!isDomainAllowed(email.value, allowedDomains))
      return reject('domain_not_allowed', `${email.value} is not at an allowed domain (${listDomains(allowedDomains)}).`);
    if (before === email.value) return { ...base, outcome: 'unchanged', reason: null, message: 'Already the Connect email.' };
    return { ...base, outcome: 'update', reason: null, message: before ? `${before} → ${email.value}` : `Set to ${email.value}` };
  });
}

function counts(rows: readonly ImportRow[]) {
  const out = { update: 0, unchanged: 0, rejected: 0, total: rows.length };
  for (const row of rows) out[row.outcome]++;
  return out;
}

function toPreview(record: ImportRecord, outcome: string | null, offset: number, limit: number): ImportPreview {
  const rows = outcome ? record.rows.filter((r) => r.outcome === outcome) : record.rows;
  return {
    id: record.id,
    number: record.number,
    fileName: record.fileName,
    createdAt: record.createdAt,
    status: record.status,
    appliedAt: record.appliedAt,
    counts: counts(record.rows),
    columns: record.columns,
    ignoredColumns: record.ignoredColumns,
    rows: rows.slice(offset, offset + limit).map(({ expectedBefore: _hidden, ...row }) => row),
    total: rows.length,
    offset,
    limit,
  };
}

function pageParams(request: Request): { outcome: string | null; offset: number; limit: number } {
  const params = new URL(request.url).searchParams;
  const outcome = params.get('outcome');
  if (outcome && !['update', 'unchanged', 'rejected'].includes(outcome))
    throw problem(400, 'invalid_request', 'outcome: update, unchanged or rejected', 'outcome');
  return { outcome, offset: intParam(params, 'offset', 0, 0, 10_000_000), limit: intParam(params, 'limit', 100, 1, 1000) };
}

/**
 * POST /api/imports?fileName=… (body: the CSV text) → ImportPreview. Nothing changes yet: the preview is stored
 * and applied with POST /api/imports/:id/apply.
 */
export async function previewImport(env: HrmEnv, request: Request): Promise<Response> {
  const admin = await requireAdmin(env, request);
  const tooLarge = (size: number) =>
    hrmProblem(
      413,
      'import_too_large',
      `The file is ${(size / 1024 / 1024).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB; an import file can be at most ${IMPORT_BYTE_LIMIT / 1024 / 1024} MB.`,
      'file',
    );
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > IMPORT_BYTE_LIMIT) return tooLarge(length);
  const bytes = await request.arrayBuffer();
  if (bytes.byteLength > IMPORT_BYTE_LIMIT) return tooLarge(bytes.byteLength);
  const text = decodeCsv(bytes);
  const fileName = (new URL(request.url).searchParams.get('fileName') ?? 'import.csv').slice(0, 200);
  const parsed = await parseCsv(text);
  if (parsed.rows.length === 0) return hrmProblem(422, 'import_empty', 'The file has a header row but no users.', 'file');
  if (parsed.rows.length > IMPORT_ROW_LIMIT) {
    return hrmProblem(
      422,
      'invalid_request',
      `The file has ${count(parsed.rows.length)} rows; at most ${count(IMPORT_ROW_LIMIT)} can be imported at once.`,
      'file',
    );
  }

  let user = columnOf(parsed.header, USER_HEADERS, '“User ID”');
  const byEmployeeNumber = user === -1;
  if (byEmployeeNumber) user = columnOf(parsed.header, EMPLOYEE_NUMBER_HEADERS, '“Employee number”');
  const email = columnOf(parsed.header, CONNECT_EMAIL_HEADERS, '“Connect email”');
  if (user === -1)
    return hrmProblem(
      422,
      'import_unreadable',
      `The file has no “User ID” (or “Employee number”) column. Its columns: ${columnList(parsed.header)}.`,
      'file',
    );
  if (email === -1)
    return hrmProblem(
      422,
      'import_unreadable',
      `The file has no “Connect email” column. Its columns: ${columnList(parsed.header)}.`,
      'file',
    );
  refuseOversizedCell(parsed, [user, email]);

  const directory = await env.directory();
  const { allowedDomains } = await loadSecurity(env.db);
  const record: ImportRecord = {
    id: `imp_${env.ctx.random.hex(8)}`,
    number: 0,
    fileName,
    createdAt: now(env),
    createdBy: admin.id,
    status: 'preview',
    appliedAt: null,
    columns: { user: parsed.header[user]!, connectEmail: parsed.header[email]! },
    ignoredColumns: parsed.header.filter((_h, i) => i !== user && i !== email && parsed.header[i] !== ''),
    rows: previewRows(directory, parsed.rows, { user, byEmployeeNumber, email }, allowedDomains),
  };
  await env.db.transaction('rw', env.db.imports, async () => {
    record.number = ((await env.db.imports.orderBy('number').last())?.number ?? 0) + 1;
    await env.db.imports.add(record);
  });
  const { outcome, offset, limit } = pageParams(request);
  return json<ImportPreview>(toPreview(record, outcome, offset, limit), { status: 201 });
}

async function importOf(env: HrmEnv, params: Record<string, string | readonly string[] | undefined>): Promise<ImportRecord> {
  const id = String(params['id'] ?? '');
  const record = await env.db.imports.get(id);
  if (!record) throw hrmProblem(404, 'not_found', `There is no import ${id}`);
  return record;
}

/** GET /api/imports/:id?outcome&offset&limit → ImportPreview. */
export async function getImport(
  env: HrmEnv,
  request: Request,
  params: Record<string, string | readonly string[] | undefined>,
): Promise<Response> {
  await requireAdmin(env, request);
  const { outcome, offset, limit } = pageParams(request);
  return json<ImportPreview>(toPreview(await importOf(env, params), outcome, offset, limit));
}

export async function recentImports(env: HrmEnv): Promise<ImportPreview[]> {
  const records = await env.db.imports.orderBy('number').reverse().limit(10).toArray();
  return records.map((r) => toPreview(r, null, 0, 0));
}

/** GET /api/imports → the newest imports, without their rows. */
export async function listImports(env: HrmEnv, request: Request): Promise<Response> {
  await requireAdmin(env, request);
  return json<ImportPreview[]>(await recentImports(env));
}

class StaleImport extends Error {
  constructor(readonly rows: number[]) {
    super('stale');
  }
}

/**
 * POST /api/imports/:id/apply → ImportPreview (applied). Every "update" row is checked again against the directory
 * as it is now; if any would come out differently (someone linked, the email was taken, the field changed), nothing
 * is applied and the answer says which lines to look at. Otherwise all updates are stored in one write.
 */
export async function applyImport(
  env: HrmEnv,
  request: Request,
  params: Record<string, string | readonly string[] | undefined>,
): Promise<Response> {
  const admin = await requireAdmin(env, request);
  const record = await importOf(env, params);
  if (record.status === 'applied') return hrmProblem(409, 'import_applied', 'This import has already been applied.');
  const directory = await env.directory();
  const updates = record.rows.filter((r) => r.outcome === 'update');
  try {
    const moving = new Set(updates.map((r) => r.userId));
    await directory.mutate((draft) => {
      const stale: number[] = [];
      const taken = new Set<string>();
      for (const row of updates) {
        const user = draft.get(row.userId!);
        const email = row.after!;
        const linkedHolder = directory.holderOfLinkedEmail(email);
        // An email entered for another user is free if this very import gives that user another one.
        const enteredHolder = directory.holderOfConnectEmail(email);
        const clash =
          (linkedHolder && linkedHolder.id !== user?.id) ||
          (enteredHolder && enteredHolder.id !== user?.id && !moving.has(enteredHolder.id));
        if (!user || linkedEmailOf(user) || user.connectEmail !== row.expectedBefore || clash || taken.has(email)) {
          stale.push(row.line);
          continue;
        }
        taken.add(email);
        draft.put({ ...user, connectEmail: email });
      }
      if (stale.length > 0) throw new StaleImport(stale);
      const c = counts(record.rows);
      draft.putRow(env.db.imports, { ...record, status: 'applied', appliedAt: now(env) });
      draft.audit(
        auditEntry(
          env,
          'import_applied',
          `${admin.name} imported Connect emails from ${record.fileName}: ${c.update} updated, ${c.unchanged} unchanged, ${c.rejected} rejected`,
          {
            actor: admin.id,
          },
        ),
      );
    });
  } catch (error) {
    if (!(error instanceof StaleImport)) throw error;
    const lines = error.rows.slice(0, 10).join(', ') + (error.rows.length > 10 ? ', …' : '');
    return hrmProblem(
      409,
      'import_stale',
      `${error.rows.length} ${error.rows.length === 1 ? 'row has' : 'rows have'} changed since the preview (line ${lines}): nothing was imported. Preview the file again.`,
    );
  }
  const { outcome, offset, limit } = pageParams(request);
  return json<ImportPreview>(toPreview((await env.db.imports.get(record.id))!, outcome, offset, limit));
}
