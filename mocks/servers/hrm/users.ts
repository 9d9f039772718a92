// Owns the Users view's API (R8–R11, R16, R17), for administrators with the Users
// view: the filtered, sorted, paged list; one user's detail; entering a Connect email; "Send verification email"
// (a link, R16); "Remove connection"; and bulk verification emails and reminders as mail jobs.
import { z } from 'zod';
import { rolloutPhase } from '../../../machines/rollout';
import {
  USER_SORT_KEYS,
  USER_STATUS_FILTERS,
  type BulkJob,
  type HrmRole,
  type JobRecipientPage,
  type RecipientOutcome,
  type UserDetail,
  type UserFilter,
  type UserListPage,
  type UserListRow,
  type UserQuery,
  type UserSortKey,
  type UserStatusFilter,
} from '../../../src/contracts/hrm';
import { parseEmail } from '../../../src/domain/email';
import { intParam, json, problem, problemFrom, readJson, textParam } from '../../shared/http';
import type { StoredUser } from './db';
import { connectEmailOf, isTimeclockOnlyUser, linkedEmailOf, toEmployment, userState, type Directory } from './directory';
import { auditEntry, hrmProblem, type HrmEnv } from './env';
import { requireAdmin } from './signed-in';
import { userHistory } from './audit';
import { jobRecipients, recentJobs, toBulkJob } from './jobs';
import { checkEmailFor, linkByDomain, removeLink, settle } from './link';
import { linksWithoutCode } from './security';
import { accountStatusAtConnect } from './peers';
import { MESSAGES, suggestions } from './rules';
import { loadRollout, loadTenant } from './store';

export const PAGE_LIMIT_DEFAULT = 50;
export const PAGE_LIMIT_MAX = 500;
/** A bulk selection by ids carries at most this many. "All matching the filter" has no limit. */
export const SELECTION_LIMIT = 5_000;

const ROLES: readonly HrmRole[] = ['admin', 'hr', 'employee', 'timeclock'];

function badParameter(name: string, message: string): Response {
  return problem(400, 'invalid_request', `${name}: ${message}`, name);
}

/** The filter part of a query string (shared by the list, exports and "all matching" selections). */
export function parseUserFilter(params: URLSearchParams): UserFilter {
  const filter: UserFilter = {};
  const q = textParam(params, 'q');
  if (q) filter.q = q;
  const status = params.get('status');
  if (status) {
    if (!USER_STATUS_FILTERS.includes(status as UserStatusFilter)) throw badParameter('status', `one of ${USER_STATUS_FILTERS.join(', ')}`);
    filter.status = status as UserStatusFilter;
  }
  const department = textParam(params, 'department');
  if (department) filter.department = department;
  const role = params.get('role');
  if (role) {
    if (!ROLES.includes(role as HrmRole)) throw badParameter('role', `one of ${ROLES.join(', ')}`);
    filter.role = role as HrmRole;
  }
  return filter;
}

export function parseUserQuery(params: URLSearchParams): Required<Pick<UserQuery, 'sort' | 'dir' | 'offset' | 'limit'>> & UserFilter {
  const sort = params.get('sort') ?? 'name';
  if (!USER_SORT_KEYS.includes(sort as UserSortKey)) throw badParameter('sort', `one of ${USER_SORT_KEYS.join(', ')}`);
  const dir = params.get('dir') ?? 'asc';
  if (dir !== 'asc' && dir !== 'desc') throw badParameter('dir', 'asc or desc');
  return {
    ...parseUserFilter(params),
    sort: sort as UserSortKey,
    dir,
    offset: intParam(params, 'offset', 0, 0, 10_000_000),
    limit: intParam(params, 'limit', PAGE_LIMIT_DEFAULT, 1, PAGE_LIMIT_MAX),
  };
}

export function toListRow(user: StoredUser, passwordSet: ReadonlyMap<string, boolean> = new Map()): UserListRow {
  const state = userState(user);
  const link = user.link?.context;
  const sentAt = state === 'code_sent' ? (link?.codeSentAt ?? null) : state === 'link_sent' ? (link?.linkSentAt ?? null) : null;
  const accountId = state === 'linked' ? (link?.connectAccountId ?? null) : null;
  return {
    id: user.id,
    name: user.name,
    loginId: user.loginId,
    employeeNumber: user.employeeNumber,
    roles: [...user.roles],
    employments: user.employments.map((e) => ({ title: e.title, department: e.department, status: e.status })),
    connectEmail: connectEmailOf(user),
    state,
    timeclockOnly: isTimeclockOnlyUser(user),
    sentAt,
    passwordSet: accountId ? (passwordSet.get(accountId) ?? null) : null,
    lastLoginAt: user.lastLoginAt,
  };
}

/** Asks Connect once, for the linked users of a page, whether they have set a password. Connect down: unknown. */
async function passwordsAtConnect(env: HrmEnv, users: readonly StoredUser[]): Promise<Map<string, boolean>> {
  const ids = users.flatMap((u) =>
    userState(u) === 'linked' && u.link?.context.connectAccountId ? [u.link.context.connectAccountId] : [],
  );
  if (ids.length === 0) return new Map();
  const tenant = await loadTenant(env.db);
  const answer = await accountStatusAtConnect(env.ctx, tenant.hrmClientSecret, ids);
  if (!answer.ok) return new Map();
  return new Map(Object.entries(answer.value.accounts).map(([id, a]) => [id, a.hasPassword]));
}

/** The Users view's page for a query, as the list API and the page both serve it. */
export async function userListPage(env: HrmEnv, query: ReturnType<typeof parseUserQuery>): Promise<UserListPage> {
  const directory = await env.directory();
  const { sort, dir, offset, limit, ...filter } = query;
  const page = directory.query(filter, sort, dir, offset, limit);
  const passwords = await passwordsAtConnect(env, page.users);
  return {
    rows: page.users.map((u) => toListRow(u, passwords)),
    total: page.total,
    offset,
    limit,
    sort,
    dir,
    counts: page.counts,
    departments: directory.departments(),
  };
}

/** GET /api/users?q&status&department&role&sort&dir&offset&limit → UserListPage. */
export async function listUsers(env: HrmEnv, request: Request): Promise<Response> {
  await requireAdmin(env, request);
  return json<UserListPage>(await userListPage(env, parseUserQuery(new URL(request.url).searchParams)));
}

async function subject(env: HrmEnv, params: Record<string, string | readonly string[] | undefined>): Promise<StoredUser> {
  const id = String(params['id'] ?? '');
  const user = (await env.directory()).get(id);
  if (!user) throw hrmProblem(404, 'not_found', MESSAGES.userNotFound(id));
  return user;
}

/** Why the admin cannot send this user a verification email now, or null. */
async function cannotSend(env: HrmEnv, user: StoredUser): Promise<string | null> {
  if (isTimeclockOnlyUser(user)) return MESSAGES.timeclockOnlyUser(user.name);
  const linked = linkedEmailOf(user);
  if (linked) return MESSAGES.userAlreadyLinked(user.name, linked);
  if (rolloutPhase(await loadRollout(env.db)) === 'setup') return MESSAGES.adminLinkingClosed;
  return null;
}

export async function userDetail(env: HrmEnv, userId: string): Promise<UserDetail> {
  const { snapshot } = await settle(env, userId);
  const user = (await env.directory()).get(userId)!;
  const passwords = await passwordsAtConnect(env, [user]);
  const { context } = snapshot;
  const row = toListRow(user, passwords);
  const sent = row.state === 'code_sent' || row.state === 'link_sent';
  return {
    ...row,
    email: user.email,
    externalReference: user.externalReference ?? null,
    employments: user.employments.map(toEmployment),
    suggestions: suggestions(user),
    link: {
      state: row.state,
      method: context.method,
      email: row.state === 'not_started' ? null : context.email,
      sentAt: row.sentAt,
      expiresAt: sent ? (row.state === 'code_sent' ? context.expiresAt : context.linkExpiresAt) : null,
      connectAccountId: context.connectAccountId,
      linkedAt: context.linkedAt,
    },
    cannotSend: await cannotSend(env, user),
    canRemoveConnection: row.state !== 'not_started',
    history: await userHistory(env, userId, 20),
  };
}

/** GET /api/users/:id → UserDetail. */
export async function getUser(
  env: HrmEnv,
  request: Request,
  params: Record<string, string | readonly string[] | undefined>,
): Promise<Response> {
  await requireAdmin(env, request);
  const user = await subject(env, params);
  return json<UserDetail>(await userDetail(env, user.id));
}

const EmailBody = z.object({ email: z.string() });
const SendBody = z.object({ email: z.string().optional() });

/**
 * The checks of an email an admin enters for a user (R9, R17: the "Connect email"), shared by the Users view and
 * the CSV import: the address is valid, at an allowed domain, and neither linked to nor entered for someone else.
 * Answers the address as parsed; throws the refusal at `field`.
 */
export async function checkConnectEmail(
  env: HrmEnv,
  directory: Directory,
  user: StoredUser,
  input: string,
  field: string,
): Promise<string> {
  const parsed = parseEmail(input, field);
  if (!parsed.ok) throw problemFrom(422, parsed.problem);
  const email = parsed.value;
  const linked = linkedEmailOf(user);
  if (linked) throw hrmProblem(409, 'already_linked', MESSAGES.userAlreadyLinked(user.name, linked), field);
  await checkEmailFor(env, user.id, email, field, 'admin');
  const entered = directory.holderOfConnectEmail(email);
  if (entered && entered.id !== user.id) throw hrmProblem(409, 'email_in_use', MESSAGES.emailEnteredFor(email, entered.name), field);
  return email;
}

/** Stores `email` as the user's Connect email (unless it already is), with its audit line. */
async function enterConnectEmail(env: HrmEnv, admin: StoredUser, user: StoredUser, input: string): Promise<void> {
  const directory = await env.directory();
  if (isTimeclockOnlyUser(user)) throw hrmProblem(409, 'timeclock_only_user', MESSAGES.timeclockOnlyUser(user.name), 'email');
  const email = await checkConnectEmail(env, directory, user, input, 'email');
  await directory.mutate((draft) => {
    const current = draft.get(user.id)!;
    if (current.connectEmail === email) return;
    draft.put({ ...current, connectEmail: email });
    draft.audit(
      auditEntry(
        env,
        'connect_email_changed',
        `${admin.name} set the Connect email of ${user.name} to ${email}${current.connectEmail ? ` (was ${current.connectEmail})` : ''}`,
        {
          actor: admin.id,
          subject: user.id,
        },
      ),
    );
  });
}

/** PUT /api/users/:id/connect-email {email} → UserDetail. For users not yet linked (R9, R17). */
export async function putConnectEmail(
  env: HrmEnv,
  request: Request,
  params: Record<string, string | readonly string[] | undefined>,
): Promise<Response> {
  const admin = await requireAdmin(env, request);
  const user = await subject(env, params);
  const body = await readJson(request, EmailBody);
  await enterConnectEmail(env, admin, user, body.email);
  return json<UserDetail>(await userDetail(env, user.id));
}

/**
 * POST /api/users/:id/verification-email {email?} → UserDetail (link_sent). R16: the admin enters an email
 * and sends a verification message; the user receives a link. Several can be sent; the newest link wins.
 */
export async function sendVerificationEmail(
  env: HrmEnv,
  request: Request,
  params: Record<string, string | readonly string[] | undefined>,
): Promise<Response> {
  const admin = await requireAdmin(env, request);
  const user = await subject(env, params);
  const body = await readJson(request, SendBody);
  const blocked = await cannotSend(env, user);
  if (blocked) {
    const code = isTimeclockOnlyUser(user) ? 'timeclock_only_user' : linkedEmailOf(user) ? 'already_linked' : 'linking_closed';
    return hrmProblem(409, code, blocked, 'email');
  }
  if (body.email !== undefined && body.email.trim() !== '') {
    await enterConnectEmail(env, admin, user, body.email);
  }
  const current = (await env.directory()).get(user.id)!;
  // The address the admin entered wins over where an earlier code or link went (R17: change the email, send anew).
  const email = current.connectEmail ?? connectEmailOf(current) ?? suggestions(current)[0];
  if (!email) return hrmProblem(422, 'no_email', MESSAGES.noEmail(user.name), 'email');
  const checkedEmail = await checkConnectEmail(env, await env.directory(), current, email, 'email');
  // R13: a domain verified at Connect needs no verification (users without an inbox).
  if (await linksWithoutCode(env, checkedEmail)) {
    const linked = await linkByDomain(env, current, checkedEmail, admin, 'email');
    return linked.ok ? json<UserDetail>(await userDetail(env, user.id)) : linked;
  }

  const job = await env.jobs.start('verification_link', admin, [user.id], checkedEmail);
  const done = await env.jobs.wait(job.id);
  if (!done || done.status === 'failed' || done.sent !== 1) {
    const recipients = await jobRecipients(env, job.id);
    return hrmProblem(
      502,
      'mail_unavailable',
      `The verification email could not be sent${recipients[0]?.reason ? `: ${recipients[0].reason}` : ''}. Try again in a moment.`,
      'email',
    );
  }
  return json<UserDetail>(await userDetail(env, user.id));
}

/** DELETE /api/users/:id/connect → UserDetail. R10: "Remove the connection", in any phase. */
export async function removeConnection(
  env: HrmEnv,
  request: Request,
  params: Record<string, string | readonly string[] | undefined>,
): Promise<Response> {
  const admin = await requireAdmin(env, request);
  const user = await subject(env, params);
  const next = await removeLink(env, user.id, admin);
  if (!next) return hrmProblem(409, 'not_linked', MESSAGES.notLinkedUser(user.name));
  return json<UserDetail>(await userDetail(env, user.id));
}

const BulkBody = z.object({
  kind: z.enum(['verification_link', 'reminder']),
  selection: z.union([
    z.object({ userIds: z.array(z.string().min(1).max(100)).max(SELECTION_LIMIT) }),
    z.object({
      filter: z.object({
        q: z.string().max(200).optional(),
        status: z.enum(USER_STATUS_FILTERS as [UserStatusFilter, ...UserStatusFilter[]]).optional(),
        department: z.string().max(200).optional(),
        role: z.enum(ROLES as [HrmRole, ...HrmRole[]]).optional(),
      }),
    }),
  ]),
});

/**
 * POST /api/users/bulk-emails BulkEmailRequest → 202 BulkJob. R8: filter who has not verified and send them
 * reminders, or verification emails, or mail them all. Linked and Timeclock-only users are skipped and counted.
 */
export async function bulkEmails(env: HrmEnv, request: Request): Promise<Response> {
  const admin = await requireAdmin(env, request);
  const body = await readJson(request, BulkBody);
  const phase = rolloutPhase(await loadRollout(env.db));
  if (body.kind === 'reminder' && phase !== 'preparation')
    return hrmProblem(409, 'linking_closed', phase === 'setup' ? MESSAGES.remindersBeforePreparation : MESSAGES.remindersAfterActivation);
  if (body.kind === 'verification_link' && phase === 'setup') return hrmProblem(409, 'linking_closed', MESSAGES.adminLinkingClosed);
  const directory = await env.directory();
  let userIds: string[];
  if ('userIds' in body.selection) {
    const unknown = body.selection.userIds.find((id) => !directory.get(id));
    if (unknown) return hrmProblem(404, 'not_found', MESSAGES.userNotFound(unknown), 'selection');
    userIds = [...new Set(body.selection.userIds)];
  } else {
    userIds = directory.matching(body.selection.filter).map((u) => u.id);
  }
  if (userIds.length === 0) return hrmProblem(422, 'invalid_request', MESSAGES.nobodySelected, 'selection');
  const job = await env.jobs.start(body.kind, admin, userIds);
  return json<BulkJob>(await toBulkJob(env, job), { status: 202 });
}

/** GET /api/jobs?limit → the newest mail jobs, running ones first. */
export async function listJobs(env: HrmEnv, request: Request): Promise<Response> {
  await requireAdmin(env, request);
  return json<BulkJob[]>(await recentJobs(env, intParam(new URL(request.url).searchParams, 'limit', 10, 1, 100)));
}

async function jobOf(env: HrmEnv, params: Record<string, string | readonly string[] | undefined>) {
  const id = String(params['id'] ?? '');
  const job = await env.db.jobs.get(id);
  if (!job) throw hrmProblem(404, 'not_found', MESSAGES.jobNotFound(id));
  return job;
}

/** GET /api/jobs/:id → BulkJob (progress). */
export async function getJob(
  env: HrmEnv,
  request: Request,
  params: Record<string, string | readonly string[] | undefined>,
): Promise<Response> {
  await requireAdmin(env, request);
  return json<BulkJob>(await toBulkJob(env, await jobOf(env, params)));
}

/** POST /api/jobs/:id/cancel → BulkJob (cancelling; cancelled once the current step is stored). */
export async function cancelJob(
  env: HrmEnv,
  request: Request,
  params: Record<string, string | readonly string[] | undefined>,
): Promise<Response> {
  await requireAdmin(env, request);
  const job = await jobOf(env, params);
  if (job.status !== 'running' && job.status !== 'cancelling') return hrmProblem(409, 'job_finished', MESSAGES.jobFinished);
  const cancelled = await env.jobs.cancel(job.id);
  return json<BulkJob>(await toBulkJob(env, cancelled ?? job));
}

/** GET /api/jobs/:id/recipients?outcome&offset&limit → JobRecipientPage: exactly who was sent what, and who was skipped. */
export async function getJobRecipients(
  env: HrmEnv,
  request: Request,
  params: Record<string, string | readonly string[] | undefined>,
): Promise<Response> {
  await requireAdmin(env, request);
  const job = await jobOf(env, params);
  const search = new URL(request.url).searchParams;
  const outcome = search.get('outcome');
  if (outcome && !['sent', 'linked', 'skipped', 'failed'].includes(outcome))
    throw badParameter('outcome', 'sent, linked, skipped or failed');
  const offset = intParam(search, 'offset', 0, 0, 10_000_000);
  const limit = intParam(search, 'limit', PAGE_LIMIT_DEFAULT, 1, PAGE_LIMIT_MAX);
  const all = await jobRecipients(env, job.id, (outcome as RecipientOutcome | null) ?? undefined);
  return json<JobRecipientPage>({
    job: await toBulkJob(env, job),
    rows: all.slice(offset, offset + limit),
    total: all.length,
    offset,
    limit,
  });
}
