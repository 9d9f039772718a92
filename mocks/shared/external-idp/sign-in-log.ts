// Owns the provider's sign-in log: one line per sign-in that succeeded or was refused, as its admin console lists them.
import type { IdpApplicationRow, IdpUserRow } from './db';
import { now, type IdpEnv } from './env';

export async function logSignIn(
  env: IdpEnv,
  entry: {
    user: IdpUserRow | undefined;
    username: string;
    app: Pick<IdpApplicationRow, 'clientId' | 'name'> | undefined;
    result: 'success' | 'failure';
    reason: string | null;
  },
): Promise<void> {
  await env.db.signIns.add({
    id: env.ctx.random.hex(12),
    at: now(env),
    userId: entry.user?.id ?? null,
    username: entry.username,
    clientId: entry.app?.clientId ?? null,
    application: entry.app?.name ?? null,
    result: entry.result,
    reason: entry.reason,
  });
}
