// Owns General > Security's API (rule 6, seed 000): the domains allowed when linking to Connect. Admins only;
// every row is checked and nothing is saved when any row is wrong.
import { z } from 'zod';
import type { SecuritySettings } from '../../../src/contracts/hrm';
import { json, problemFrom, readJson } from '../../shared/http';
import type { UserRow } from './db';
import { auditEntry, hrmProblem, requireUser, type HrmEnv } from './env';
import { isAdmin, listDomains, MESSAGES, parseAllowedDomains } from './rules';
import { loadSecurity } from './store';

const SecurityBody = z.object({ allowedDomains: z.array(z.string()) });

export async function requireAdmin(env: HrmEnv, request: Request): Promise<UserRow> {
  const user = await requireUser(env, request);
  if (!isAdmin(user.roles)) throw hrmProblem(403, 'forbidden', MESSAGES.forbidden);
  return user;
}

/** GET /api/security → SecuritySettings. */
export async function getSecurity(env: HrmEnv, request: Request): Promise<Response> {
  await requireAdmin(env, request);
  const { allowedDomains } = await loadSecurity(env.db);
  return json<SecuritySettings>({ allowedDomains: [...allowedDomains] });
}

/** PUT /api/security {allowedDomains} → SecuritySettings. Already-linked users are not affected (seed 000). */
export async function putSecurity(env: HrmEnv, request: Request): Promise<Response> {
  const admin = await requireAdmin(env, request);
  const body = await readJson(request, SecurityBody);
  const parsed = parseAllowedDomains(body.allowedDomains);
  if (!parsed.ok) return problemFrom(422, parsed.problem);
  const allowedDomains = parsed.value;
  await env.db.transaction('rw', env.db.settings, env.db.audit, async () => {
    const before = await loadSecurity(env.db);
    await env.db.settings.put({ key: 'security', allowedDomains });
    const describe = (d: readonly string[]) => (d.length === 0 ? 'all domains' : listDomains(d));
    await env.db.audit.add(
      auditEntry(env, 'security_changed', `${admin.name} changed the domains allowed for linking from ${describe(before.allowedDomains)} to ${describe(allowedDomains)}`, {
        actor: admin.id,
      }),
    );
  });
  return json<SecuritySettings>({ allowedDomains });
}
