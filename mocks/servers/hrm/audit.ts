// Owns the HRM's audit log as an administrator reads it (issue: who sent what to whom and when, imports, unlinks,
// settings changes): the stored entries, and the recipients of bulk mail jobs as entries of their own when the
// question is about one user or one kind of mail.
import type { AuditEntry, AuditEntryType, AuditPage, BulkEmailKind } from '../../../src/contracts/hrm';
import { FIRST_WORLD_TIME, LAST_WORLD_TIME } from '../../../src/domain/world-dates';
import { intParam, json, problem, textParam, worldTimeParam } from '../../shared/http';
import { membersOf } from '../../shared/row-schema';
import type { AuditRow, JobRow } from './db';
import type { Directory } from './directory';
import { type HrmEnv } from './env';
import { requireAdmin } from './signed-in';

const RECIPIENT_TYPES: Record<BulkEmailKind, AuditEntryType> = {
  verification_link: 'verification_link_sent',
  reminder: 'reminder_sent',
  announcement: 'announcement_sent',
};
const KIND_OF_TYPE = Object.fromEntries(Object.entries(RECIPIENT_TYPES).map(([kind, type]) => [type, kind])) as Record<
  string,
  BulkEmailKind
>;

/** Every entry type, exhaustively: a type added to the contract and not here does not compile. */
const ENTRY_TYPES: readonly AuditEntryType[] = membersOf<AuditEntryType>()([
  'login',
  'login_failed',
  'logout',
  'code_sent',
  'code_incorrect',
  'linked',
  'link_failed',
  'unlinked',
  'unlink_notification_failed',
  'connect_email_changed',
  'verification_link_sent',
  'reminder_sent',
  'announcement_sent',
  'bulk_email',
  'import_applied',
  'security_changed',
  'schedule_changed',
  'preparation_started',
  'activated',
  'temporary_measures_changed',
  'temporary_measure_ended',
  'migration_complete',
  'payroll_run',
]).options;

function person(directory: Directory, id: string | null): AuditEntry['actor'] {
  if (!id) return null;
  const user = directory.get(id);
  return { id, name: user?.name ?? id };
}

function fromRow(directory: Directory, row: AuditRow): AuditEntry {
  return {
    id: `a${row.id}`,
    at: row.at,
    type: row.type,
    actor: person(directory, row.actorUserId),
    subject: person(directory, row.subjectUserId),
    detail: row.detail,
    jobId: row.jobId ?? null,
  };
}

const MAIL_NAMES: Record<BulkEmailKind, string> = {
  verification_link: 'Verification email',
  reminder: 'Reminder',
  announcement: 'Announcement',
};

/**
 * The recipients of bulk jobs as entries, for one user or of one type. A job of one recipient already names them in
 * its own entry, so only jobs of several are expanded.
 */
async function recipientEntries(
  env: HrmEnv,
  directory: Directory,
  filter: { userId?: string; kinds: BulkEmailKind[] },
): Promise<AuditEntry[]> {
  const jobs = (await env.db.jobs.toArray()).filter((j) => j.total > 1 && filter.kinds.includes(j.kind));
  const byId = new Map<string, JobRow>(jobs.map((j) => [j.id, j]));
  if (byId.size === 0) return [];
  const out: AuditEntry[] = [];
  const chunks = await env.db.jobResults
    .where('jobId')
    .anyOf([...byId.keys()])
    .toArray();
  for (const chunk of chunks) {
    const job = byId.get(chunk.jobId)!;
    for (const item of chunk.items) {
      if (filter.userId && item.userId !== filter.userId) continue;
      const name = directory.get(item.userId)?.name ?? item.userId;
      const detail =
        item.outcome === 'sent'
          ? `${MAIL_NAMES[job.kind]} sent to ${name} (${item.email})`
          : `${MAIL_NAMES[job.kind]} not sent to ${name}: ${item.reason ?? item.outcome}`;
      out.push({
        id: `${job.id}:${item.userId}`,
        at: item.at,
        type: RECIPIENT_TYPES[job.kind],
        actor: person(directory, job.createdBy),
        subject: person(directory, item.userId),
        detail,
        jobId: job.id,
      });
    }
  }
  return out;
}

const newestFirst = (a: AuditEntry, b: AuditEntry) => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** Entries about one user (as subject or actor) and the bulk mails they received, newest first. */
export async function userHistory(env: HrmEnv, userId: string, limit: number): Promise<AuditEntry[]> {
  const directory = await env.directory();
  const [asSubject, asActor] = await Promise.all([
    env.db.audit.where('subjectUserId').equals(userId).toArray(),
    env.db.audit.where('actorUserId').equals(userId).toArray(),
  ]);
  const rows = new Map<number, AuditRow>();
  for (const row of [...asSubject, ...asActor]) rows.set(row.id!, row);
  const entries = [...rows.values()].map((r) => fromRow(directory, r));
  entries.push(...(await recipientEntries(env, directory, { userId, kinds: ['verification_link', 'reminder', 'announcement'] })));
  return entries.sort(newestFirst).slice(0, limit);
}

/** GET /api/audit?type&userId&q&from&to&offset&limit → AuditPage, newest first. */
export async function listAudit(env: HrmEnv, request: Request): Promise<Response> {
  await requireAdmin(env, request);
  return json<AuditPage>(await auditPage(env, new URL(request.url).searchParams));
}

export async function auditPage(env: HrmEnv, params: URLSearchParams): Promise<AuditPage> {
  const type = params.get('type') as AuditEntryType | null;
  if (type && !ENTRY_TYPES.includes(type)) throw problem(400, 'invalid_request', `type: one of ${ENTRY_TYPES.join(', ')}`, 'type');
  const userId = params.get('userId') || undefined;
  const q = textParam(params, 'q')?.toLowerCase() ?? '';
  const from = worldTimeParam(params, 'from', FIRST_WORLD_TIME);
  const to = worldTimeParam(params, 'to', LAST_WORLD_TIME);
  const offset = intParam(params, 'offset', 0, 0, 10_000_000);
  const limit = intParam(params, 'limit', 50, 1, 500);
  const directory = await env.directory();

  let entries: AuditEntry[];
  if (userId) entries = await userHistory(env, userId, Number.MAX_SAFE_INTEGER);
  else {
    const rows = await env.db.audit.where('at').between(from, to, true, true).toArray();
    entries = rows.map((r) => fromRow(directory, r));
    // Asked for one kind of mail: each recipient of the bulk jobs of that kind is an entry.
    const kind = type ? KIND_OF_TYPE[type] : undefined;
    if (kind) entries.push(...(await recipientEntries(env, directory, { kinds: [kind] })));
  }
  entries = entries.filter(
    (e) =>
      (!type || e.type === type) &&
      e.at >= from &&
      e.at <= to &&
      (!q || `${e.detail} ${e.actor?.name ?? ''} ${e.subject?.name ?? ''}`.toLowerCase().includes(q)),
  );
  entries.sort(newestFirst);
  return { entries: entries.slice(offset, offset + limit), total: entries.length, offset, limit };
}
