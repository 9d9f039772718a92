// Owns the tenant's rollout phase as the HRM serves it: the public status, the admin's schedule and "start now", the
// temporary measures of the move (R18: hosting, when the old API address stops forwarding and the old calendar path
// stops redirecting) and "Close the migration", and the world-clock timer that changes the phase when a scheduled date
// comes or a measure ends — each change advanced with the rollout machine's pure `transition` on the stored snapshot,
// with its consequences (the announcement mail, the audit line).
import { transition } from 'xstate';
import { z } from 'zod';
import {
  migrationStage,
  nextScheduledChange,
  rolloutMachine,
  rolloutPhase,
  scheduledCompletion,
  scheduleProblem,
  temporaryMeasures,
  temporaryMeasuresProblem,
  type MigrationStage,
  type RolloutEvent,
  type RolloutPhase,
  type RolloutSnapshot,
} from '../../../machines/rollout';
import type { RolloutScheduleAnswer, RolloutStatus, TemporaryMeasuresRequest } from '../../../src/contracts/hrm';
import { worldTimeSchema } from '../../../src/domain/world-dates';
import { json, readJson } from '../../shared/http';
import { appliedEvent, remember } from '../../shared/machine-events';
import type { AuditRow, JobRow, StoredUser } from './db';
import { auditEntry, hrmProblem, now, type HrmEnv } from './env';
import { armFileExportTimer } from './file-export';
import { requireAdmin } from './signed-in';
import { formatTenantDateTime, MESSAGES } from './rules';
import { loadRollout, loadSecurity, loadTenant, persistRollout, restoreRollout } from './store';

const TIMER = 'rollout';
const DAY = 86_400_000;
/** Customers are advised "approximately one month before the migration"; much shorter deserves a word. */
const SHORT_PREPARATION_DAYS = 14;

const ScheduleBody = z.object({
  preparationStartsAt: worldTimeSchema.nullable(),
  activationAt: worldTimeSchema.nullable(),
});

const MeasuresShape = {
  hosting: z.enum(['hosted', 'selfHosted']),
  apiForwardingEndsAt: worldTimeSchema.nullable(),
  calendarRedirectEndsAt: worldTimeSchema.nullable(),
};
const MeasuresBody = z.object({ ...MeasuresShape, seen: z.object(MeasuresShape).optional() }) satisfies z.ZodType<TemporaryMeasuresRequest>;

/** The temporary measures by name, as the audit and the world clock's next event call them. */
const MEASURE_NAMES = { apiForwardingEndsAt: 'API forwarding', calendarRedirectEndsAt: 'The calendar redirect' } as const;
type MeasureField = keyof typeof MEASURE_NAMES;
const MEASURE_FIELDS = Object.keys(MEASURE_NAMES) as MeasureField[];

export async function rolloutStatus(env: HrmEnv, snapshot: RolloutSnapshot): Promise<RolloutStatus> {
  const tenant = await loadTenant(env.db);
  const c = snapshot.context;
  return {
    tenantName: tenant.name,
    phase: rolloutPhase(snapshot),
    preparationStartsAt: c.preparationStartsAt,
    preparationStartedAt: c.preparationStartedAt,
    activationAt: c.activationAt,
    activatedAt: c.activatedAt,
    next: nextScheduledChange(snapshot),
    stage: migrationStage(snapshot),
    hosting: c.hosting,
    apiForwardingEndsAt: c.apiForwardingEndsAt,
    calendarRedirectEndsAt: c.calendarRedirectEndsAt,
    measures: temporaryMeasures(c, now(env)),
    completesAt: scheduledCompletion(snapshot),
    completedAt: c.completedAt,
  };
}

interface RolloutMoment {
  at: number;
  label: string;
  /** The temporary measures that end at this moment. */
  ending: MeasureField[];
}

/**
 * The next moment the world clock changes something in the rollout after `at`: a scheduled phase change, or — in
 * post-migration — a temporary measure ending (the last one completes the migration).
 */
function nextRolloutMoment(snapshot: RolloutSnapshot, at: number): RolloutMoment | null {
  const next = nextScheduledChange(snapshot);
  if (next) return { at: next.at, label: next.phase === 'preparation' ? 'Preparation opens' : 'Activation', ending: [] };
  if (migrationStage(snapshot) !== 'postMigration' || snapshot.context.hosting !== 'hosted') return null;
  const ends = MEASURE_FIELDS.flatMap((field) => {
    const end = snapshot.context[field];
    return end !== null && end > at ? [end] : [];
  });
  if (ends.length === 0) return null;
  const first = Math.min(...ends);
  const ending = MEASURE_FIELDS.filter((field) => snapshot.context[field] === first);
  const names = ending.map((field) => MEASURE_NAMES[field]).join(' and ');
  const completes = scheduledCompletion(snapshot) === first;
  return { at: first, label: `${names} ${ending.length > 1 ? 'end' : 'ends'}${completes ? '; the migration is complete' : ''}`, ending };
}

/** Sets the world-clock timer for the next scheduled phase change or measure ending (or clears it). */
export async function armRolloutTimer(env: HrmEnv): Promise<void> {
  // The file export's daily runs start at the cutover: a new date moves them too.
  await armFileExportTimer(env);
  const next = nextRolloutMoment(await loadRollout(env.db), now(env));
  if (!next) {
    env.ctx.timers.clear(TIMER);
    return;
  }
  env.ctx.timers.set(TIMER, next.at, next.label, () => tick(env, next));
}

/**
 * The scheduled date has come. What it brings happens at that moment of world time: a jump of the clock waits for
 * the announcement to be mailed before moving on, so its mails carry the date the phase opened. A temporary measure
 * that ends is written to the audit log, at its end date.
 */
async function tick(env: HrmEnv, moment: RolloutMoment): Promise<void> {
  if (moment.ending.length > 0) await auditMeasuresEnded(env, moment);
  const outcome = await advance(env, { type: 'TICK', now: now(env) }, null);
  if (outcome.ok && outcome.announcement) await env.jobs.wait(outcome.announcement.id);
  await armRolloutTimer(env);
}

async function auditMeasuresEnded(env: HrmEnv, moment: RolloutMoment): Promise<void> {
  await env.db.transaction('rw', env.db.settings, env.db.audit, async () => {
    const snapshot = await loadRollout(env.db);
    // The admin may have moved the date since the timer was set: only a measure still ending then has ended.
    const ended = moment.ending.filter((field) => snapshot.context[field] === moment.at && migrationStage(snapshot) === 'postMigration');
    const detail: Record<MeasureField, string> = {
      apiForwardingEndsAt: `API forwarding ended as scheduled (${formatTenantDateTime(moment.at)}): the old API address now refuses calls and names the new one`,
      calendarRedirectEndsAt: `The calendar redirect ended as scheduled (${formatTenantDateTime(moment.at)}): the old calendar links no longer work`,
    };
    if (ended.length > 0) await env.db.audit.bulkAdd(ended.map((field) => auditEntry(env, 'temporary_measure_ended', detail[field])));
  });
}

type Advance = { ok: true; before: RolloutPhase; after: RolloutSnapshot; announcement?: JobRow } | { ok: false; current: RolloutSnapshot };

/**
 * Applies `event` to the stored rollout in one transaction with its audit lines and the event remembered among its
 * last, then carries out what the new phase brings: preparation opening mails the announcement to every user.
 */
async function advance(
  env: HrmEnv,
  event: RolloutEvent,
  actor: StoredUser | null,
  describe?: (after: RolloutSnapshot) => AuditRow,
): Promise<Advance> {
  const outcome = await env.db.transaction('rw', env.db.settings, env.db.audit, async (): Promise<Advance> => {
    const row = await env.db.settings.get('rollout');
    const stored = row?.key === 'rollout' ? row : undefined;
    const current = restoreRollout(stored?.snapshot);
    if (!current.can(event)) return { ok: false, current };
    const [after] = transition(rolloutMachine, current, event);
    const before = rolloutPhase(current);
    const stageBefore = migrationStage(current);
    const lastEvents = remember(stored?.lastEvents, appliedEvent(rolloutMachine, current, event, after, now(env)));
    await env.db.settings.put({ key: 'rollout', snapshot: persistRollout(after), lastEvents });
    const entries: AuditRow[] = describe ? [describe(after)] : [];
    if (before !== rolloutPhase(after)) entries.push(phaseEntry(env, rolloutPhase(after), after, actor));
    if (stageBefore !== 'complete' && migrationStage(after) === 'complete') entries.push(completionEntry(env, after, actor));
    if (entries.length > 0) await env.db.audit.bulkAdd(entries);
    return { ok: true, before, after };
  });
  if (outcome.ok && outcome.before === 'setup' && rolloutPhase(outcome.after) === 'preparation')
    return { ...outcome, announcement: await announce(env) };
  return outcome;
}

function phaseEntry(env: HrmEnv, phase: RolloutPhase, after: RolloutSnapshot, actor: StoredUser | null): AuditRow {
  if (phase === 'preparation') {
    const detail = actor
      ? `${actor.name} started the preparation phase`
      : `The preparation phase opened as scheduled (${formatTenantDateTime(after.context.preparationStartedAt!)})`;
    return auditEntry(env, 'preparation_started', detail, { actor: actor?.id ?? null });
  }
  return auditEntry(
    env,
    'activated',
    `Activation as scheduled (${formatTenantDateTime(after.context.activatedAt!)}): Connect is the login from now on`,
    {
      actor: actor?.id ?? null,
    },
  );
}

function completionEntry(env: HrmEnv, after: RolloutSnapshot, actor: StoredUser | null): AuditRow {
  const at = formatTenantDateTime(after.context.completedAt!);
  const detail = actor
    ? `${actor.name} closed the migration (${at}): migration complete`
    : `Migration complete (${at}): the last temporary measure of the move has ended`;
  return auditEntry(env, 'migration_complete', detail, { actor: actor?.id ?? null });
}

/** R1: every user hears of the change when preparation opens. Timeclock-only users need no action (R11). */
async function announce(env: HrmEnv): Promise<JobRow> {
  const directory = await env.directory();
  const everyone = [...directory.all()].map((u) => u.id);
  return env.jobs.start('announcement', null, everyone);
}

/** GET /api/rollout (public) → RolloutStatus. */
export async function getRollout(env: HrmEnv): Promise<Response> {
  return json(await rolloutStatus(env, await loadRollout(env.db)));
}

/** POST /api/rollout/start-preparation (admin) → RolloutStatus; 409 phase_conflict unless in setup. */
export async function startPreparation(env: HrmEnv, request: Request): Promise<Response> {
  const admin = await requireAdmin(env, request);
  const outcome = await advance(env, { type: 'START_PREPARATION', now: now(env) }, admin);
  if (!outcome.ok) return hrmProblem(409, 'phase_conflict', MESSAGES.phaseConflict(rolloutPhase(outcome.current)));
  await armRolloutTimer(env);
  return json(await rolloutStatus(env, outcome.after));
}

/**
 * PUT /api/rollout/schedule RolloutScheduleRequest (admin) → RolloutScheduleAnswer. The machine's guard decides;
 * `scheduleProblem` says which date is wrong and why. Advice that does not block comes back as warnings.
 */
export async function putSchedule(env: HrmEnv, request: Request): Promise<Response> {
  const admin = await requireAdmin(env, request);
  const body = await readJson(request, ScheduleBody);
  const at = now(env);
  const event: RolloutEvent = { type: 'SCHEDULE', preparationStartsAt: body.preparationStartsAt, activationAt: body.activationAt, now: at };
  const current = await loadRollout(env.db);
  const problem = scheduleProblem(rolloutPhase(current), current.context, body, at);
  if (problem) return hrmProblem(422, 'schedule_invalid', MESSAGES.schedule[problem.code], problem.field);

  const describe = (after: RolloutSnapshot): AuditRow => {
    const when = (t: number | null) => (t === null ? 'not scheduled' : formatTenantDateTime(t));
    return auditEntry(
      env,
      'schedule_changed',
      `${admin.name} set the schedule: preparation ${when(after.context.preparationStartsAt)}, activation ${when(after.context.activationAt)}`,
      { actor: admin.id },
    );
  };
  const outcome = await advance(env, event, admin, describe);
  if (!outcome.ok) return hrmProblem(409, 'schedule_invalid', MESSAGES.schedule.already_activated);
  await armRolloutTimer(env);
  return json<RolloutScheduleAnswer>({
    ...(await rolloutStatus(env, outcome.after)),
    warnings: await scheduleWarnings(env, outcome.after),
  });
}

async function scheduleWarnings(env: HrmEnv, snapshot: RolloutSnapshot): Promise<string[]> {
  const warnings: string[] = [];
  const { preparationStartsAt, activationAt } = snapshot.context;
  if (preparationStartsAt !== null && activationAt !== null) {
    const days = Math.floor((activationAt - preparationStartsAt) / DAY);
    if (days < SHORT_PREPARATION_DAYS)
      warnings.push(`Users get ${days === 1 ? '1 day' : `${days} days`} to verify their email. Plan for about a month of preparation.`);
  }
  if (rolloutPhase(snapshot) === 'setup' && preparationStartsAt !== null && (await loadSecurity(env.db)).allowedDomains.length === 0)
    warnings.push(
      'No allowed domains are set, so any email domain can be linked. Set them under General > Security before preparation opens if you want to restrict them.',
    );
  return warnings;
}

/**
 * PUT /api/rollout/temporary-measures TemporaryMeasuresRequest (admin) → RolloutStatus. The machine's guard decides;
 * `temporaryMeasuresProblem` says which field is wrong and why. A request made from values that changed since it was
 * loaded is refused (measures_stale), so one admin's change is never overwritten unseen by another's.
 */
export async function putTemporaryMeasures(env: HrmEnv, request: Request): Promise<Response> {
  const admin = await requireAdmin(env, request);
  const body = await readJson(request, MeasuresBody);
  const at = now(env);
  const input = {
    hosting: body.hosting,
    apiForwardingEndsAt: body.apiForwardingEndsAt,
    calendarRedirectEndsAt: body.calendarRedirectEndsAt,
  };
  const current = await loadRollout(env.db);
  if (body.seen && !sameMeasures(body.seen, current.context)) return hrmProblem(409, 'measures_stale', MESSAGES.measuresStale);
  const problem = temporaryMeasuresProblem(migrationStage(current), current.context, input, at);
  if (problem) return hrmProblem(422, 'measures_invalid', MESSAGES.measures[problem.code], problem.field);

  const describe = (after: RolloutSnapshot): AuditRow => {
    const c = after.context;
    const when = (t: number | null) => (t === null ? 'no end date' : `ends ${formatTenantDateTime(t)}`);
    const detail =
      c.hosting === 'selfHosted'
        ? `${admin.name} set the hosting to self-hosted: no forwarding from the old addresses`
        : `${admin.name} set the temporary measures: hosted by us, API forwarding ${when(c.apiForwardingEndsAt)}, calendar redirect ${when(c.calendarRedirectEndsAt)}`;
    return auditEntry(env, 'temporary_measures_changed', detail, { actor: admin.id });
  };
  const outcome = await advance(env, { type: 'SET_TEMPORARY_MEASURES', ...input, now: at }, admin, describe);
  if (!outcome.ok) return hrmProblem(409, 'measures_stale', MESSAGES.measuresStale);
  await armRolloutTimer(env);
  return json(await rolloutStatus(env, outcome.after));
}

function sameMeasures(a: TemporaryMeasuresRequest['seen'] & object, b: RolloutSnapshot['context']): boolean {
  return (
    a.hosting === b.hosting && a.apiForwardingEndsAt === b.apiForwardingEndsAt && a.calendarRedirectEndsAt === b.calendarRedirectEndsAt
  );
}

/** POST /api/rollout/complete (admin) → RolloutStatus: "Close the migration"; 409 phase_conflict unless in post-migration. */
export async function completeMigration(env: HrmEnv, request: Request): Promise<Response> {
  const admin = await requireAdmin(env, request);
  const outcome = await advance(env, { type: 'COMPLETE_MIGRATION', now: now(env) }, admin);
  if (!outcome.ok)
    return hrmProblem(409, 'phase_conflict', MESSAGES.completeConflict(migrationStage(outcome.current) satisfies MigrationStage));
  await armRolloutTimer(env);
  return json(await rolloutStatus(env, outcome.after));
}
