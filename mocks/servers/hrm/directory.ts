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
import type { AuditRow, HrmDb, PeopleChunk, StateChunk, StoredEmployment, StoredUser, UserProfile, UserState } from './db';
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
      // A link accepted, or a code, while Connect answers; linking by a verified domain sent nothing.
      return user.link.context.method === 'link' ? 'link_sent' : user.link.context.method === 'domain' ? 'not_started' : 'code_sent';
    default:
      return 'not_started';
  }
}

/** R11: Timeclock-only users are counted apart; they need no email and no action. */
export function isTimeclockOnlyUser(user: StoredUser): boolean {
  return user.timeclockOnly === 1 || (user.roles.length > 0 && user.roles.every((r) => r === 'timeclock'));
}

/** The status filter category of a user: their link state, or Timeclock-only. */
export function filterCategory(user: StoredUser): Exclude<UserStatusFilter, 'all' | 'not_linked'> {
  return isTimeclockOnlyUser(user) ? 'timeclock_only' : userState(user);
}

/** The linked email, while linked (R7: one user per email). */
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
  return {
    id: e.id,
    title: e.title,
    department: e.department,
    email: e.email,
    mailingsActivated: e.mailingsActivated === 1,
    status: e.status,
  };
}

export function primaryDepartment(user: StoredUser): string {
  return user.employments[0]?.department ?? '';
}

const STATE_RANK: Record<UserLinkState | 'timeclock_only', number> = {
  not_started: 0,
  code_sent: 1,
  link_sent: 2,
  linked: 3,
  timeclock_only: 4,
};

/**
 * A sort key that plain string comparison orders the Swedish way: case and accents folded, å, ä and ö after z in that
 * order, runs of digits by their number. Computed once per user, so sorting 100,000 users is string comparisons rather
 * than a collator call per comparison; fixed rather than the viewer's locale, so a workspace sorts the same on every
 * machine (scenario replays rely on it).
 */
export function collationKey(text: string): string {
  // User IDs and employee numbers are digits only: their key is the number, padded.
  if (/^\d{1,16}$/.test(text)) return text.padStart(16, '0');
  let key = keyCache.get(text);
  if (key === undefined) {
    key = text
      .toLowerCase()
      .replace(/å/g, '\u{10FFFD}a')
      .replace(/[äæ]/g, '\u{10FFFD}b')
      .replace(/[öø]/g, '\u{10FFFD}c')
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/\d+/g, (digits) => digits.replace(/^0+(?=\d)/, '').padStart(16, '0'));
    // Names repeat (a tenant of 100,000 has a few thousand distinct ones): each is worked out once.
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
    keyCache.set(text, key);
  }
  return key;
}

const KEY_CACHE_LIMIT = 50_000;
const keyCache = new Map<string, string>();

type Comparator = (a: Entry, b: Entry) => number;

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byName: Comparator = (a, b) => byKey(a.nameKey, b.nameKey) || byKey(a.user.id, b.user.id);
const nullsLast = (a: string | number | null, b: string | number | null): number =>
  a === null ? (b === null ? 0 : 1) : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0;

/**
 * Each order's own key, ties left equal. Ties go by name (COMPARATORS), and Array.prototype.sort is stable (ES2019): so
 * an order is the name order sorted by its own key alone, far fewer string comparisons than a sort from scratch.
 */
const OWN_KEYS: Record<Exclude<UserSortKey, 'name'>, Comparator> = {
  loginId: (a, b) => byKey(a.loginKey, b.loginKey),
  employeeNumber: (a, b) => byKey(a.employeeKey, b.employeeKey),
  department: (a, b) => byKey(a.departmentKey, b.departmentKey),
  status: (a, b) => STATE_RANK[a.category] - STATE_RANK[b.category],
  connectEmail: (a, b) => nullsLast(a.connectEmail, b.connectEmail),
  lastLogin: (a, b) => nullsLast(a.user.lastLoginAt, b.user.lastLoginAt),
};

const COMPARATORS: Record<UserSortKey, Comparator> = {
  name: byName,
  loginId: (a, b) => OWN_KEYS.loginId(a, b) || byName(a, b),
  employeeNumber: (a, b) => OWN_KEYS.employeeNumber(a, b) || byName(a, b),
  department: (a, b) => OWN_KEYS.department(a, b) || byName(a, b),
  status: (a, b) => OWN_KEYS.status(a, b) || byName(a, b),
  connectEmail: (a, b) => OWN_KEYS.connectEmail(a, b) || byName(a, b),
  lastLogin: (a, b) => OWN_KEYS.lastLogin(a, b) || byName(a, b),
};

/** Past this many changed users, a sort order is rebuilt on its next use rather than patched user by user. */
const PATCH_LIMIT = 256;

/**
 * What the directory keeps of each user for lists: the stored user, its status category, its sort keys, and its
 * lower-cased search text. Sort orders hold entries, so a pass over 100,000 users reads no map and a sort calls no
 * collator.
 */
interface Entry {
  user: StoredUser;
  category: Category;
  nameKey: string;
  loginKey: string;
  employeeKey: string;
  /** The user ID and employee number as whole numbers, where they are digits only: the usual case, sorted fastest. */
  loginNumber: number | null;
  employeeNumber: number | null;
  departmentKey: string;
  connectEmail: string | null;
  /** Lower-cased search text: name, user ID, employee number, email, Connect email. */
  haystack: string;
}

type Category = Exclude<UserStatusFilter, 'all' | 'not_linked'>;

function entryOf(user: StoredUser, before?: Entry): Entry {
  // Keys of fields that did not change are taken over: a link changing does not make a name sort differently.
  const same = before?.user;
  const connectEmail = connectEmailOf(user);
  return {
    user,
    category: filterCategory(user),
    nameKey: same && same.name === user.name ? before.nameKey : collationKey(user.name),
    loginKey: same && same.loginId === user.loginId ? before.loginKey : collationKey(user.loginId),
    employeeKey: same && same.employeeNumber === user.employeeNumber ? before.employeeKey : collationKey(user.employeeNumber),
    loginNumber: same && same.loginId === user.loginId ? before.loginNumber : wholeNumber(user.loginId),
    employeeNumber: same && same.employeeNumber === user.employeeNumber ? before.employeeNumber : wholeNumber(user.employeeNumber),
    departmentKey: same && same.employments === user.employments ? before.departmentKey : collationKey(primaryDepartment(user)),
    connectEmail,
    // Made with the entry, not on the first search: that search would otherwise lower-case 100,000 users while the
    // admin waits. Kept when none of its fields changed (a mailing changes few of them).
    haystack:
      same &&
      before.connectEmail === connectEmail &&
      same.name === user.name &&
      same.loginId === user.loginId &&
      same.employeeNumber === user.employeeNumber &&
      same.email === user.email
        ? before.haystack
        : haystackOf(user),
  };
}

/**
 * The value of a digits-only text of at most nine digits, else null. Such texts sort by collationKey (digit runs padded
 * to the same length) exactly as their values do, so a number can stand in for the key.
 */
function wholeNumber(text: string): number | null {
  return /^\d{1,9}$/.test(text) ? Number(text) : null;
}

/** Places in the name order fit in 20 bits when packed beside a key below 2^32 (exact in a float below 2^53). */
const PLACE_BITS = 2 ** 20;

/**
 * The name order sorted by a whole-number key, ties keeping their name order: each key and its place packed into one
 * float and the floats sorted natively, several times faster than a sort calling a comparator. Null when some user's
 * key is not a whole number (or the directory is too big to pack), for the comparator's sort.
 */
function byWholeNumber(byName: readonly Entry[], keyOf: (entry: Entry) => number | null): Entry[] | null {
  if (byName.length >= PLACE_BITS) return null;
  const packed = new Float64Array(byName.length);
  for (let place = 0; place < byName.length; place++) {
    const key = keyOf(byName[place]!);
    if (key === null) return null;
    packed[place] = key * PLACE_BITS + place;
  }
  packed.sort();
  const order = new Array<Entry>(byName.length);
  for (let i = 0; i < packed.length; i++) order[i] = byName[packed[i]! % PLACE_BITS]!;
  return order;
}

/** Where `target` sits in `order` (the first position not before it). */
function binarySearch(order: readonly Entry[], target: Entry, compare: Comparator): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(order[mid]!, target) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function inStatus(category: Category, status: UserStatusFilter | undefined): boolean {
  if (status === undefined || status === 'all') return true;
  if (status === 'not_linked') return category !== 'linked' && category !== 'timeclock_only';
  return category === status;
}

/** A directory as stored: the profiles and the states, chunk by chunk. */
export interface StoredDirectory {
  people: PeopleChunk[];
  states: StateChunk[];
}

export function profileOf(user: StoredUser): UserProfile {
  const { connectEmail: _email, link: _link, lastLoginAt: _login, ...profile } = user;
  return profile;
}

export function stateOf(user: StoredUser): UserState {
  return { id: user.id, connectEmail: user.connectEmail, link: user.link, lastLoginAt: user.lastLoginAt };
}

/** Users whole again from their stored profiles and states (a user without a state has not started). */
export function mergeChunks(people: readonly PeopleChunk[], states: readonly StateChunk[]): StoredUser[][] {
  const stateOf = new Map<string, UserState>();
  for (const chunk of states) for (const state of chunk.states) stateOf.set(state.id, state);
  return people.map((chunk) =>
    chunk.users.map((profile) => {
      const state = stateOf.get(profile.id);
      return { ...profile, connectEmail: state?.connectEmail ?? null, link: state?.link ?? null, lastLoginAt: state?.lastLoginAt ?? null };
    }),
  );
}

/** Whether anything but the state changed: the profile chunk is rewritten only then. */
function profileChanged(before: StoredUser, next: StoredUser): boolean {
  return (
    before.name !== next.name ||
    before.loginId !== next.loginId ||
    before.email !== next.email ||
    before.roles !== next.roles ||
    before.timeclockOnly !== next.timeclockOnly ||
    before.password !== next.password ||
    before.employeeNumber !== next.employeeNumber ||
    before.employments !== next.employments
  );
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
  readonly #directory: Directory;
  readonly #db: HrmDb;

  constructor(directory: Directory, db: HrmDb) {
    this.#directory = directory;
    this.#db = db;
  }

  /** The user as this draft sees them: its own change, or what is stored. */
  get(userId: string): StoredUser | undefined {
    return this.changed.get(userId) ?? this.#directory.get(userId);
  }

  put(user: StoredUser): void {
    if (!this.#directory.get(user.id)) throw new Error(`No user ${user.id} in the directory`);
    this.changed.set(user.id, user);
  }

  putRow<T>(table: Table<T>, row: T): void {
    this.writes.push({ table: table as Table, rows: [row], op: 'put' });
  }

  addRows<T>(table: Table<T>, rows: T[]): void {
    if (rows.length > 0) this.writes.push({ table: table as Table, rows, op: 'add' });
  }

  audit(...rows: AuditRow[]): void {
    this.addRows(this.#db.audit, rows);
  }
}

export class Directory {
  readonly #entries = new Map<string, Entry>();
  readonly #chunks = new Map<number, string[]>();
  readonly #byLoginId = new Map<string, string>();
  readonly #byLinkedEmail = new Map<string, string>();
  readonly #byConnectEmail = new Map<string, string>();
  readonly #byAccount = new Map<string, string>();
  readonly #orders = new Map<UserSortKey, Entry[]>();
  /** Users by status category, kept as users change: the filter chips' numbers without a pass. */
  readonly #totals: Record<Category, number> = { not_started: 0, code_sent: 0, link_sent: 0, linked: 0, timeclock_only: 0 };
  #departmentList: string[] | null = null;
  /** Each department's members, kept as users change: a department filter pages without a pass over everyone. */
  readonly #byDepartment = new Map<string, Set<Entry>>();
  #queue: Promise<unknown> = Promise.resolve();
  /** Bumped by every committed write: caches of derived figures key on it. */
  version = 0;
  readonly #db: HrmDb;

  private constructor(db: HrmDb) {
    this.#db = db;
  }

  static async load(db: HrmDb): Promise<Directory> {
    const [people, states] = await db.transaction('r', db.people, db.states, () => Promise.all([db.people.toArray(), db.states.toArray()]));
    return Directory.fromStored(db, { people, states });
  }

  /** Cuts a new directory into chunks, in the given order (seeding a workspace). */
  static chunk(users: ReadonlyArray<Omit<StoredUser, 'chunk'>>): StoredDirectory {
    const people: PeopleChunk[] = [];
    const states: StateChunk[] = [];
    users.forEach((user, i) => {
      const chunk = Math.floor(i / PEOPLE_CHUNK_SIZE);
      const whole = { ...user, chunk };
      (people[chunk] ??= { chunk, users: [] }).users.push(profileOf(whole));
      (states[chunk] ??= { chunk, states: [] }).states.push(stateOf(whole));
    });
    return { people, states };
  }

  /**
   * The directory of these chunks (read from the database, or just stored when seeding). The name order, the Users
   * view's default, is built now, so the first query finds it ready.
   */
  static fromStored(db: HrmDb, stored: StoredDirectory): Directory {
    const directory = new Directory(db);
    const users = mergeChunks(stored.people, stored.states);
    stored.people.forEach(({ chunk }, i) => {
      directory.#chunks.set(
        chunk,
        users[i]!.map((u) => u.id),
      );
      for (const user of users[i]!) directory.#index(entryOf(user));
    });
    directory.#order('name');
    return directory;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(userId: string): StoredUser | undefined {
    return this.#entries.get(userId)?.user;
  }

  byLogin(loginId: string): StoredUser | undefined {
    const id = this.#byLoginId.get(loginId);
    return id === undefined ? undefined : this.get(id);
  }

  /** R7: the user whose linked email this is. Plus-address aliases are distinct emails. */
  holderOfLinkedEmail(email: string): StoredUser | undefined {
    const id = this.#byLinkedEmail.get(email);
    return id === undefined ? undefined : this.get(id);
  }

  /** The user linked to this Connect account (an ID token's `sub`), while linked. */
  byConnectAccount(accountId: string): StoredUser | undefined {
    const id = this.#byAccount.get(accountId);
    return id === undefined ? undefined : this.get(id);
  }

  /** The user an admin gave this Connect email (entered or imported), not yet linked. */
  holderOfConnectEmail(email: string): StoredUser | undefined {
    const id = this.#byConnectEmail.get(email);
    return id === undefined ? undefined : this.get(id);
  }

  *all(): IterableIterator<StoredUser> {
    for (const entry of this.#entries.values()) yield entry.user;
  }

  departments(): string[] {
    if (!this.#departmentList) {
      this.#departmentList = [...this.#byDepartment.keys()].filter((d) => d !== '').sort((a, b) => byKey(collationKey(a), collationKey(b)));
    }
    return this.#departmentList;
  }

  /**
   * The page asked for, how many match, and the status counts of everyone matching the search, department and role
   * (the filter chips). Without those, the counts are kept already and the walk stops once the page is full.
   */
  query(filter: UserFilter, sort: UserSortKey, dir: SortDirection, offset: number, limit: number): DirectoryPage {
    const order = this.#order(sort);
    const n = order.length;
    const at = (k: number) => order[dir === 'asc' ? k : n - 1 - k]!;
    const narrowed = !!(filter.q?.trim() || filter.department || filter.role);

    if (!narrowed) {
      const counts = this.#countsOf(this.#totals);
      const total = counts[filter.status ?? 'all'];
      const users: StoredUser[] = [];
      if (filter.status === undefined || filter.status === 'all') {
        for (let k = offset; k < Math.min(n, offset + limit); k++) users.push(at(k).user);
      } else {
        for (let k = 0, seen = 0; k < n && users.length < limit; k++) {
          const entry = at(k);
          if (!inStatus(entry.category, filter.status)) continue;
          if (seen++ >= offset) users.push(entry.user);
        }
      }
      return { users, total, counts };
    }

    const needle = filter.q?.trim().toLowerCase() ?? '';
    if (filter.department && !needle && !filter.role) {
      // A department alone: counted over its members, paged by the order until the page is full.
      const members = this.#byDepartment.get(filter.department) ?? new Set<Entry>();
      const inDepartment: Record<Category, number> = { not_started: 0, code_sent: 0, link_sent: 0, linked: 0, timeclock_only: 0 };
      for (const entry of members) inDepartment[entry.category]++;
      const counts = this.#countsOf(inDepartment);
      const users: StoredUser[] = [];
      for (let k = 0, seen = 0; k < n && users.length < limit; k++) {
        const entry = at(k);
        if (!members.has(entry) || !inStatus(entry.category, filter.status)) continue;
        if (seen++ >= offset) users.push(entry.user);
      }
      return { users, total: counts[filter.status ?? 'all'], counts };
    }

    const found: Record<Category, number> = { not_started: 0, code_sent: 0, link_sent: 0, linked: 0, timeclock_only: 0 };
    const users: StoredUser[] = [];
    let total = 0;
    for (let k = 0; k < n; k++) {
      const entry = at(k);
      if (!matchesBase(entry, filter, needle)) continue;
      found[entry.category]++;
      if (!inStatus(entry.category, filter.status)) continue;
      if (total >= offset && users.length < limit) users.push(entry.user);
      total++;
    }
    return { users, total, counts: this.#countsOf(found) };
  }

  /** These users in storage order, chunk by chunk: a job walking them rewrites each chunk once. Unknown ids drop out. */
  inStorageOrder(userIds: Iterable<string>): string[] {
    const wanted = new Set(userIds);
    const out: string[] = [];
    for (const chunk of [...this.#chunks.keys()].sort((a, b) => a - b))
      for (const id of this.#chunks.get(chunk)!) if (wanted.has(id)) out.push(id);
    return out;
  }

  /** Every user matching a filter, in name order: what a bulk action "for all matching" is about. */
  matching(filter: UserFilter): StoredUser[] {
    const needle = filter.q?.trim().toLowerCase() ?? '';
    const out: StoredUser[] = [];
    for (const entry of this.#order('name'))
      if (matchesBase(entry, filter, needle) && inStatus(entry.category, filter.status)) out.push(entry.user);
    return out;
  }

  /**
   * Runs `work` alone (no other write of this directory runs meanwhile), then stores what it changed in one
   * IndexedDB transaction, then shows it. `work` must not wait on the network: it holds every other writer.
   * When `work` throws or the transaction fails, nothing is stored and memory is unchanged.
   */
  mutate<T>(work: (draft: DirectoryDraft) => T | Promise<T>): Promise<T> {
    const run = this.#queue.then(async () => {
      const draft = new DirectoryDraft(this, this.#db);
      const result = await work(draft);
      await this.#commit(draft);
      return result;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Resolves once every write queued so far has finished. */
  settled(): Promise<void> {
    return this.#queue.then(() => undefined);
  }

  #countsOf(byCategory: Readonly<Record<Category, number>>): UserStatusCounts {
    const { not_started, code_sent, link_sent, linked, timeclock_only } = byCategory;
    const notLinked = not_started + code_sent + link_sent;
    return { all: notLinked + linked + timeclock_only, not_linked: notLinked, not_started, code_sent, link_sent, linked, timeclock_only };
  }

  async #commit(draft: DirectoryDraft): Promise<void> {
    if (draft.changed.size === 0 && draft.writes.length === 0) return;
    // Every chunk with a change gets its states rewritten; its profiles only when a profile changed.
    const touched = new Set<number>();
    const profiles = new Set<number>();
    for (const user of draft.changed.values()) {
      touched.add(user.chunk);
      if (profileChanged(this.get(user.id)!, user)) profiles.add(user.chunk);
    }
    const usersOf = (chunk: number) => this.#chunks.get(chunk)!.map((id) => draft.changed.get(id) ?? this.get(id)!);
    const states: StateChunk[] = [...touched].map((chunk) => ({ chunk, states: usersOf(chunk).map(stateOf) }));
    const people: PeopleChunk[] = [...profiles].map((chunk) => ({ chunk, users: usersOf(chunk).map(profileOf) }));
    const tables = new Set<Table>([this.#db.people, this.#db.states, ...draft.writes.map((w) => w.table)]);
    await this.#db.transaction('rw', [...tables], async () => {
      if (states.length > 0) await this.#db.states.bulkPut(states);
      if (people.length > 0) await this.#db.people.bulkPut(people);
      for (const write of draft.writes) {
        if (write.op === 'add') await write.table.bulkAdd(write.rows);
        else await write.table.bulkPut(write.rows);
      }
    });
    this.#apply(draft.changed);
  }

  #apply(changed: ReadonlyMap<string, StoredUser>): void {
    if (changed.size === 0) return;
    this.version++;
    // Many changes (a bulk job, an import): an order whose key moved for anyone is rebuilt on its next use; one whose
    // keys all stayed (a mailing leaves names alone) only takes the new entries, in one pass.
    const bulk = changed.size > PATCH_LIMIT;
    const remap: Entry[][] = [];
    if (bulk) {
      for (const [key, order] of this.#orders) {
        const compare = COMPARATORS[key];
        let moved = false;
        for (const next of changed.values()) {
          const before = this.#entries.get(next.id)!;
          if (compare(before, entryOf(next, before)) !== 0) moved = true;
        }
        if (moved) this.#orders.delete(key);
        else remap.push(order);
      }
    }
    for (const next of changed.values()) {
      const before = this.#entries.get(next.id)!;
      const entry = entryOf(next, before);
      // A few changes: each built order finds the entry with the old values, and replaces it or moves it.
      if (!bulk)
        for (const [key, order] of this.#orders) {
          const compare = COMPARATORS[key];
          const from = binarySearch(order, before, compare);
          if (order[from] !== before) throw new Error(`The ${key} order lost user ${next.id}`);
          if (compare(before, entry) === 0) {
            order[from] = entry;
            continue;
          }
          order.splice(from, 1);
          order.splice(binarySearch(order, entry, compare), 0, entry);
        }
      this.#unindex(before);
      this.#index(entry);
      if (before.user.employments !== next.employments) this.#departmentList = null;
    }
    for (const order of remap) for (let i = 0; i < order.length; i++) order[i] = this.#entries.get(order[i]!.user.id)!;
  }

  #index(entry: Entry): void {
    const { user } = entry;
    this.#entries.set(user.id, entry);
    this.#totals[entry.category]++;
    for (const { department } of user.employments) {
      let members = this.#byDepartment.get(department);
      if (!members) this.#byDepartment.set(department, (members = new Set()));
      members.add(entry);
    }
    this.#byLoginId.set(user.loginId, user.id);
    const linked = linkedEmailOf(user);
    if (linked) this.#byLinkedEmail.set(linked, user.id);
    const account = linked ? user.link!.context.connectAccountId : null;
    if (account) this.#byAccount.set(account, user.id);
    if (user.connectEmail) this.#byConnectEmail.set(user.connectEmail, user.id);
  }

  #unindex(entry: Entry): void {
    const { user } = entry;
    this.#totals[entry.category]--;
    for (const { department } of user.employments) {
      const members = this.#byDepartment.get(department);
      members?.delete(entry);
      if (members?.size === 0) this.#byDepartment.delete(department);
    }
    if (this.#byLoginId.get(user.loginId) === user.id) this.#byLoginId.delete(user.loginId);
    const linked = linkedEmailOf(user);
    if (linked && this.#byLinkedEmail.get(linked) === user.id) this.#byLinkedEmail.delete(linked);
    const account = linked ? user.link!.context.connectAccountId : null;
    if (account && this.#byAccount.get(account) === user.id) this.#byAccount.delete(account);
    if (user.connectEmail && this.#byConnectEmail.get(user.connectEmail) === user.id) this.#byConnectEmail.delete(user.connectEmail);
  }

  #order(key: UserSortKey): Entry[] {
    let order = this.#orders.get(key);
    if (!order) {
      if (key === 'name') order = [...this.#entries.values()].sort(byName);
      else {
        const nameOrder = this.#order('name');
        const numeric = key === 'loginId' ? (e: Entry) => e.loginNumber : key === 'employeeNumber' ? (e: Entry) => e.employeeNumber : null;
        order = (numeric && byWholeNumber(nameOrder, numeric)) ?? nameOrder.slice().sort(OWN_KEYS[key]);
      }
      this.#orders.set(key, order);
    }
    return order;
  }
}

function haystackOf(user: StoredUser): string {
  return [user.name, user.loginId, user.employeeNumber, user.email ?? '', connectEmailOf(user) ?? ''].join('\u0000').toLowerCase();
}

function matchesBase(entry: Entry, filter: UserFilter, needle: string): boolean {
  const { user } = entry;
  if (filter.role && !user.roles.includes(filter.role as HrmRole)) return false;
  if (filter.department && !user.employments.some((e) => e.department === filter.department)) return false;
  if (needle) {
    if (!entry.haystack.includes(needle)) return false;
  }
  return true;
}
