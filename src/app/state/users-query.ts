// Owns the Users view's plain rules: its words for link states and filters, sorting and paging arithmetic, what a
// selection of users means for a bulk action, and how a mail job's figures read. No runes here: tested in Node.
import {
  USER_SORT_KEYS,
  USER_STATUS_FILTERS,
  type BulkEmailRequest,
  type BulkJob,
  type HrmRole,
  type JobStatus,
  type SortDirection,
  type UserFilter,
  type UserLinkState,
  type UserQuery,
  type UserSortKey,
  type UserStatusFilter,
} from '../../contracts/hrm';

const USERS_PAGE_SIZE = 50;
/** The server takes at most this many chosen users in one bulk action; "all matching the filter" has no limit. */
export const SELECTION_LIMIT = 5_000;

/** The filter chips, in the order the Users view shows them. */
export const STATUS_FILTER_LABELS: Readonly<Record<UserStatusFilter, string>> = {
  all: 'All',
  not_linked: 'Not linked',
  not_started: 'Not started',
  code_sent: 'Code sent',
  link_sent: 'Link sent',
  linked: 'Linked',
  timeclock_only: 'Timeclock-only',
};

export const LINK_STATE_LABELS: Readonly<Record<UserLinkState, string>> = {
  not_started: 'Not started',
  code_sent: 'Code sent',
  link_sent: 'Link sent',
  linked: 'Linked',
};

/** A user's status as the table shows it: Timeclock-only users need no link (R11), whatever their state. */
export function statusLabel(user: { state: UserLinkState; timeclockOnly: boolean }): string {
  return user.timeclockOnly ? STATUS_FILTER_LABELS.timeclock_only : LINK_STATE_LABELS[user.state];
}

export const ROLE_LABELS: Readonly<Record<HrmRole, string>> = {
  admin: 'Administrator',
  hr: 'HR staff',
  employee: 'Employee',
  timeclock: 'Timeclock',
};

/** Whether the linked Connect account has a password: yes, no, or unknown / not linked. */
export function passwordLabel(passwordSet: boolean | null): string {
  return passwordSet === null ? '—' : passwordSet ? 'Yes' : 'No';
}

export const JOB_KIND_LABELS: Readonly<Record<BulkJob['kind'], string>> = {
  verification_link: 'Verification emails',
  reminder: 'Reminders',
  announcement: 'Announcement',
};

export const JOB_STATUS_LABELS: Readonly<Record<JobStatus, string>> = {
  running: 'Sending',
  cancelling: 'Cancelling',
  cancelled: 'Cancelled',
  done: 'Done',
  failed: 'Failed',
};

/** "17,000": the same grouping on every machine, as the server's own messages write numbers. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-GB');
}

/** "1 user", "1,234 users". */
export function countOf(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** The query the Users view starts with when the page's address names none. */
const DEFAULT_QUERY: Readonly<Required<Pick<UserQuery, 'sort' | 'dir' | 'offset' | 'limit'>>> = {
  sort: 'name',
  dir: 'asc',
  offset: 0,
  limit: USERS_PAGE_SIZE,
};

/** Which users a query is about, without its order and page: what "all matching the filter" sends. */
export function filterOf(query: UserQuery): UserFilter {
  const filter: UserFilter = {};
  const q = query.q?.trim();
  if (q) filter.q = q;
  if (query.status && query.status !== 'all') filter.status = query.status;
  if (query.department) filter.department = query.department;
  if (query.role) filter.role = query.role;
  return filter;
}

/** Whether two queries are about the same users (a selection survives paging and sorting, not a new filter). */
export function sameFilter(a: UserQuery, b: UserQuery): boolean {
  const x = filterOf(a);
  const y = filterOf(b);
  return x.q === y.q && x.status === y.status && x.department === y.department && x.role === y.role;
}

/** A click on a column header: the same column turns its direction, another column starts ascending. */
export function nextSort(current: { sort: UserSortKey; dir: SortDirection }, key: UserSortKey): { sort: UserSortKey; dir: SortDirection } {
  if (current.sort === key) return { sort: key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { sort: key, dir: 'asc' };
}

export function ariaSort(current: { sort: UserSortKey; dir: SortDirection }, key: UserSortKey): 'ascending' | 'descending' | 'none' {
  if (current.sort !== key) return 'none';
  return current.dir === 'asc' ? 'ascending' : 'descending';
}

/** "1–50 of 17,000", "51–73 of 73", or `empty` ("No users"). `shown` is the rows on this page. */
export function rangeLabel(page: { offset: number; total: number; shown: number }, empty = 'No users'): string {
  if (page.total === 0) return empty;
  if (page.shown === 0) return `0 of ${formatCount(page.total)}`;
  return `${formatCount(page.offset + 1)}–${formatCount(page.offset + page.shown)} of ${formatCount(page.total)}`;
}

export interface PageOffsets {
  first: number | null;
  prev: number | null;
  next: number | null;
  last: number | null;
}

/** Where first/previous/next/last lead, or null where the button has nowhere to go. */
export function pageOffsets(page: { offset: number; limit: number; total: number }): PageOffsets {
  const { offset, limit, total } = page;
  const lastOffset = total === 0 ? 0 : Math.floor((total - 1) / limit) * limit;
  const atStart = offset <= 0;
  const atEnd = offset >= lastOffset;
  return {
    first: atStart ? null : 0,
    prev: atStart ? null : Math.max(0, offset - limit),
    next: atEnd ? null : offset + limit,
    last: atEnd ? null : lastOffset,
  };
}

/** Chosen users (across pages of one filter), or every user matching the filter when the job starts. */
export type UserSelection = { mode: 'ids'; ids: ReadonlySet<string> } | { mode: 'matching' };

export const NO_SELECTION: UserSelection = { mode: 'ids', ids: new Set() };

export function toggleUser(selection: UserSelection, id: string, pageIds: readonly string[]): UserSelection {
  // Unticking one user of "all matching" keeps the rest of the page chosen: the remainder is a list again.
  const ids = new Set(selection.mode === 'ids' ? selection.ids : pageIds);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { mode: 'ids', ids };
}

/** "Select this page": all of the page chosen, or (when it already is) none of it. */
export function togglePage(selection: UserSelection, pageIds: readonly string[]): UserSelection {
  if (pageState(selection, pageIds) === 'all') {
    if (selection.mode === 'matching') return NO_SELECTION;
    const ids = new Set(selection.ids);
    for (const id of pageIds) ids.delete(id);
    return { mode: 'ids', ids };
  }
  const ids = new Set(selection.mode === 'ids' ? selection.ids : []);
  for (const id of pageIds) ids.add(id);
  return { mode: 'ids', ids };
}

export function isSelected(selection: UserSelection, id: string): boolean {
  return selection.mode === 'matching' || selection.ids.has(id);
}

/** How much of the page is chosen: the header checkbox is ticked, mixed or empty. */
export function pageState(selection: UserSelection, pageIds: readonly string[]): 'all' | 'some' | 'none' {
  if (pageIds.length === 0) return 'none';
  if (selection.mode === 'matching') return 'all';
  const chosen = pageIds.filter((id) => selection.ids.has(id)).length;
  return chosen === 0 ? 'none' : chosen === pageIds.length ? 'all' : 'some';
}

/** How many users a bulk action would go to. */
export function selectionCount(selection: UserSelection, total: number): number {
  return selection.mode === 'matching' ? total : selection.ids.size;
}

/**
 * Whom the bulk buttons mail: the ticked users, or — with nobody ticked — every user matching the filter, so "Select
 * all N matching" is never a required first step (the confirmation names the count before anything is sent).
 */
export function bulkTarget(selection: UserSelection, total: number): { count: number; everyone: boolean } {
  if (selection.mode === 'matching') return { count: total, everyone: true };
  if (selection.ids.size === 0) return { count: total, everyone: true };
  return { count: selection.ids.size, everyone: false };
}

/** The selection as the bulk-emails API takes it; nobody ticked means everyone matching the filter (bulkTarget). */
export function selectionRequest(selection: UserSelection, query: UserQuery): BulkEmailRequest['selection'] {
  if (selection.mode === 'matching' || selection.ids.size === 0) return { filter: filterOf(query) };
  return { userIds: [...selection.ids] };
}

/** Why the bulk buttons cannot be used now, in words shown beside them, or null when they can. */
export function bulkDisabledReason(input: { selection: UserSelection; total: number; busy: boolean }): string | null {
  if (input.busy) return 'Starting the mail job…';
  const tooMany = selectionProblem(input.selection);
  if (tooMany) return tooMany;
  if (input.total === 0) return 'No users match this filter: change the search or the status filter to choose whom to mail.';
  return null;
}

/** A column of the Users table the admin may show or hide; Name always shows (it opens the user). */
export type UserColumnId = 'status' | 'connectEmail' | 'loginId' | 'employeeNumber' | 'employment' | 'roles' | 'passwordSet' | 'lastLogin';

export interface UserColumn {
  id: UserColumnId;
  label: string;
  /** The server's sort for this column, or null when it does not sort. */
  sort: UserSortKey | null;
  /** Shown until the admin chooses otherwise. */
  shown: boolean;
}

/**
 * The Users table's columns in order: who, where they stand, the address they link with first, as identity consoles
 * list users; employments and roles are in the user's detail and hidden here unless chosen.
 */
export const USER_COLUMNS: readonly UserColumn[] = [
  { id: 'status', label: 'Status', sort: 'status', shown: true },
  { id: 'connectEmail', label: 'Connect email', sort: 'connectEmail', shown: true },
  { id: 'loginId', label: 'User ID', sort: 'loginId', shown: true },
  { id: 'employeeNumber', label: 'Employee number', sort: 'employeeNumber', shown: false },
  { id: 'employment', label: 'Employment', sort: 'department', shown: false },
  { id: 'roles', label: 'Roles', sort: null, shown: false },
  { id: 'passwordSet', label: 'Password set', sort: null, shown: false },
  { id: 'lastLogin', label: 'Last login', sort: 'lastLogin', shown: true },
];

/** The columns shown by default. */
export function defaultColumns(): UserColumnId[] {
  return USER_COLUMNS.filter((c) => c.shown).map((c) => c.id);
}

/** The shown columns as remembered ("status,connectEmail"); unknown ids are dropped, nothing readable gives the default. */
export function parseColumns(stored: string | null): UserColumnId[] {
  if (stored === null) return defaultColumns();
  const known = new Set<string>(USER_COLUMNS.map((c) => c.id));
  const ids = stored.split(',').filter((id): id is UserColumnId => known.has(id));
  return stored === '' || ids.length > 0 ? USER_COLUMNS.map((c) => c.id).filter((id) => ids.includes(id)) : defaultColumns();
}

/** What an admin can do for one user from the row's menu. */
export type UserRowAction = 'details' | 'verification_link' | 'reminder';

/**
 * The row menu's actions for a user: the detail always; mail only to whom it can reach — not to a linked user (nothing
 * to verify), nor to a Timeclock-only one (needs no account, R11). A reminder is for whoever has not verified yet (R8).
 */
export function rowActions(user: { state: UserLinkState; timeclockOnly: boolean }): UserRowAction[] {
  if (user.timeclockOnly || user.state === 'linked') return ['details'];
  return ['details', 'verification_link', 'reminder'];
}

export const ROW_ACTION_LABELS: Readonly<Record<UserRowAction, string>> = {
  details: 'View details',
  verification_link: 'Send verification email',
  reminder: 'Send reminder',
};

/** Why a selection cannot go to the server as it is, or null. */
export function selectionProblem(selection: UserSelection): string | null {
  if (selection.mode === 'ids' && selection.ids.size > SELECTION_LIMIT)
    return `Choose at most ${formatCount(SELECTION_LIMIT)} users one by one, or select all matching the filter.`;
  return null;
}

/** "Send verification emails to 1,234 users?" */
export function bulkQuestion(kind: BulkEmailRequest['kind'], count: number): string {
  const what =
    kind === 'verification_link'
      ? count === 1
        ? 'a verification email'
        : 'verification emails'
      : count === 1
        ? 'a reminder'
        : 'reminders';
  return `Send ${what} to ${countOf(count, 'user', 'users')}?`;
}

export function isJobActive(job: Pick<BulkJob, 'status'>): boolean {
  return job.status === 'running' || job.status === 'cancelling';
}

/** The share of a job's recipients handled, 0–100. */
export function jobPercent(job: Pick<BulkJob, 'processed' | 'total'>): number {
  return job.total === 0 ? 100 : Math.min(100, Math.round((job.processed / job.total) * 100));
}

/** Skipped recipients by reason, the most frequent first (ties by reason, so the list never shuffles). */
export function skippedByReason(reasons: Readonly<Record<string, number>>): Array<{ reason: string; count: number }> {
  return Object.entries(reasons)
    .filter(([, count]) => count > 0)
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
}

/** The query a Users page address names ("/users?status=not_linked&q=sara"); what it does not name is the default. */
export function queryFromSearch(search: string): UserQuery {
  const params = new URLSearchParams(search);
  const query: UserQuery = { ...DEFAULT_QUERY };
  const q = params.get('q')?.trim();
  if (q) query.q = q;
  const status = params.get('status');
  if (status && USER_STATUS_FILTERS.includes(status as UserStatusFilter)) query.status = status as UserStatusFilter;
  const department = params.get('department');
  if (department) query.department = department;
  const sort = params.get('sort');
  if (sort && USER_SORT_KEYS.includes(sort as UserSortKey)) query.sort = sort as UserSortKey;
  const dir = params.get('dir');
  if (dir === 'asc' || dir === 'desc') query.dir = dir;
  return query;
}
