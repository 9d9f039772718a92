// Owns Connect's Domains API (R23): the admin portal lists and adds domains, downloads the verification
// file and clicks "Verify"; applications ask which domains are verified (R13, HTTP Basic client authentication).
import { transition } from 'xstate';
import { z } from 'zod';
import {
  VERIFICATION_METHODS,
  type DomainView,
  type VerifiedDomainsResponse,
  type VerifyDomainResponse,
} from '../../../../src/contracts/connect-domains';
import { parseDomain } from '../../../../src/domain/email';
import { domainStatus, domainVerificationMachine } from '../../../../machines/domain-verification';
import { json, problemFrom, readJson } from '../../../shared/http';
import { appliedEvent, remember } from '../../../shared/machine-events';
import { requireConnectAdmin, type ConnectAdmin } from '../admin/access';
import type { AuditRow, DomainRow, OrganisationRow } from '../db';
import { auditEntry, connectProblem, now, requireClient, type ConnectEnv } from '../env';
import { checkDomain } from './check';
import {
  DOMAIN_MESSAGES,
  fileName,
  methodName,
  newDomainMachine,
  restoreDomainMachine,
  toDomainView,
  txtValue,
  withMachine,
} from './rules';

const AddBody = z.object({ domain: z.string().max(300) });
const VerifyBody = z.object({ method: z.enum(VERIFICATION_METHODS) });

/** One of the administrator's organisation's domains, or a thrown 404: another organisation's is not told apart from none. */
async function findDomain(env: ConnectEnv, admin: ConnectAdmin, params: { domain: string }): Promise<DomainRow> {
  let domain = params.domain;
  try {
    domain = decodeURIComponent(domain);
  } catch {
    // Not percent-encoded: taken as it is.
  }
  domain = domain.trim().toLowerCase();
  const row = await env.db.domains.get(domain);
  if (!row || row.organisationId !== admin.organisation.id) throw connectProblem(404, 'not_found', DOMAIN_MESSAGES.notFound(domain));
  return row;
}

export async function listDomainViews(env: ConnectEnv, organisation: OrganisationRow): Promise<DomainView[]> {
  return (await env.db.domains.where('organisationId').equals(organisation.id).sortBy('domain')).map(toDomainView);
}

/** GET /api/admin/domains → DomainView[], the administrator's organisation's. */
export async function listDomains(env: ConnectEnv, request: Request): Promise<Response> {
  const admin = await requireConnectAdmin(env, request);
  return json<DomainView[]>(await listDomainViews(env, admin.organisation));
}

/** A verified domain joins the organisation's domains (its accounts become the organisation's), or is marked verified there. */
function withVerifiedDomain(organisation: OrganisationRow, domain: string, verifiedAt: number): OrganisationRow {
  const others = organisation.domains.filter((d) => d.name !== domain);
  return { ...organisation, domains: [...others, { name: domain, verifiedAt }].sort((a, b) => a.name.localeCompare(b.name)) };
}

/**
 * POST /api/admin/domains {domain} → 201 DomainView (R23: "click the Add domain button, and enter the domain name
 * used by users … to log in"). One organisation owns a domain once: adding it again is 409 at the field.
 */
export async function addDomain(env: ConnectEnv, request: Request): Promise<Response> {
  const { account, organisation } = await requireConnectAdmin(env, request);
  const parsed = parseDomain((await readJson(request, AddBody)).domain, 'domain');
  if (!parsed.ok) return problemFrom(422, parsed.problem);
  const domain = parsed.value;
  const row: DomainRow = {
    domain,
    organisationId: organisation.id,
    status: 'unverified',
    token: env.ctx.random.hex(16),
    addedAt: now(env),
    addedBy: account.email,
    machine: newDomainMachine(domain),
  };
  const added = await env.db.transaction('rw', env.db.domains, env.db.audit, async () => {
    if (await env.db.domains.get(domain)) return false;
    await env.db.domains.add(row);
    await env.db.audit.add(
      auditEntry(env, 'domain.added', `${account.name} added the domain ${domain}`, {
        accountId: account.id,
        email: account.email,
        actorId: account.id,
      }),
    );
    return true;
  });
  if (!added) return connectProblem(409, 'domain_taken', DOMAIN_MESSAGES.taken(domain), 'domain');
  return json<DomainView>(toDomainView(row), { status: 201 });
}

/**
 * POST /api/admin/domains/:domain/verify {method} → VerifyDomainResponse. Looks the proof up over the network first (an
 * IndexedDB transaction cannot span it), then advances the domain's machine in one transaction with its audit lines;
 * a verified domain joins the organisation's domains. It stays verified and is not looked up again: verification is a
 * moment, not a continuous check.
 */
export async function verifyDomain(env: ConnectEnv, request: Request, params: { domain: string }): Promise<Response> {
  const admin = await requireConnectAdmin(env, request);
  const { account } = admin;
  const { method } = await readJson(request, VerifyBody);
  const row = await findDomain(env, admin, params);
  const stored = restoreDomainMachine(row);
  if (domainStatus(stored) === 'verified')
    return json<VerifyDomainResponse>({ domain: toDomainView(row), check: stored.context.lastCheck! });

  const check = await checkDomain(env, row.domain, row.token, method);
  const updated = await env.db.transaction('rw', env.db.domains, env.db.organisations, env.db.audit, async () => {
    const current = (await env.db.domains.get(row.domain)) ?? row;
    const before = restoreDomainMachine(current);
    const event = { type: 'CHECKED', check } as const;
    const [next] = transition(domainVerificationMachine, before, event);
    const saved = {
      ...withMachine(current, next),
      lastEvents: remember(current.lastEvents, appliedEvent(domainVerificationMachine, before, event, next, now(env))),
    };
    const who = { accountId: account.id, email: account.email, actorId: account.id };
    const audit: AuditRow[] = [
      auditEntry(
        env,
        'domain.verification_attempted',
        `${account.name} verified ${row.domain} by ${methodName(check.method)}: ${check.code.replace(/_/g, ' ')}`,
        who,
      ),
    ];
    if (current.status !== 'verified' && saved.status === 'verified') {
      audit.push(auditEntry(env, 'domain.verified', `${row.domain} verified by ${methodName(check.method)}`, who));
      const organisation = await env.db.organisations.get(current.organisationId);
      if (organisation) await env.db.organisations.put(withVerifiedDomain(organisation, row.domain, check.at));
    }
    await env.db.domains.put(saved);
    await env.db.audit.bulkAdd(audit);
    return saved;
  });
  return json<VerifyDomainResponse>({ domain: toDomainView(updated), check });
}

/** GET /api/admin/domains/:domain/verification-file → the static HTML file to publish (R23, verification via HTTPS). */
export async function verificationFile(env: ConnectEnv, request: Request, params: { domain: string }): Promise<Response> {
  const row = await findDomain(env, await requireConnectAdmin(env, request), params);
  return new Response(txtValue(row.token), {
    headers: { 'content-type': 'text/html; charset=utf-8', 'content-disposition': `attachment; filename="${fileName(row.token)}"` },
  });
}

/**
 * GET /api/organisation/verified-domains → VerifiedDomainsResponse, for an application authenticated with HTTP Basic
 * (RFC 6749 §2.3.1). R13: an application may skip verifying emails at a domain the organisation verified.
 */
export async function verifiedDomains(env: ConnectEnv, request: Request): Promise<Response> {
  await requireClient(env, request);
  const rows = await env.db.domains.where('status').equals('verified').sortBy('domain');
  const domains: VerifiedDomainsResponse['domains'] = [];
  for (const row of rows) {
    const { verifiedAt, verifiedWith } = row.machine.context;
    if (verifiedAt !== null && verifiedWith !== null) domains.push({ domain: row.domain, verifiedAt, method: verifiedWith });
  }
  return json<VerifiedDomainsResponse>({ domains });
}
