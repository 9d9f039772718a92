// Owns the HRM's user directory: every user with their employments and link journey, held in memory and stored in
// chunks (db.ts). Reads (the Users view, readiness, payroll) never scan IndexedDB; writes are serialized, go to
// IndexedDB in one transaction with whatever belongs to them (audit, job progress), and only then change memory.
import type { Table } from 'dexie';
import type {
  HrmEmployment,
  HrmRole,
  SortDirection,
  UserFilter,
  UserLinkState,
  UserSortKey,
  UserStatusCounts,
  UserStatusFilter,
} from '../../../src/contracts/hrm';
import type { AuditRow, HrmDb, PeopleChunk, StoredEmployment, StoredUser } from './db';
import { PEOPLE_CHUNK_SIZE } from './db';

/** Where a user stands, as the Users view names it. An accepted code or link still finishing shows as sent. */
export function userState(user: StoredUser): UserLinkState {
  switch (user.link?.status) {
    case 'linked':
      return 'linked';
    case 'code_sent':
      return 'code_sent';
    case 'link_sent':
      return 'link_sent';
    case 'linking':
      return user.link.context.method === 'link' ? 'link_sent' : 'code_sent';
    default:
      return 'not_started';
  }
}

/** Rule 11: Timeclock-only users are counted apart; they need no email and no action. */
export function isTimeclockOnlyUser(user: StoredUser): boolean {
  return user.timeclockOnly === 1 || (user.roles.length > 0 && user.roles.every((r) => r === 'timeclock'));
}

/** The status filter category of a user: their link state, or Timeclock-only. */
export function filterCategory(user: StoredUser): Exclude<UserStatusFilter, 'all' | 'not_linked'> {
  return isTimeclockOnlyUser(user) ? 'timeclock_only' : userState(user);
}

export function matchesStatus(user: StoredUser, status: UserStatusFilter | undefined): boolean {
  if (status === undefined || status === 'all') return true;
  const category = filterCategory(user);
  if (status === 'not_linked') return category !== 'linked' && category !== 'timeclock_only';
  return category === status;
}

/** The linked email, while linked (rule 7: one user per email). */
export function linkedEmailOf(user: StoredUser): string | null {
  return user.link?.status === 'linked' ? user.link.context.email : null;
}

/** The email in play: linked, or where the pending code or link went, or the one an admin entered or imported. */
export function connectEmailOf(user: StoredUser): string | null {
  const status = user.link?.status;
  if (status && status !== 'unlinked' && user.link!.context.email) return user.link!.context.email;
  return user.connectEmail;
}

/** An employment as pages show it (My Profile, the Users view's detail). */
export function toEmployment(e: StoredEmployment): HrmEmployment {
  return { id: e.id, title: e.title, department: e.department, email: e.email, mailingsActivated: e.mailingsActivated === 1, status: e.status };
}

export function primaryDepartment(user: StoredUser): string {
  return user.employments[0]?.department ?? '';
}

const STATE_RANK: Record<UserLinkState | 'timeclock_only', number> = { not_started: 0, code_sent: 1, link_sent: 2, linked: 3, timeclock_only: 4 };

/**
 * A fixed collation (Swedish, numeric-aware), not the viewer's locale: the same workspace sorts the same on every
 * machine, which scenario replays rely on.
 */
const collator = new Intl.Collator('sv', { numeric: true, sensitivity: 'base' });

type Comparator = (a: StoredUser, b: StoredUser) => number;

const byName: Comparator = (a, b) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const nullsLast = (a: string | number | null, b: string | number | null, compare: (x: never, y: never) => number): number =>
  a === null ? (b === null ? 0 : 1) : b === null ? -1 : compare(a as never, b as never);

const COMPARATORS: Record<UserSortKey, Comparator> = {
  name: byName,
  loginId: (a, b) => collator.compare(a.loginId, b.loginId) || byName(a, b),
  employeeNumber: (a, b) => collator.compare(a.employeeNumber, b.employeeNumber) || byName(a, b),
  department: (a, b) => collator.compare(primaryDepartment(a), primaryDepartment(b)) || byName(a, b),
  status: (a, b) => STATE_RANK[filterCategory(a)] - STATE_RANK[filterCategory(b)] || byName(a, b),
  connectEmail: (a, b) => nullsLast(connectEmailOf(a), connectEmailOf(b), (x: string, y: string) => collator.compare(x, y)) || byName(a, b),
  lastLogin: (a, b) => nullsLast(a.lastLoginAt, b.lastLoginAt, (x: number, y: number) => x - y) || byName(a, b),
};

/** Past this many changed users, a sort order is rebuilt on its next use rather than patched user by user. */
const PATCH_LIMIT = 256;

function binarySearch(order: readonly string[], users: ReadonlyMap<string, StoredUser>, target: StoredUser, compare: Comparator): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(users.get(order[mid]!)!, target) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function emptyCounts(): UserStatusCounts {
  return { all: 0, not_linked: 0, not_started: 0, code_sent: 0, link_sent: 0, linked: 0, timeclock_only: 0 };
}

export interface DirectoryPage {
  users: StoredUser[];
  total: number;
  counts: UserStatusCounts;
}

/** What a write hands to the directory: changed users and other rows written in the same transaction. */
export class DirectoryDraft {
  readonly changed = new Map<string, StoredUser>();
  readonly writes: Array<{ table: Table; rows: unknown[]; op: 'put' | 'add' }> = [];

  constructor(private readonly directory: Directory, private readonly db: HrmDb) {}

  /** The user as this draft sees them: its own change, or what is stored. */
  get(userId: string): StoredUser | undefined {
    return this.changed.get(userId) ?? this.directory.get(userId);
  }

  put(user: StoredUser): void {
    if (!this.directory.get(user.id)) throw new Error(`No user ${user.id} in the directory`);
    this.changed.set(user.id, user);
  }

  putRow<T>(table: Table<T>, row: T): void {
    this.writes.push({ table: table as Table, rows: [row], op: 'put' });
  }

  addRows<T>(table: Table<T>, rows: T[]): void {
    if (rows.length > 0) this.writes.push({ table: table as Table, rows, op: 'add' });
  }

  audit(...rows: AuditRow[]): void {
    this.addRows(this.db.audit, rows);
  }
}

export class Directory {
  private readonly users = new Map<string, StoredUser>();
  private readonly chunks = new Map<number, string[]>();
  private readonly byLoginId = new Map<string, string>();
  private readonly byLinkedEmail = new Map<string, string>();
  private readonly byConnectEmail = new Map<string, string>();
  private readonly byAccount = new Map<string, string>();
  private readonly orders = new Map<UserSortKey, string[]>();
  private haystacks: Map<string, string> | null = null;
  private departmentList: string[] | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  /** Bumped by every committed write: caches of derived figures key on it. */
  version = 0;

  private constructor(private readonly db: HrmDb) {}

  static async load(db: HrmDb): Promise<Directory> {
    return Directory.fromChunks(db, await db.people.toArray());
  }

  /** Cuts a new directory into chunks, in the given order (seeding a workspace). */
  static chunk(users: ReadonlyArray<Omit<StoredUser, 'chunk'>>): PeopleChunk[] {
    const chunks: PeopleChunk[] = [];
    users.forEach((user, i) => {
      const chunk = Math.floor(i / PEOPLE_CHUNK_SIZE);
      (chunks[chunk] ??= { chunk, users: [] }).users.push({ ...user, chunk });
    });
    return chunks;
  }

  /** The directory of chunks just stored (seeding), without reading them back. */
  static fromChunks(db: HrmDb, chunks: readonly PeopleChunk[]): Directory {
    const directory = new Directory(db);
    for (const { chunk, users } of chunks) {
      directory.chunks.set(chunk, users.map((u) => u.id));
      for (const user of users) directory.index(user);
    }
    return directory;
  }

  get size(): number {
    return this.users.size;
  }

  get(userId: string): StoredUser | undefined {
    return this.users.get(userId);
  }

  byLogin(loginId: string): StoredUser | undefined {
    const id = this.byLoginId.get(loginId);
    return id === undefined ? undefined : this.users.get(id);
  }

  /** Rule 7: the user whose linked email this is. Plus-address aliases are distinct emails. */
  holderOfLinkedEmail(email: string): StoredUser | undefined {
    const id = this.byLinkedEmail.get(email);
    return id === undefined ? undefined : this.users.get(id);
  }

  /** The user linked to this Connect account (an ID token's `sub`), while linked. */
  byConnectAccount(accountId: string): StoredUser | undefined {
    const id = this.byAccount.get(accountId);
    return id === undefined ? undefined : this.users.get(id);
  }

  /** The user an admin gave this Connect email (entered or imported), not yet linked. */
  holderOfConnectEmail(email: string): StoredUser | undefined {
    const id = this.byConnectEmail.get(email);
    return id === undefined ? undefined : this.users.get(id);
  }

  all(): IterableIterator<StoredUser> {
    return this.users.values();
  }

  departments(): string[] {
    if (!this.departmentList) {
      const set = new Set<string>();
      for (const user of this.users.values()) for (const e of user.employments) if (e.department) set.add(e.department);
      this.departmentList = [...set].sort((a, b) => collator.compare(a, b));
    }
    return this.departmentList;
  }

  /**
   * One pass over the users in `sort` order: the page asked for, how many match, and the status counts of everyone
   * matching the search, department and role (the filter chips).
   */
  query(filter: UserFilter, sort: UserSortKey, dir: SortDirection, offset: number, limit: number): DirectoryPage {
    const order = this.order(sort);
    const needle = filter.q?.trim().toLowerCase() ?? '';
    const haystacks = needle ? this.searchIndex() : null;
    const counts = emptyCounts();
    const users: StoredUser[] = [];
    let total = 0;
    const n = order.length;
    for (let k = 0; k < n; k++) {
      const id = order[dir === 'asc' ? k : n - 1 - k]!;
      const user = this.users.get(id)!;
      if (!matchesBase(user, filter, needle, haystacks)) continue;
      const category = filterCategory(user);
      counts.all++;
      counts[category]++;
      if (category !== 'linked' && category !== 'timeclock_only') counts.not_linked++;
      if (!matchesStatus(user, filter.status)) continue;
      if (total >= offset && users.length < limit) users.push(user);
      total++;
    }
    return { users, total, counts };
  }

  /** These users in storage order, chunk by chunk: a job walking them rewrites each chunk once. Unknown ids drop out. */
  inStorageOrder(userIds: Iterable<string>): string[] {
    const wanted = new Set(userIds);
    const out: string[] = [];
    for (const chunk of [...this.chunks.keys()].sort((a, b) => a - b)) for (const id of this.chunks.get(chunk)!) if (wanted.has(id)) out.push(id);
    return out;
  }

  /** Every user matching a filter, in name order: what a bulk action "for all matching" is about. */
  matching(filter: UserFilter): StoredUser[] {
    const needle = filter.q?.trim().toLowerCase() ?? '';
    const haystacks = needle ? this.searchIndex() : null;
    const out: StoredUser[] = [];
    for (const id of this.order('name')) {
      const user = this.users.get(id)!;
      if (matchesBase(user, filter, needle, haystacks) && matchesStatus(user, filter.status)) out.push(user);
    }
    return out;
  }

  /**
   * Runs `work` alone (no other write of this directory runs meanwhile), then stores what it changed in one
   * IndexedDB transaction, then shows it. `work` must not wait on the network: it holds every other writer.
   * When `work` throws or the transaction fails, nothing is stored and memory is unchanged.
   */
  mutate<T>(work: (draft: DirectoryDraft) => T | Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      const draft = new DirectoryDraft(this, this.db);
      const result = await work(draft);
      await this.commit(draft);
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Resolves once every write queued so far has finished. */
  settled(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  private async commit(draft: DirectoryDraft): Promise<void> {
    if (draft.changed.size === 0 && draft.writes.length === 0) return;
    const touched = new Set<number>();
    for (const user of draft.changed.values()) touched.add(user.chunk);
    const records: PeopleChunk[] = [...touched].map((chunk) => ({
      chunk,
      users: this.chunks.get(chunk)!.map((id) => draft.changed.get(id) ?? this.users.get(id)!),
    }));
    const tables = new Set<Table>([this.db.people, ...draft.writes.map((w) => w.table)]);
    await this.db.transaction('rw', [...tables], async () => {
      if (records.length > 0) await this.db.people.bulkPut(records);
      for (const write of draft.writes) {
        if (write.op === 'add') await write.table.bulkAdd(write.rows);
        else await write.table.bulkPut(write.rows);
      }
    });
    this.apply(draft.changed);
  }

  private apply(changed: ReadonlyMap<string, StoredUser>): void {
    if (changed.size === 0) return;
    this.version++;
    if (changed.size > PATCH_LIMIT) this.orders.clear();
    for (const next of changed.values()) {
      const before = this.users.get(next.id)!;
      // Each built order: out at the old place (found with the old values), in at the new one.
      const moved: Array<[string[], Comparator]> = [];
      for (const [key, order] of this.orders) {
        const compare = COMPARATORS[key];
        if (compare(before, next) === 0) continue;
        const from = binarySearch(order, this.users, before, compare);
        if (order[from] !== next.id) throw new Error(`The ${key} order lost user ${next.id}`);
        order.splice(from, 1);
        moved.push([order, compare]);
      }
      this.unindex(before);
      this.index(next);
      for (const [order, compare] of moved) order.splice(binarySearch(order, this.users, next, compare), 0, next.id);
      if (this.haystacks) this.haystacks.set(next.id, haystackOf(next));
      if (before.employments !== next.employments) this.departmentList = null;
    }
  }

  private index(user: StoredUser): void {
    this.users.set(user.id, user);
    this.byLoginId.set(user.loginId, user.id);
    const linked = linkedEmailOf(user);
    if (linked) this.byLinkedEmail.set(linked, user.id);
    const account = linked ? user.link!.context.connectAccountId : null;
    if (account) this.byAccount.set(account, user.id);
    if (user.connectEmail) this.byConnectEmail.set(user.connectEmail, user.id);
  }

  private unindex(user: StoredUser): void {
    if (this.byLoginId.get(user.loginId) === user.id) this.byLoginId.delete(user.loginId);
    const linked = linkedEmailOf(user);
    if (linked && this.byLinkedEmail.get(linked) === user.id) this.byLinkedEmail.delete(linked);
    const account = linked ? user.link!.context.connectAccountId : null;
    if (account && this.byAccount.get(account) === user.id) this.byAccount.delete(account);
    if (user.connectEmail && this.byConnectEmail.get(user.connectEmail) === user.id) this.byConnectEmail.delete(user.connectEmail);
  }

  private order(key: UserSortKey): string[] {
    let order = this.orders.get(key);
    if (!order) {
      const compare = COMPARATORS[key];
      order = [...this.users.values()].sort(compare).map((u) => u.id);
      this.orders.set(key, order);
    }
    return order;
  }

  private searchIndex(): Map<string, string> {
    if (!this.haystacks) {
      this.haystacks = new Map();
      for (const user of this.users.values()) this.haystacks.set(user.id, haystackOf(user));
    }
    return this.haystacks;
  }
}

function haystackOf(user: StoredUser): string {
  return [user.name, user.loginId, user.employeeNumber, user.email ?? '', connectEmailOf(user) ?? ''].join('\u0000').toLowerCase();
}

function matchesBase(user: StoredUser, filter: UserFilter, needle: string, haystacks: ReadonlyMap<string, string> | null): boolean {
  if (filter.role && !user.roles.includes(filter.role as HrmRole)) return false;
  if (filter.department && !user.employments.some((e) => e.department === filter.department)) return false;
  if (needle && !haystacks!.get(user.id)!.includes(needle)) return false;
  return true;
}
