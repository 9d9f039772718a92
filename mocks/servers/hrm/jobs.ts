// Owns the HRM's bulk mail jobs (R8: verification emails, reminders and mass mailing; R16: the
// admin's verification link): who gets what is planned once, then the job walks its recipients a directory chunk at a
// time — one mail batch and one directory write per step — with progress, cancel, and an exact resume after a reload.
import { transition } from 'xstate';
import { linkingMachine } from '../../../machines/linking';
import { rolloutPhase } from '../../../machines/rollout';
import type { BulkEmailKind, BulkJob, JobRecipient, RecipientOutcome } from '../../../src/contracts/hrm';
import type { StateValueJson } from '../../../src/contracts/inspection';
import type { SendMailRequest } from '../../../src/contracts/mail';
import { MAIL_BATCH_LIMIT } from '../../../src/contracts/mail';
import { domainOf, isDomainAllowed } from '../../../src/domain/email';
import { digestsEqual, hmacBase64Url, hmacKey } from '../../shared/crypto';
import { appliedEvent, remember } from '../../shared/machine-events';
import type { JobPlanRow, JobRecipientPlan, JobResultItem, JobRow, StoredLink, StoredUser } from './db';
import { connectEmailOf, isTimeclockOnlyUser, linkedEmailOf, type Directory } from './directory';
import { auditEntry, now, type HrmEnv } from './env';
import { linkWithoutCode } from './link';
import { sendMailBatch } from './peers';
import {
  ANNOUNCEMENT_MAIL,
  announcementMailText,
  LINK_MAIL,
  REMINDER_MAIL,
  reminderMailText,
  SKIP_REASONS,
  suggestions,
  verificationLinkMailText,
  verificationLinkUrl,
} from './rules';
import { domainsLinkedWithoutCode } from './security';
import { loadRollout, loadSecurity, restoreLinking, storeLinking } from './store';

/** Recipients per step at most: one mail batch. */
export const JOB_STEP_LIMIT = MAIL_BATCH_LIMIT;
/**
 * Directory chunks per step at most: each step is one mail transaction and one directory write, and their number (not
 * their size) is what a mailing's time goes by; two chunks of 500 fill one batch of 1,000.
 */
export const JOB_STEP_CHUNKS = 2;

/**
 * The address a user's mail of this kind goes to, or why they get none; a verification email to an address at a domain
 * of `linkedDirectly` (R13) becomes a link made without mail.
 */
function planFor(
  kind: BulkEmailKind,
  user: StoredUser,
  allowedDomains: readonly string[],
  directory: Directory,
  linkedDirectly: ReadonlySet<string>,
  email?: string,
): JobRecipientPlan {
  const skip = (reason: string): JobRecipientPlan => ({ userId: user.id, email: null, skip: reason });
  if (isTimeclockOnlyUser(user)) return skip(SKIP_REASONS.timeclockOnly);
  if (kind !== 'announcement' && linkedEmailOf(user)) return skip(SKIP_REASONS.linked);
  // A verification link goes to the Connect email the admin entered or imported, else where the last code or link
  // went; reminders and the announcement to the address the HRM mails the user at.
  const to =
    email ??
    (kind === 'verification_link' ? (user.connectEmail ?? connectEmailOf(user)) : null) ??
    suggestions(user)[0] ??
    user.connectEmail;
  if (!to) return skip(SKIP_REASONS.noEmail);
  if (kind === 'verification_link') {
    // R6, R7 hold for the admin's path too: the link could never be used otherwise.
    if (!isDomainAllowed(to, allowedDomains)) return skip(SKIP_REASONS.domainNotAllowed);
    const holder = directory.holderOfLinkedEmail(to);
    if (holder && holder.id !== user.id) return skip(SKIP_REASONS.emailInUse);
    // R13 (users without an inbox): the domain is verified at Connect and the tenant links such emails.
    if (linkedDirectly.has(domainOf(to))) return { userId: user.id, email: to, skip: null, direct: true };
  }
  return { userId: user.id, email: to, skip: null };
}

/** Skips that only the moment of sending can tell: the user linked while the job ran. */
function skipNow(kind: BulkEmailKind, user: StoredUser | undefined): string | null {
  if (!user) return SKIP_REASONS.gone;
  if (kind !== 'announcement' && linkedEmailOf(user)) return SKIP_REASONS.linked;
  return null;
}

/** The token in a verification link: which job sent it, to whom, and a MAC only the HRM can make. */
export function parseLinkToken(token: string): { jobId: string; userId: string; mac: string } | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => p.length === 0 || p.length > 100)) return null;
  const [jobId, userId, mac] = parts as [string, string, string];
  return { jobId, userId, mac };
}

/** Whether `token` is a link the HRM really sent (its MAC recomputed with the job's secret). */
export async function verifyLinkToken(env: HrmEnv, token: string): Promise<{ jobId: string; userId: string } | null> {
  const parsed = parseLinkToken(token);
  if (!parsed) return null;
  const job = await env.db.jobs.get(parsed.jobId);
  if (!job || job.kind !== 'verification_link') return null;
  const expected = await hmacBase64Url(await hmacKey(job.secret), `${job.id}.${parsed.userId}`);
  return digestsEqual(expected, parsed.mac) ? { jobId: parsed.jobId, userId: parsed.userId } : null;
}

export class JobRunner {
  readonly #running = new Map<string, Promise<void>>();
  readonly #cancelRequested = new Set<string>();
  #stopped = false;
  readonly #env: HrmEnv;

  constructor(env: HrmEnv) {
    this.#env = env;
  }

  /**
   * Plans a job for these users (in storage order, each with their address or why they are skipped), stores it and
   * starts it. `email` overrides the address of a single user (the admin's "Send verification email").
   */
  async start(kind: BulkEmailKind, createdBy: StoredUser | null, userIds: readonly string[], email?: string): Promise<JobRow> {
    const env = this.#env;
    const directory = await env.directory();
    const { allowedDomains } = await loadSecurity(env.db);
    // Asked of Connect once, when the job is planned: the plan is what the job does, even if a domain changes meanwhile.
    const linkedDirectly = kind === 'verification_link' ? await domainsLinkedWithoutCode(env) : new Set<string>();
    const recipients = directory
      .inStorageOrder(userIds)
      .map((id) => planFor(kind, directory.get(id)!, allowedDomains, directory, linkedDirectly, email));
    const job: JobRow = {
      id: `job_${env.ctx.random.hex(8)}`,
      number: 0,
      kind,
      status: 'running',
      createdAt: now(env),
      createdBy: createdBy?.id ?? null,
      finishedAt: null,
      secret: env.ctx.random.hex(32),
      total: recipients.length,
      processed: 0,
      steps: 0,
      // The first step's recipients, stored with the job: a reload before it finished sends the very same batch.
      pending: pendingStep(kind, recipients, 0, (id) => directory.get(id)),
      sent: 0,
      linked: 0,
      skipped: 0,
      failed: 0,
      skippedReasons: {},
      error: null,
    };
    const plan: JobPlanRow = { jobId: job.id, recipients };
    await env.db.transaction('rw', env.db.jobs, env.db.jobPlans, async () => {
      job.number = ((await env.db.jobs.orderBy('number').last())?.number ?? 0) + 1;
      await env.db.jobs.add(job);
      await env.db.jobPlans.add(plan);
    });
    this.#launch(job, plan);
    return job;
  }

  /** Continues every job a reload interrupted, from its last stored step. */
  async resume(): Promise<void> {
    const unfinished = await this.#env.db.jobs.where('status').anyOf('running', 'cancelling').toArray();
    for (const job of unfinished) {
      if (this.#running.has(job.id)) continue;
      if (job.status === 'cancelling') this.#cancelRequested.add(job.id);
      const plan = await this.#env.db.jobPlans.get(job.id);
      if (plan) this.#launch(job, plan);
    }
  }

  /** Asks a running job to stop after its current step; what was sent stays sent and is reported. */
  async cancel(jobId: string): Promise<JobRow | undefined> {
    const job = await this.#env.db.jobs.get(jobId);
    if (!job || (job.status !== 'running' && job.status !== 'cancelling')) return job;
    this.#cancelRequested.add(jobId);
    const marked = await this.#env.db.jobs.update(jobId, { status: 'cancelling' });
    return marked ? { ...job, status: 'cancelling' } : job;
  }

  /** Resolves when the job has finished (or at once when it is not running here). */
  async wait(jobId: string): Promise<JobRow | undefined> {
    await this.#running.get(jobId);
    return this.#env.db.jobs.get(jobId);
  }

  async settled(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running.values());
  }

  stop(): void {
    this.#stopped = true;
  }

  #launch(job: JobRow, plan: JobPlanRow): void {
    const run = this.#run(job, plan)
      .catch(async (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        console.error(`Mail job ${job.id} failed`, error);
        if (!this.#stopped)
          await this.#env.db.jobs.update(job.id, { status: 'failed', error: message, finishedAt: now(this.#env) }).catch(() => undefined);
      })
      .finally(() => this.#running.delete(job.id));
    this.#running.set(job.id, run);
  }

  async #run(start: JobRow, plan: JobPlanRow): Promise<void> {
    let job = start;
    const key = job.kind === 'verification_link' ? await hmacKey(job.secret) : null;
    // What the mails say of the rollout, read once: a phase changes at a moment of its own, not within a mailing.
    const rollout = await loadRollout(this.#env.db);
    const said: MailContext = { phase: rolloutPhase(rollout), activationAt: rollout.context.activationAt };
    while (!this.#stopped) {
      if (job.status === 'failed') return;
      if (!job.pending) {
        if (job.processed >= plan.recipients.length || this.#cancelRequested.has(job.id)) {
          const status = job.processed >= plan.recipients.length ? 'done' : 'cancelled';
          this.#cancelRequested.delete(job.id);
          await this.#env.db.jobs.update(job.id, { status, finishedAt: now(this.#env) });
          return;
        }
        // A job stopped by a cancel that was then resumed has no step planned: plan it, stored before it is sent.
        const directory = await this.#env.directory();
        job = { ...job, pending: pendingStep(job.kind, plan.recipients, job.processed, (id) => directory.get(id)) };
        await this.#env.db.jobs.update(job.id, { pending: job.pending });
        continue;
      }
      job = await this.#step(job, plan, key, job.pending, said);
    }
  }

  /**
   * One step: its recipients (those of at most JOB_STEP_CHUNKS directory chunks) were stored as `pending` before it
   * runs; one mail batch; then one directory write with the outcomes, the progress and the next step's recipients.
   * A step interrupted after its batch went out is sent again with the same batch id, so the mail server delivers it
   * once, and the same links (HMAC of the job's secret) are stored.
   */
  async #step(
    job: JobRow,
    plan: JobPlanRow,
    key: CryptoKey | null,
    pending: NonNullable<JobRow['pending']>,
    said: MailContext,
  ): Promise<JobRow> {
    const env = this.#env;
    const directory = await env.directory();
    const { from, end, send } = pending;
    const at = now(env);
    const sending = new Set(send);
    const slice = plan.recipients.slice(from, end);
    const byId = new Map(slice.map((r) => [r.userId, r]));
    const admin = job.createdBy ? directory.get(job.createdBy) : undefined;
    // R13 recipients are linked one by one (each asks Connect) before the others' mail batch goes out.
    const direct = new Map<string, Awaited<ReturnType<typeof linkWithoutCode>>>();
    for (const userId of send) {
      const planned = byId.get(userId)!;
      if (planned.direct) direct.set(userId, await linkWithoutCode(env, userId, planned.email!, job.createdBy));
    }
    const toMail = send.filter((userId) => !direct.has(userId));
    const mails = await Promise.all(
      toMail.map((userId) => this.#compose(job, directory.get(userId)!, byId.get(userId)!.email!, key, said, admin?.name ?? null)),
    );
    let failure: string | null = null;
    if (mails.length > 0) {
      const delivered = await sendMailBatch(env.ctx, { batchId: `${job.id}/${from}`, messages: mails });
      if (!delivered.ok) failure = delivered.reason;
    }

    const items: JobResultItem[] = slice.map((r) => {
      const linked = direct.get(r.userId);
      if (linked) {
        const reason = linked.outcome === 'linked' ? null : linked.reason;
        return { userId: r.userId, email: linked.outcome === 'skipped' ? null : r.email, outcome: linked.outcome, reason, at };
      }
      const outcome: RecipientOutcome = sending.has(r.userId) ? (failure ? 'failed' : 'sent') : 'skipped';
      const reason =
        outcome === 'skipped'
          ? (r.skip ?? skipNow(job.kind, directory.get(r.userId)) ?? SKIP_REASONS.linked)
          : outcome === 'failed'
            ? failure
            : null;
      return { userId: r.userId, email: outcome === 'skipped' ? null : r.email, outcome, reason, at };
    });
    let linked = job.linked ?? 0;
    const next: JobRow = { ...job, processed: end, steps: job.steps + 1, pending: null, skippedReasons: { ...job.skippedReasons } };
    for (const item of items) {
      if (item.outcome === 'sent') next.sent++;
      else if (item.outcome === 'linked') linked++;
      else if (item.outcome === 'failed') next.failed++;
      else {
        next.skipped++;
        next.skippedReasons[item.reason!] = (next.skippedReasons[item.reason!] ?? 0) + 1;
      }
    }
    next.linked = linked;
    if (failure) Object.assign(next, { status: 'failed', error: `The mail server did not accept the mails: ${failure}`, finishedAt: at });
    else if (this.#cancelRequested.has(job.id)) next.status = 'cancelling';

    await directory.mutate((draft) => {
      if (job.kind === 'verification_link' && !failure) {
        // R16: several requests can be sent; each new link replaces the user's earlier code or link.
        const linkSent = sentLinkFor(job.id, at);
        for (const item of items) {
          if (item.outcome !== 'sent') continue;
          const user = draft.get(item.userId)!;
          const link = linkSent(user, item.email!);
          // A user who linked meanwhile stays linked: the machine takes no SEND_LINK there.
          if (link) draft.put({ ...user, link, connectEmail: user.connectEmail ?? item.email });
        }
      }
      if (next.status === 'running') next.pending = pendingStep(job.kind, plan.recipients, end, (id) => draft.get(id));
      draft.putRow(env.db.jobResults, { jobId: job.id, step: job.steps, items });
      draft.putRow(env.db.jobs, next);
      if (job.steps === 0) draft.audit(this.#auditOf(job, items, admin, directory));
    });
    return next;
  }

  #auditOf(job: JobRow, items: readonly JobResultItem[], admin: StoredUser | undefined, directory: Directory) {
    const who = admin?.name ?? 'The HRM';
    const one = { verification_link: 'a verification email', reminder: 'a reminder', announcement: 'the announcement' }[job.kind];
    const many = { verification_link: 'verification emails', reminder: 'reminders', announcement: 'the announcement' }[job.kind];
    const only = job.total === 1 ? items[0] : undefined;
    if (only) {
      const name = directory.get(only.userId)?.name ?? only.userId;
      const detail =
        only.outcome === 'sent'
          ? `${who} sent ${one} to ${name} (${only.email})`
          : only.outcome === 'linked'
            ? `${who} linked ${name} (${only.email}) without a verification email: its domain is verified at Connect`
            : `${who} could not send ${one} to ${name}: ${only.reason ?? only.outcome}`;
      return auditEntry(this.#env, 'bulk_email', detail, { actor: job.createdBy, subject: only.userId, jobId: job.id });
    }
    return auditEntry(this.#env, 'bulk_email', `${who} started sending ${many} to ${job.total.toLocaleString('en-GB')} users`, {
      actor: job.createdBy,
      jobId: job.id,
    });
  }

  async #compose(
    job: JobRow,
    user: StoredUser,
    to: string,
    key: CryptoKey | null,
    said: MailContext,
    adminName: string | null,
  ): Promise<SendMailRequest> {
    switch (job.kind) {
      case 'verification_link': {
        const token = `${job.id}.${user.id}.${await hmacBase64Url(key!, `${job.id}.${user.id}`)}`;
        return {
          to,
          ...LINK_MAIL,
          text: verificationLinkMailText({
            name: user.name,
            email: to,
            url: verificationLinkUrl(token, said.phase),
            phase: said.phase,
            adminName,
          }),
        };
      }
      case 'reminder':
        return { to, ...REMINDER_MAIL, text: reminderMailText({ name: user.name, activationAt: said.activationAt }) };
      case 'announcement':
        return { to, ...ANNOUNCEMENT_MAIL, text: announcementMailText({ name: user.name, activationAt: said.activationAt }) };
    }
  }
}

/**
 * What SEND_LINK makes of a user's journey. Its action sets the whole context from the event (issueLink), so every
 * state that takes it ends in the same snapshot but for the email: the machine is asked once, and each recipient's
 * copy gets their email — 15,000 recipients, one transition (tests/machines/linking.test.ts holds every state to it).
 * Null for a user whose state does not take SEND_LINK (linking, linked).
 */
export function sentLinkFor(requestId: string, now: number): (user: StoredUser, email: string) => StoredLink | null {
  const start = restoreLinking(null);
  const event = { type: 'SEND_LINK', email: '', requestId, now } as const;
  const [template] = transition(linkingMachine, start, event);
  const stored = storeLinking(template)!;
  // Every state that takes it takes the machine's own SEND_LINK: only the state it left differs.
  const applied = appliedEvent(linkingMachine, start, event, template, now);
  return (user, email) => {
    const current = user.link?.status;
    if (current === 'linking' || current === 'linked') return null;
    const lastEvents = remember(user.link?.lastEvents, {
      ...applied,
      from: (user.link?.value as StateValueJson | undefined) ?? applied.from,
    });
    return { status: stored.status, value: stored.value, context: { ...stored.context, email }, lastEvents };
  };
}

/** The rollout as the mails of one job run tell it. */
interface MailContext {
  phase: ReturnType<typeof rolloutPhase>;
  activationAt: number | null;
}

/**
 * The step starting at `from`: the recipients of at most JOB_STEP_CHUNKS directory chunks (JOB_STEP_LIMIT at most), and
 * those of them to mail as things stand now. Null when no recipients are left.
 */
function pendingStep(
  kind: BulkEmailKind,
  recipients: readonly JobRecipientPlan[],
  from: number,
  get: (id: string) => StoredUser | undefined,
): JobRow['pending'] {
  if (from >= recipients.length) return null;
  const chunks = new Set<number | undefined>([get(recipients[from]!.userId)?.chunk]);
  let end = from + 1;
  while (end < recipients.length && end - from < JOB_STEP_LIMIT) {
    const chunk = get(recipients[end]!.userId)?.chunk;
    if (!chunks.has(chunk) && chunks.size >= JOB_STEP_CHUNKS) break;
    chunks.add(chunk);
    end++;
  }
  const send = recipients.slice(from, end).flatMap((r) => (r.skip === null && skipNow(kind, get(r.userId)) === null ? [r.userId] : []));
  return { from, end, send };
}

export async function toBulkJob(env: HrmEnv, job: JobRow): Promise<BulkJob> {
  const directory = await env.directory();
  const creator = job.createdBy ? directory.get(job.createdBy) : undefined;
  return {
    id: job.id,
    number: job.number,
    kind: job.kind,
    status: job.status,
    createdAt: job.createdAt,
    createdBy: creator ? { id: creator.id, name: creator.name } : null,
    finishedAt: job.finishedAt,
    total: job.total,
    processed: job.processed,
    sent: job.sent,
    linked: job.linked ?? 0,
    skipped: job.skipped,
    failed: job.failed,
    skippedReasons: { ...job.skippedReasons },
    error: job.error,
  };
}

/** A job's recipients as handled so far, in the order they were handled, optionally of one outcome. */
export async function jobRecipients(env: HrmEnv, jobId: string, outcome?: RecipientOutcome): Promise<JobRecipient[]> {
  const directory = await env.directory();
  const chunks = await env.db.jobResults.where('jobId').equals(jobId).sortBy('step');
  const out: JobRecipient[] = [];
  for (const { items } of chunks)
    for (const item of items) {
      if (outcome && item.outcome !== outcome) continue;
      out.push({ ...item, name: directory.get(item.userId)?.name ?? item.userId });
    }
  return out;
}

/** The newest mail jobs, running ones first. */
export async function recentJobs(env: HrmEnv, limit: number): Promise<BulkJob[]> {
  const rows = await env.db.jobs.orderBy('number').reverse().limit(limit).toArray();
  const jobs = await Promise.all(rows.map((j) => toBulkJob(env, j)));
  const active = (j: BulkJob) => (j.status === 'running' || j.status === 'cancelling' ? 0 : 1);
  return jobs.sort((a, b) => active(a) - active(b));
}
