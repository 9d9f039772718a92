// Owns the Users view's live state (R8, R10, R16): the query and the page
// the HRM answered for it, the selection for bulk mail, one user's detail with its actions, and the mail jobs with
// their progress, polled while they run. Every figure comes from the server; nothing here holds the whole directory.
import type { ClientContext } from '../../clients/http';
import {
  cancelJob,
  getJob,
  getJobRecipients,
  getUser,
  listJobs,
  listUsers,
  removeConnection,
  sendVerificationEmail,
  startBulkEmails,
} from '../../clients/hrm';
import type {
  BulkEmailRequest,
  BulkJob,
  HrmUsersPageData,
  JobRecipientPage,
  RecipientOutcome,
  UserDetail,
  UserListPage,
  UserQuery,
  UserSortKey,
  UserStatusFilter,
} from '../../contracts/hrm';
import { FormRequest } from './form.svelte';
import type { VirtualBrowser } from './virtual-browser.svelte';
import {
  NO_SELECTION,
  isJobActive,
  nextSort,
  pageOffsets,
  queryFromSearch,
  sameFilter,
  selectionRequest,
  togglePage,
  toggleUser,
  type UserSelection,
} from './users-query';

/** Typing pauses this long before the search goes to the server. */
const SEARCH_DEBOUNCE_MS = 250;
/** Real time between two looks at a running job's progress. */
const JOB_POLL_MS = 300;
const RECENT_JOBS = 5;

type Client = () => ClientContext;

export class UsersView {
  /** The query the page on show answers (the search box may be ahead of it while typing). */
  query = $state.raw<UserQuery>({});
  search = $state('');
  page: UserListPage;
  loading = $state(false);
  error = $state<string | null>(null);
  selection = $state.raw<UserSelection>(NO_SELECTION);

  readonly #client: Client;
  #sequence = 0;
  #debounce: ReturnType<typeof setTimeout> | undefined;

  /** `initial` is the page the server rendered for `address` (the Users page's URL). */
  constructor(client: Client, initial: UserListPage, address: string) {
    this.#client = client;
    this.page = $state.raw(initial);
    const named = queryFromSearch(new URL(address).search);
    this.query = { ...named, sort: initial.sort, dir: initial.dir, offset: initial.offset, limit: initial.limit };
    this.search = named.q ?? '';
  }

  /** The users on the page on show. */
  get pageIds(): string[] {
    return this.page.rows.map((r) => r.id);
  }

  /** The search box changed: ask the server once typing pauses. */
  setSearch(text: string): void {
    this.search = text;
    clearTimeout(this.#debounce);
    this.#debounce = setTimeout(() => void this.#apply({ q: this.search.trim() || undefined }), SEARCH_DEBOUNCE_MS);
  }

  /** Enter in the search box: no need to wait. */
  searchNow(): Promise<void> {
    clearTimeout(this.#debounce);
    return this.#apply({ q: this.search.trim() || undefined });
  }

  setStatus(status: UserStatusFilter): Promise<void> {
    return this.#apply({ status: status === 'all' ? undefined : status });
  }

  setDepartment(department: string): Promise<void> {
    return this.#apply({ department: department || undefined });
  }

  sortBy(key: UserSortKey): Promise<void> {
    return this.#apply(nextSort({ sort: this.query.sort ?? 'name', dir: this.query.dir ?? 'asc' }, key));
  }

  goTo(offset: number): Promise<void> {
    return this.#apply({ offset });
  }

  /** The same query again: after an action, rows change status. */
  refresh(): Promise<void> {
    return this.#load(this.query);
  }

  toggle(id: string): void {
    this.selection = toggleUser(this.selection, id, this.pageIds);
  }

  togglePage(): void {
    this.selection = togglePage(this.selection, this.pageIds);
  }

  selectAllMatching(): void {
    this.selection = { mode: 'matching' };
  }

  clearSelection(): void {
    this.selection = NO_SELECTION;
  }

  selectionRequest(): BulkEmailRequest['selection'] {
    return selectionRequest(this.selection, this.query);
  }

  /** Off screen: a pending search is dropped (the query on show stays). */
  suspend(): void {
    clearTimeout(this.#debounce);
    this.search = this.query.q ?? '';
  }

  /** A new query; any change but paging starts at the first page, and a new filter forgets the selection. */
  #apply(patch: Partial<UserQuery>): Promise<void> {
    const next: UserQuery = { ...this.query, offset: 0, ...patch };
    if (!sameFilter(this.query, next)) this.selection = NO_SELECTION;
    return this.#load(next);
  }

  async #load(query: UserQuery): Promise<void> {
    const sequence = ++this.#sequence;
    this.loading = true;
    const result = await listUsers(this.#client(), query);
    // A later query wins: this answer is no longer what is on screen.
    if (sequence !== this.#sequence) return;
    this.loading = false;
    if (!result.ok) {
      this.error = result.problem.message;
      return;
    }
    const { rows, total, limit } = result.value;
    // The users of this page left the filter (say, they linked): show the last page that has any.
    if (rows.length === 0 && total > 0 && (query.offset ?? 0) > 0) {
      return this.#load({ ...query, offset: pageOffsets({ offset: 0, limit, total }).last ?? 0 });
    }
    this.error = null;
    this.query = query;
    this.page = result.value;
  }
}

/** One user in the detail panel: what the HRM knows, "Send verification email" and "Remove connection". */
export class UserDetailView {
  userId = $state<string | null>(null);
  detail = $state.raw<UserDetail | null>(null);
  loadError = $state<string | null>(null);
  /** The email field; filled with the Connect email or the first suggestion when a user is opened. */
  email = $state('');
  /** What the last action did, for the live region. */
  notice = $state<string | null>(null);
  readonly sending = new FormRequest(['email']);
  readonly removing = new FormRequest([]);

  readonly #client: Client;
  readonly #changed: () => void;
  #sequence = 0;

  /** `onchange` runs after an action changed the user (the list shows their new status). */
  constructor(client: Client, onchange: () => void) {
    this.#client = client;
    this.#changed = onchange;
  }

  async open(userId: string): Promise<void> {
    const fresh = userId !== this.userId;
    this.userId = userId;
    if (fresh) {
      this.detail = null;
      this.notice = null;
      this.sending.clear();
      this.removing.clear();
    }
    await this.#load(userId, fresh);
  }

  /** Reads the open user again (a mail job may have changed them). */
  async reload(): Promise<void> {
    if (this.userId) await this.#load(this.userId, false);
  }

  close(): void {
    this.#sequence++;
    this.userId = null;
    this.detail = null;
    this.notice = null;
  }

  /** R16: the admin enters an email and sends a verification link; a new link replaces the one before. */
  async sendVerification(): Promise<boolean> {
    const userId = this.userId;
    if (!userId) return false;
    this.notice = null;
    const email = this.email.trim();
    const sent = await this.sending.run(() => sendVerificationEmail(this.#client(), userId, email === '' ? undefined : email));
    if (!sent || userId !== this.userId) return false;
    this.detail = sent.value;
    this.notice = `Verification email sent to ${sent.value.link.email ?? email}.`;
    this.#changed();
    return true;
  }

  /** R10: "Remove the connection" (or cancel the pending code or link). */
  async removeConnection(): Promise<boolean> {
    const userId = this.userId;
    const before = this.detail;
    if (!userId || !before) return false;
    this.notice = null;
    const removed = await this.removing.run(() => removeConnection(this.#client(), userId));
    if (!removed || userId !== this.userId) return false;
    this.detail = removed.value;
    this.notice =
      before.state === 'linked'
        ? `The connection of ${before.name} was removed.`
        : `The pending verification of ${before.name} was cancelled.`;
    this.#changed();
    return true;
  }

  async #load(userId: string, prefill: boolean): Promise<void> {
    const sequence = ++this.#sequence;
    const result = await getUser(this.#client(), userId);
    if (sequence !== this.#sequence) return;
    if (!result.ok) {
      this.loadError = result.problem.message;
      return;
    }
    this.loadError = null;
    this.detail = result.value;
    if (prefill) this.email = result.value.connectEmail ?? result.value.suggestions[0] ?? '';
  }
}

/** The mail jobs: the recent ones, and the one on show with its progress (polled while it runs). */
export class MailJobs {
  recent = $state.raw<BulkJob[]>([]);
  /** The job in the progress panel. */
  shown = $state.raw<BulkJob | null>(null);
  error = $state<string | null>(null);
  /** Who the job on show mailed and skipped, once asked for. */
  recipients = $state.raw<JobRecipientsView | null>(null);
  readonly cancelling = new FormRequest([]);

  readonly #client: Client;
  readonly #finished: (job: BulkJob) => void;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #suspended = false;

  /**
   * `jobs` are the page's recent jobs, running ones first: a job that was running when the tab was reloaded shows again
   * and is followed (the server resumes it by itself). `onfinish` runs when a followed job stops.
   */
  constructor(client: Client, jobs: readonly BulkJob[], onfinish: (job: BulkJob) => void) {
    this.#client = client;
    this.#finished = onfinish;
    this.recent = [...jobs];
    const running = jobs.find(isJobActive);
    if (running) this.show(running);
  }

  /** Starts a bulk mail job; resolves to the server's refusal, if any. */
  async start(request: BulkEmailRequest): Promise<string | null> {
    const result = await startBulkEmails(this.#client(), request);
    if (!result.ok) return result.problem.message;
    this.show(result.value);
    void this.refreshRecent();
    return null;
  }

  show(job: BulkJob): void {
    if (this.shown?.id !== job.id) this.recipients = null;
    this.shown = job;
    this.error = null;
    this.cancelling.clear();
    clearTimeout(this.#timer);
    if (isJobActive(job) && !this.#suspended) this.#schedule(job.id);
  }

  hide(): void {
    clearTimeout(this.#timer);
    this.shown = null;
    this.recipients = null;
  }

  async listRecipients(outcome?: RecipientOutcome): Promise<void> {
    const job = this.shown;
    if (!job) return;
    if (this.recipients?.jobId === job.id) return this.recipients.setOutcome(outcome);
    this.recipients = new JobRecipientsView(this.#client, job.id, outcome);
    await this.recipients.load(0);
  }

  async cancel(): Promise<void> {
    const job = this.shown;
    if (!job) return;
    const cancelled = await this.cancelling.run(() => cancelJob(this.#client(), job.id));
    if (cancelled && this.shown?.id === job.id) this.shown = cancelled.value;
  }

  async refreshRecent(): Promise<void> {
    const result = await listJobs(this.#client(), RECENT_JOBS);
    if (result.ok) this.recent = result.value;
  }

  /** Off screen: stop looking at the job's progress (the server carries on). */
  suspend(): void {
    this.#suspended = true;
    clearTimeout(this.#timer);
  }

  /** On screen again: catch up with the job on show and the recent ones. */
  resume(): void {
    this.#suspended = false;
    if (this.shown && isJobActive(this.shown)) this.#schedule(this.shown.id);
    void this.refreshRecent();
  }

  #schedule(jobId: string): void {
    this.#timer = setTimeout(() => void this.#poll(jobId), JOB_POLL_MS);
  }

  async #poll(jobId: string): Promise<void> {
    const result = await getJob(this.#client(), jobId);
    if (this.#suspended || this.shown?.id !== jobId) return;
    if (!result.ok) {
      // A passing failure (the network is being reset): look again rather than give up on a running job.
      this.error = result.problem.message;
      this.#schedule(jobId);
      return;
    }
    this.error = null;
    this.shown = result.value;
    if (isJobActive(result.value)) {
      this.#schedule(jobId);
      return;
    }
    void this.refreshRecent();
    this.#finished(result.value);
  }
}

/** Who a job mailed and who it skipped, a page at a time, optionally of one outcome. */
export class JobRecipientsView {
  outcome = $state<RecipientOutcome | undefined>(undefined);
  page = $state.raw<JobRecipientPage | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);

  readonly jobId: string;
  readonly #client: Client;
  #sequence = 0;

  constructor(client: Client, jobId: string, outcome?: RecipientOutcome) {
    this.#client = client;
    this.jobId = jobId;
    this.outcome = outcome;
  }

  setOutcome(outcome: RecipientOutcome | undefined): Promise<void> {
    this.outcome = outcome;
    return this.load(0);
  }

  async load(offset = this.page?.offset ?? 0): Promise<void> {
    const sequence = ++this.#sequence;
    this.loading = true;
    const query: { outcome?: RecipientOutcome; offset: number } = { offset };
    if (this.outcome) query.outcome = this.outcome;
    const result = await getJobRecipients(this.#client(), this.jobId, query);
    if (sequence !== this.#sequence) return;
    this.loading = false;
    if (!result.ok) {
      this.error = result.problem.message;
      return;
    }
    this.error = null;
    this.page = result.value;
  }
}

/**
 * The Users page's whole state. It lives as long as its document in the persona's browser: a persona taken off the
 * stage and brought back finds the same query, selection, open user and job, brought up to date.
 */
export class UsersPage {
  readonly users: UsersView;
  readonly detail: UserDetailView;
  readonly jobs: MailJobs;
  #shown = 0;

  constructor(client: Client, data: HrmUsersPageData, address: string) {
    this.users = new UsersView(client, data.initial, address);
    // A single user's verification email is a mail job too: it shows among the recent ones.
    this.detail = new UserDetailView(client, () => {
      void this.users.refresh();
      void this.jobs.refreshRecent();
    });
    this.jobs = new MailJobs(client, data.jobs, () => {
      void this.users.refresh();
      void this.detail.reload();
    });
  }

  /** On screen. Shown again after a while, it reads what changed meanwhile (another persona may have linked). */
  show(): void {
    this.#shown++;
    if (this.#shown === 1) return;
    void this.users.refresh();
    void this.detail.reload();
    this.jobs.resume();
  }

  hide(): void {
    this.users.suspend();
    this.jobs.suspend();
  }
}

const pages = new WeakMap<VirtualBrowser, { documentId: number; page: UsersPage }>();

/** The state of the Users page on show in `browser`: the one it had, or a new one for a new document. */
export function usersPageOf(browser: VirtualBrowser, data: HrmUsersPageData): UsersPage {
  const kept = pages.get(browser);
  if (kept && kept.documentId === browser.documentId) return kept.page;
  const page = new UsersPage(() => browser.client, data, browser.url);
  pages.set(browser, { documentId: browser.documentId, page });
  return page;
}
