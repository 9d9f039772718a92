// Owns the HRM's inspection answer (GET /_sim/machines, src/contracts/inspection.ts): what its database holds of the
// tenant's rollout and, for the user with `loginId`, of their link journey — state value, context, last events — for
// the x-ray's state diagrams. Read from IndexedDB itself, not from the in-memory directory, so it shows what is stored.
import { initialTransition } from 'xstate';
import { linkingMachine } from '../../../machines/linking';
import { rolloutMachine } from '../../../machines/rollout';
import type { HrmInspection, MachineInstance } from '../../../src/contracts/inspection';
import { problem } from '../../shared/http';
import { inspectionAnswer, machineInstance } from '../../shared/inspection';
import type { StoredUser } from './db';
import { now, type HrmEnv } from './env';
import { loadTenant, persistRollout } from './store';

/**
 * R3: only the code's digest is kept, and a 6-digit code is found from its digest in a million tries; the
 * digests of earlier codes, kept to recognise them, as much.
 */
const LINKING_WITHHELD = ['codeHash', 'supersededCodes'];

export async function inspectMachines(env: HrmEnv, request: Request): Promise<Response> {
  const loginId = new URL(request.url).searchParams.get('loginId');
  if (loginId !== null && loginId.trim() === '')
    throw problem(400, 'invalid_request', 'loginId: a user ID, or none for the rollout alone', 'loginId');
  const user = loginId === null ? undefined : (await env.directory()).byLogin(loginId.trim());
  if (loginId !== null && !user) throw problem(404, 'unknown_user', `No HRM user has the user ID “${loginId}”.`, 'loginId');

  const tenant = await loadTenant(env.db);
  const row = await env.db.settings.get('rollout');
  // A seeded tenant always has its rollout stored; without one the machine is where it starts.
  const { snapshot, lastEvents } =
    row?.key === 'rollout' ? row : { snapshot: persistRollout(initialTransition(rolloutMachine)[0]), lastEvents: [] };
  const answer: HrmInspection = {
    at: now(env),
    rollout: machineInstance('rollout', tenant.name, { value: snapshot.value, context: snapshot.context as object, lastEvents }),
    user: user ? { id: user.id, loginId: user.loginId, name: user.name } : null,
    linking: user ? await storedLinking(env, user) : null,
  };
  return inspectionAnswer(answer);
}

async function storedLinking(env: HrmEnv, user: StoredUser): Promise<MachineInstance> {
  const chunk = await env.db.states.get(user.chunk);
  const link = chunk?.states.find((state) => state.id === user.id)?.link;
  const label = `${user.name} (${user.loginId})`;
  // No journey stored: the user has never moved, and the machine is where it starts (store.ts, storeLinking).
  if (!link) return machineInstance('linking', label, initialTransition(linkingMachine)[0], LINKING_WITHHELD);
  return machineInstance('linking', label, link, LINKING_WITHHELD);
}
