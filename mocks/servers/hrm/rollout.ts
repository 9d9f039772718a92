// Owns the tenant's rollout phase as the HRM serves it: the public status and the admin's "start preparation",
// advanced with the rollout machine's pure `transition` on the stored snapshot.
import { transition } from 'xstate';
import { rolloutMachine, rolloutPhase, type RolloutEvent, type RolloutSnapshot } from '../../../machines/rollout';
import type { RolloutPhase, RolloutStatus } from '../../../src/contracts/hrm';
import { json } from '../../shared/http';
import { auditEntry, hrmProblem, now, type HrmEnv } from './env';
import { MESSAGES } from './rules';
import { requireAdmin } from './security';
import { loadRollout, loadTenant, persistRollout, restoreRollout } from './store';

async function status(env: HrmEnv, snapshot: RolloutSnapshot): Promise<RolloutStatus> {
  const tenant = await loadTenant(env.db);
  return { tenantName: tenant.name, phase: rolloutPhase(snapshot), preparationStartedAt: snapshot.context.preparationStartedAt };
}

/** GET /api/rollout (public) → RolloutStatus. */
export async function getRollout(env: HrmEnv): Promise<Response> {
  return json(await status(env, await loadRollout(env.db)));
}

/** POST /api/rollout/start-preparation (admin) → RolloutStatus; 409 phase_conflict unless in setup. */
export async function startPreparation(env: HrmEnv, request: Request): Promise<Response> {
  const admin = await requireAdmin(env, request);
  const event: RolloutEvent = { type: 'START_PREPARATION', now: now(env) };
  type Outcome = { ok: true; after: RolloutSnapshot } | { ok: false; phase: RolloutPhase };
  const outcome = await env.db.transaction('rw', env.db.settings, env.db.audit, async (): Promise<Outcome> => {
    const row = await env.db.settings.get('rollout');
    const current = restoreRollout(row?.key === 'rollout' ? row.snapshot : undefined);
    if (!current.can(event)) return { ok: false, phase: rolloutPhase(current) };
    const [after] = transition(rolloutMachine, current, event);
    await env.db.settings.put({ key: 'rollout', snapshot: persistRollout(after) });
    await env.db.audit.add(auditEntry(env, 'preparation_started', `${admin.name} started the preparation phase`, { actor: admin.id }));
    return { ok: true, after };
  });
  if (!outcome.ok) return hrmProblem(409, 'phase_conflict', MESSAGES.phaseConflict(outcome.phase));
  return json(await status(env, outcome.after));
}
