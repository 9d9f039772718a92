// Owns the HRM's bridge between stored data and its machines: restoring a user's link journey and the tenant's
// rollout for XState's pure `transition`, storing them back, and reading the tenant's settings.
import { initialTransition } from 'xstate';
import { initialLinkingContext, linkingMachine, linkingStatus, type LinkingSnapshot } from '../../../machines/linking';
import { initialRolloutContext, rolloutMachine, type RolloutSnapshot } from '../../../machines/rollout';
import type { AppliedEvent } from '../../../src/contracts/inspection';
import type {
  HrmDb,
  PersistedMachineSnapshot,
  RolloutSettingsRow,
  SecuritySettingsRow,
  StoredLink,
  StoredUser,
  TenantSettingsRow,
} from './db';

const [initialLinking] = initialTransition(linkingMachine);

/** Our machines have no children or history, so value + context restore them exactly. */
export function restoreLinking(stored: StoredLink | null | undefined): LinkingSnapshot {
  if (!stored) return initialLinking;
  return linkingMachine.resolveState({ value: stored.value as never, context: stored.context });
}

/**
 * The journey to store, with the last events it took: null for a user who never moved, so a directory of 100,000
 * untouched users stays small. A user back at the start after an unlink keeps the events that brought them there.
 */
export function storeLinking(snapshot: LinkingSnapshot, lastEvents: readonly AppliedEvent[] = []): StoredLink | null {
  const status = linkingStatus(snapshot);
  if (status === 'unlinked' && lastEvents.length === 0 && JSON.stringify(snapshot.context) === JSON.stringify(initialLinkingContext))
    return null;
  return {
    status,
    value: JSON.parse(JSON.stringify(snapshot.value)) as unknown,
    context: { ...snapshot.context },
    lastEvents: [...lastEvents],
  };
}

/** The user with this journey; its last events are the user's so far unless given. */
export function withLinking(
  user: StoredUser,
  snapshot: LinkingSnapshot,
  lastEvents: readonly AppliedEvent[] = user.link?.lastEvents ?? [],
): StoredUser {
  return { ...user, link: storeLinking(snapshot, lastEvents) };
}

export function restoreRollout(persisted: PersistedMachineSnapshot | undefined): RolloutSnapshot {
  if (!persisted) return initialTransition(rolloutMachine)[0];
  // A rollout stored before post-migration existed lacks its fields: they take their defaults (hosted, no end dates).
  const context = { ...initialRolloutContext, ...(persisted.context as Partial<typeof initialRolloutContext>) };
  return rolloutMachine.resolveState({ value: persisted.value as never, context: context as never });
}

export function persistRollout(snapshot: RolloutSnapshot): PersistedMachineSnapshot {
  return JSON.parse(JSON.stringify(rolloutMachine.getPersistedSnapshot(snapshot))) as PersistedMachineSnapshot;
}

export async function loadTenant(db: HrmDb): Promise<TenantSettingsRow> {
  const row = await db.settings.get('tenant');
  if (!row || row.key !== 'tenant') throw new Error('The HRM database has no tenant settings: reset the workspace');
  return row;
}

export async function loadSecurity(db: HrmDb): Promise<SecuritySettingsRow> {
  const row = await db.settings.get('security');
  return row && row.key === 'security' ? row : { key: 'security', allowedDomains: [] };
}

export async function loadRollout(db: HrmDb): Promise<RolloutSnapshot> {
  const row = await db.settings.get('rollout');
  return restoreRollout(row && row.key === 'rollout' ? (row as RolloutSettingsRow).snapshot : undefined);
}
