// Owns the record of who calls the HRM's addresses after the move (R18): every API client, calendar feed, SMS callback,
// shift-request link, file export and device seen at the old address or the new one, so the integrations checklist can
// say what still uses an old address, since when, and what it got.
import { storageFailureOf } from '../../shared/storage-failure';
import type { HrmEnv } from './env';
import { now } from './env';
import type { IntegrationCallRow, IntegrationKind } from './db';

export interface IntegrationCall {
  kind: IntegrationKind;
  client: string;
  address: IntegrationCallRow['address'];
  /** The URL or path called; only its path is kept. */
  path: string;
  outcome: IntegrationCallRow['lastOutcome'];
}

export function integrationCallKey(call: Pick<IntegrationCall, 'kind' | 'client' | 'address'>): string {
  return `${call.kind}|${call.client}|${call.address}`;
}

/** Counts one call. A storage failure must not turn the caller's answer into an error: that count is dropped. */
export async function recordIntegrationCall(env: HrmEnv, call: IntegrationCall): Promise<void> {
  const key = integrationCallKey(call);
  const at = now(env);
  const lastPath = call.path.startsWith('/') ? call.path.split('?')[0]! : new URL(call.path).pathname;
  try {
    await env.db.transaction('rw', env.db.integrationCalls, async () => {
      const before = await env.db.integrationCalls.get(key);
      await env.db.integrationCalls.put({
        key,
        kind: call.kind,
        client: call.client,
        address: call.address,
        firstSeenAt: before?.firstSeenAt ?? at,
        lastSeenAt: at,
        count: (before?.count ?? 0) + 1,
        lastPath,
        lastOutcome: call.outcome,
      });
    });
  } catch (error) {
    if (storageFailureOf(error) === null) throw error;
  }
}

/** Every caller seen, most recently seen first. */
export async function integrationCalls(env: HrmEnv): Promise<IntegrationCallRow[]> {
  return env.db.integrationCalls.orderBy('lastSeenAt').reverse().toArray();
}
