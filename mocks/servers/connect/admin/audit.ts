// Owns the admin portal's audit log API (R26: "who logged in and when, as well as whether emails — such
// as password reset emails — have been sent"): entries filtered by user, category and time, newest first, paged.
import { normalizeEmail, parseEmail } from '../../../../src/domain/email';
import type { AdminAuditPage, AdminAuditQuery, ConnectAuditEntry } from '../../../../src/contracts/connect';
import { AUDIT_CATEGORIES } from '../../../../src/contracts/connect';
import { intParam, json, problem, textParam, worldTimeParam } from '../../../shared/http';
import type { AuditRow } from '../db';
import type { ConnectEnv } from '../env';
import { requireConnectAdmin } from './access';
import { categoryTypes, isAuditCategory } from './rules';

const AUDIT_PAGE_SIZE = 50;
const NO_BOUND = Number.MAX_SAFE_INTEGER;

/** The query of GET /api/admin/audit and of the Audit log page: user, category, from, to (world ms), offset, limit. */
export function auditQuery(params: URLSearchParams): AdminAuditQuery {
  const user = normalizeEmail(textParam(params, 'user', 254) ?? '');
  const category = params.get('category') || null;
  if (category !== null && !isAuditCategory(category)) {
    throw problem(400, 'invalid_request', `category: one of ${Object.keys(AUDIT_CATEGORIES).join(', ')}`, 'category');
  }
  const from = worldTimeParam(params, 'from', null);
  const to = worldTimeParam(params, 'to', null);
  return {
    user,
    category,
    from,
    to,
    offset: intParam(params, 'offset', 0, 0, 10_000_000),
    limit: intParam(params, 'limit', AUDIT_PAGE_SIZE, 1, 200),
  };
}

/**
 * A page of the audit log, newest first. Entry ids grow with world time (the clock never goes back), so newest first
 * is the ids in reverse. Each filter goes through an index and yields ids (getAllKeys, no cursor walk): a whole
 * email through [email+at], a beginning of one through the email index, a category through [type+at] once per type,
 * a time range alone through `at`; only the page's rows are read (docs/decisions/admin-lists-read-keys-then-rows.md).
 */
export async function auditPage(env: ConnectEnv, query: AdminAuditQuery): Promise<AdminAuditPage> {
  const from = query.from ?? 0;
  const to = query.to ?? NO_BOUND;
  const types = query.category ? categoryTypes(query.category) : null;
  let ids: number[];

  if (query.user) {
    const mine = parseEmail(query.user).ok
      ? await env.db.audit.where('[email+at]').between([query.user, from], [query.user, to], true, true).toArray()
      : (await env.db.audit.where('email').startsWith(query.user).toArray()).filter((r) => r.at >= from && r.at <= to);
    ids = (types ? mine.filter((r) => types.includes(r.type)) : mine).map((r) => r.id!);
  } else if (types) {
    ids = storedIds(
      (
        await Promise.all(types.map((type) => env.db.audit.where('[type+at]').between([type, from], [type, to], true, true).primaryKeys()))
      ).flat(),
    );
  } else {
    ids = storedIds(await env.db.audit.where('at').between(from, to, true, true).primaryKeys());
  }
  ids.sort((a, b) => b - a);
  const rows = (await env.db.audit.bulkGet(ids.slice(query.offset, query.offset + query.limit))).filter(
    (r): r is AuditRow => r !== undefined,
  );
  return { ...query, entries: await withActors(env, rows), total: ids.length };
}

/** Keys read back from the table: a stored row always has its auto-incremented id. */
function storedIds(keys: Array<number | undefined>): number[] {
  return keys as number[];
}

async function withActors(env: ConnectEnv, rows: AuditRow[]): Promise<ConnectAuditEntry[]> {
  const actorIds = [...new Set(rows.flatMap((r) => (r.actorId ? [r.actorId] : [])))];
  const actors = new Map((await env.db.accounts.bulkGet(actorIds)).flatMap((a) => (a ? [[a.id, a.name] as const] : [])));
  return rows.map((r) => ({
    id: r.id!,
    at: r.at,
    type: r.type,
    email: r.email,
    accountId: r.accountId,
    actor: r.actorId ? { id: r.actorId, name: actors.get(r.actorId) ?? r.actorId } : null,
    detail: r.detail,
  }));
}

/** GET /api/admin/audit?user&category&from&to&offset&limit → AdminAuditPage */
export async function listAudit(env: ConnectEnv, request: Request): Promise<Response> {
  await requireConnectAdmin(env, request);
  return json<AdminAuditPage>(await auditPage(env, auditQuery(new URL(request.url).searchParams)));
}
