// Owns General > Security's API (rule 6, seed 000): the domains allowed when linking to Connect. Admins only;
// every row is checked and nothing is saved when any row is wrong.
import { z } from 'zod';
import { rolloutPhase } from '../../../machines/rollout';
import type { SecurityAnswer, SecuritySettings } from '../../../src/contracts/hrm';
import { json, problemFrom, readJson } from '../../shared/http';
import { auditEntry, requireAdmin, type HrmEnv } from './env';
import { listDomains, parseAllowedDomains } from './rules';
import { loadRollout, loadSecurity } from './store';

const SecurityBody = z.object({ allowedDomains: z.array(z.string()) });

/** Seed 000: "It's crucial to configure the allowed domains before the preparation phase begins." */
export const LATE_DOMAINS_WARNING =
  'Preparation has already started: users who are already linked keep their email addresses, whatever the list says. Seed 000 advises setting allowed domains before preparation begins.';

/** GET /api/security → SecuritySettings. */
export async function getSecurity(env: HrmEnv, request: Request): Promise<Response> {
  await requireAdmin(env, request);
  const { allowedDomains } = await loadSecurity(env.db);
  return json<SecuritySettings>({ allowedDomains: [...allowedDomains] });
}

/** PUT /api/security {allowedDomains} → SecurityAnswer. Already-linked users are not affected (seed 000). */
export async function putSecurity(env: HrmEnv, request: Request): Promise<Response> {
  const admin = await requireAdmin(env, request);
  const body = await readJson(request, SecurityBody);
  const parsed = parseAllowedDomains(body.allowedDomains);
  if (!parsed.ok) return problemFrom(422, parsed.problem);
  const allowedDomains = parsed.value;
  const changed = await env.db.transaction('rw', env.db.settings, env.db.audit, async () => {
    const before = await loadSecurity(env.db);
    if (before.allowedDomains.join('\n') === allowedDomains.join('\n')) return false;
    await env.db.settings.put({ key: 'security', allowedDomains });
    const describe = (d: readonly string[]) => (d.length === 0 ? 'all domains' : listDomains(d));
    await env.db.audit.add(
      auditEntry(env, 'security_changed', `${admin.name} changed the domains allowed for linking from ${describe(before.allowedDomains)} to ${describe(allowedDomains)}`, {
        actor: admin.id,
      }),
    );
    return true;
  });
  const late = changed && rolloutPhase(await loadRollout(env.db)) !== 'setup';
  return json<SecurityAnswer>({ allowedDomains, warning: late ? LATE_DOMAINS_WARNING : null });
}
