// Owns the HRM's bridge between stored rows and its machines: restoring persisted snapshots for XState's pure
// `transition`, persisting them back, and reading the tenant's settings.
import { initialTransition } from 'xstate';
import { linkingMachine, linkingStatus, type LinkingSnapshot } from '../../../machines/linking';
import { rolloutMachine, type RolloutSnapshot } from '../../../machines/rollout';
import type { HrmDb, LinkRow, PersistedMachineSnapshot, RolloutSettingsRow, SecuritySettingsRow, TenantSettingsRow } from './db';

/** Our machines have no children or history, so value + context restore them exactly. */
export function restoreLinking(persisted: PersistedMachineSnapshot | undefined): LinkingSnapshot {
  if (!persisted) return initialTransition(linkingMachine)[0];
  return linkingMachine.resolveState({ value: persisted.value as never, context: persisted.context as never });
}

export function persistLinking(snapshot: LinkingSnapshot): PersistedMachineSnapshot {
  return JSON.parse(JSON.stringify(linkingMachine.getPersistedSnapshot(snapshot))) as PersistedMachineSnapshot;
}

export function restoreRollout(persisted: PersistedMachineSnapshot | undefined): RolloutSnapshot {
  if (!persisted) return initialTransition(rolloutMachine)[0];
  return rolloutMachine.resolveState({ value: persisted.value as never, context: persisted.context as never });
}

export function persistRollout(snapshot: RolloutSnapshot): PersistedMachineSnapshot {
  return JSON.parse(JSON.stringify(rolloutMachine.getPersistedSnapshot(snapshot))) as PersistedMachineSnapshot;
}

/** The row to store for a user's link snapshot: status mirrored, linkedEmail only while linked. */
export function linkRow(userId: string, snapshot: LinkingSnapshot): LinkRow {
  const status = linkingStatus(snapshot);
  const row: LinkRow = { userId, status, snapshot: persistLinking(snapshot) };
  if (status === 'linked' && snapshot.context.email) row.linkedEmail = snapshot.context.email;
  return row;
}

export async function loadLinking(db: HrmDb, userId: string): Promise<LinkingSnapshot> {
  return restoreLinking((await db.links.get(userId))?.snapshot);
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
