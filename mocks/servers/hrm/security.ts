// Owns General > Security's API: the domains allowed when linking to Connect (R6: every row is checked
// and nothing is saved when any row is wrong), and linking emails at domains verified at Connect without a code
// (R13). Admins only.
import { z } from 'zod';
import { rolloutPhase } from '../../../machines/rollout';
import type { HrmSecuritySettings, SecurityAnswer } from '../../../src/contracts/hrm';
import { domainOf } from '../../../src/domain/email';
import { json, problemFrom, readJson } from '../../shared/http';
import { auditEntry, type HrmEnv } from './env';
import { requireAdmin } from './signed-in';
import { verifiedDomainsAtConnect } from './peers';
import { listDomains, parseAllowedDomains } from './rules';
import { loadRollout, loadSecurity, loadTenant } from './store';

const SecurityBody = z.object({ allowedDomains: z.array(z.string()), linkVerifiedDomainsWithoutCode: z.boolean().optional() });

/** R6: "It's crucial to configure the allowed domains before the preparation phase begins." */
export const LATE_DOMAINS_WARNING =
  'Preparation has already started: users who are already linked keep their email addresses, whatever the list says. Set the allowed domains before preparation begins.';

/** The domains verified at Connect now, or null when Connect did not answer. */
export async function verifiedDomains(env: HrmEnv): Promise<string[] | null> {
  const answer = await verifiedDomainsAtConnect(env.ctx, (await loadTenant(env.db)).hrmClientSecret);
  return answer.ok ? answer.value : null;
}

/**
 * R13: whether `email` is linked without a code — the tenant turned it on and its domain is verified at Connect.
 * Connect not answering means no: a code is the safe way.
 */
export async function linksWithoutCode(env: HrmEnv, email: string): Promise<boolean> {
  return (await domainsLinkedWithoutCode(env)).has(domainOf(email));
}

/** R13 for many users at once: the domains whose emails are linked without a code now (none when it is off). */
export async function domainsLinkedWithoutCode(env: HrmEnv): Promise<ReadonlySet<string>> {
  if (!(await loadSecurity(env.db)).linkVerifiedDomainsWithoutCode) return new Set();
  return new Set((await verifiedDomains(env)) ?? []);
}

export async function securitySettings(env: HrmEnv): Promise<HrmSecuritySettings> {
  const row = await loadSecurity(env.db);
  return {
    allowedDomains: [...row.allowedDomains],
    linkVerifiedDomainsWithoutCode: row.linkVerifiedDomainsWithoutCode ?? false,
    verifiedDomains: await verifiedDomains(env),
  };
}

/** GET /api/security → HrmSecuritySettings. */
export async function getSecurity(env: HrmEnv, request: Request): Promise<Response> {
  await requireAdmin(env, request);
  return json<HrmSecuritySettings>(await securitySettings(env));
}

/** PUT /api/security {allowedDomains, linkVerifiedDomainsWithoutCode?} → SecurityAnswer. Linked users are not affected. */
export async function putSecurity(env: HrmEnv, request: Request): Promise<Response> {
  const admin = await requireAdmin(env, request);
  const body = await readJson(request, SecurityBody);
  const parsed = parseAllowedDomains(body.allowedDomains);
  if (!parsed.ok) return problemFrom(422, parsed.problem);
  const allowedDomains = parsed.value;
  const domainsChanged = await env.db.transaction('rw', env.db.settings, env.db.audit, async () => {
    const before = await loadSecurity(env.db);
    const withoutCode = body.linkVerifiedDomainsWithoutCode ?? before.linkVerifiedDomainsWithoutCode ?? false;
    const changed = before.allowedDomains.join('\n') !== allowedDomains.join('\n');
    const switched = withoutCode !== (before.linkVerifiedDomainsWithoutCode ?? false);
    if (!changed && !switched) return false;
    await env.db.settings.put({ key: 'security', allowedDomains, linkVerifiedDomainsWithoutCode: withoutCode });
    const describe = (d: readonly string[]) => (d.length === 0 ? 'all domains' : listDomains(d));
    if (changed)
      await env.db.audit.add(
        auditEntry(
          env,
          'security_changed',
          `${admin.name} changed the domains allowed for linking from ${describe(before.allowedDomains)} to ${describe(allowedDomains)}`,
          {
            actor: admin.id,
          },
        ),
      );
    if (switched)
      await env.db.audit.add(
        auditEntry(
          env,
          'security_changed',
          `${admin.name} turned ${withoutCode ? 'on' : 'off'} linking without a code for domains verified at Connect`,
          { actor: admin.id },
        ),
      );
    return changed;
  });
  const late = domainsChanged && rolloutPhase(await loadRollout(env.db)) !== 'setup';
  return json<SecurityAnswer>({ ...(await securitySettings(env)), warning: late ? LATE_DOMAINS_WARNING : null });
}
