// Owns the admin portal's Identity providers API and pages (R22, R24): adding, changing and removing the organisation's
// own identity providers for the domains it verified, Connect's certificate for each, "Check discovery", and starting
// a "Test connection" run (a real sign-in at the provider, finished by Connect's single sign-on callback).
import { z } from 'zod';
import { CONNECT_VIEWS } from '../../../../src/contracts/connect';
import {
  CERTIFICATE_VALIDITY_YEARS,
  IDENTITY_PROVIDER_PRESETS,
  IDENTITY_PROVIDER_VIEWS,
  SSO_CLIENT_AUTH_METHODS,
  type DiscoveryCheck,
  type IdentityProviderTestPageData,
  type IdentityProvidersPageData,
  type IdentityProviderView,
  type SsoTestView,
  type StartTestResponse,
} from '../../../../src/contracts/connect-sso';
import { json, page, readJson } from '../../../shared/http';
import type { IdentityProviderRow, OrganisationRow, SsoTestRow } from '../db';
import { auditEntry, connectProblem, now, type ConnectEnv } from '../env';
import { adminShell, requireAdminPage, requireConnectAdmin, type ConnectAdmin } from './access';
import { certificateFileName, makeCredential } from './identity-provider-certificate';
import { checkDiscovery } from './identity-provider-discovery';
import { startSsoSignIn } from '../sso/relying-party';
import {
  checkIssuer,
  checkProviderInput,
  connectionChanged,
  connectionChangedAt,
  describeChanges,
  IDP_MESSAGES,
  toProviderView,
  toTestView,
  untestedSsoOnly,
  type DomainContext,
  type FieldProblem,
} from './identity-provider-rules';

const Body = z.record(z.string(), z.unknown());
const CertificateBody = z.object({ years: z.unknown(), replace: z.boolean().optional() });
const DiscoverBody = z.object({ issuer: z.unknown(), clientAuth: z.unknown(), kind: z.unknown().optional() });

/** A date as the audit log and messages write it, 2027-12-07 (UTC, as world time is kept). */
function isoDate(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

function fieldProblem(problem: FieldProblem): Response {
  return connectProblem(problem.status, problem.code, problem.message, problem.field);
}

function who(admin: ConnectAdmin) {
  return { accountId: admin.account.id, email: admin.account.email, actorId: admin.account.id };
}

/** The organisation's providers, oldest first. */
async function providersOf(env: ConnectEnv, organisationId: string): Promise<IdentityProviderRow[]> {
  return env.db.identityProviders.where('organisationId').equals(organisationId).sortBy('createdAt');
}

async function latestTest(env: ConnectEnv, providerId: string): Promise<SsoTestRow | null> {
  const tests = await env.db.ssoTests.where('providerId').equals(providerId).sortBy('startedAt');
  return tests.at(-1) ?? null;
}

async function viewOf(env: ConnectEnv, row: IdentityProviderRow): Promise<IdentityProviderView> {
  return toProviderView(row, await latestTest(env, row.id));
}

export async function listProviderViews(env: ConnectEnv, organisation: OrganisationRow): Promise<IdentityProviderView[]> {
  return Promise.all((await providersOf(env, organisation.id)).map((row) => viewOf(env, row)));
}

/** R24: the organisation's verified domains, those it added but has not verified, and which other provider serves which. */
async function domainContext(env: ConnectEnv, organisationId: string, except: string | null): Promise<DomainContext> {
  const organisation = await env.db.organisations.get(organisationId);
  const verified = new Set<string>();
  const unverified = new Set<string>();
  for (const domain of organisation?.domains ?? []) (domain.verifiedAt !== null ? verified : unverified).add(domain.name);
  for (const row of await env.db.domains.where('organisationId').equals(organisationId).toArray())
    if (row.status !== 'verified' && !verified.has(row.domain)) unverified.add(row.domain);
  const assigned = new Map<string, string>();
  for (const provider of await providersOf(env, organisationId))
    if (provider.id !== except) for (const domain of provider.domains) assigned.set(domain, provider.name);
  return { verified, unverified, assigned };
}

/** One of the administrator's organisation's providers, or a thrown 404 (another organisation's is not told apart from none). */
async function findProvider(env: ConnectEnv, admin: ConnectAdmin, id: string): Promise<IdentityProviderRow> {
  const row = await env.db.identityProviders.get(id);
  if (!row || row.organisationId !== admin.organisation.id) throw connectProblem(404, 'not_found', IDP_MESSAGES.notFound(id));
  return row;
}

/** GET /api/admin/identity-providers */
export async function listIdentityProviders(env: ConnectEnv, request: Request): Promise<Response> {
  const admin = await requireConnectAdmin(env, request);
  return json<IdentityProviderView[]>(await listProviderViews(env, admin.organisation));
}

/** POST /api/admin/identity-providers → 201 IdentityProviderView. The checks and the write are one transaction. */
export async function addIdentityProvider(env: ConnectEnv, request: Request): Promise<Response> {
  const admin = await requireConnectAdmin(env, request);
  const raw = await readJson(request, Body);
  const at = now(env);
  const id = `idp_${env.ctx.random.hex(4)}`;
  const tables = [env.db.identityProviders, env.db.organisations, env.db.domains, env.db.audit];
  const result = await env.db.transaction('rw', tables, async () => {
    const checked = checkProviderInput(raw, await domainContext(env, admin.organisation.id, null), null);
    if (!checked.ok) return checked;
    const settings = checked.value;
    const row: IdentityProviderRow = {
      id,
      organisationId: admin.organisation.id,
      kind: settings.kind,
      name: settings.name,
      issuer: settings.issuer,
      clientId: settings.clientId,
      clientAuth: settings.clientAuth,
      clientSecret: settings.clientSecret,
      secretExpiresAt: settings.clientSecret === null ? null : settings.secretExpiresAt,
      credential: null,
      emailClaim: settings.emailClaim,
      domains: settings.domains,
      ssoOnly: settings.ssoOnly,
      offer: settings.offer,
      enabled: settings.enabled ?? true,
      createdAt: at,
      updatedAt: at,
      connectionChangedAt: at,
    };
    const untested = untestedSsoOnly(null, row, null, settings.confirmUntested);
    if (untested) return { ok: false as const, problem: untested };
    await env.db.identityProviders.add(row);
    await env.db.audit.add(
      auditEntry(
        env,
        'idp.added',
        `${admin.account.name} added the identity provider “${row.name}” (${IDENTITY_PROVIDER_PRESETS[row.kind].label}) for ${row.domains.join(', ')}` +
          (row.ssoOnly ? ', only SSO' : ''),
        who(admin),
      ),
    );
    return { ok: true as const, value: row };
  });
  if (!result.ok) return fieldProblem(result.problem);
  return json<IdentityProviderView>(toProviderView(result.value, null), { status: 201 });
}

/**
 * PUT /api/admin/identity-providers/:id. `version` is the provider's updatedAt as the form showed it: a change made in
 * between (another tab, another administrator) is answered 409 rather than silently overwritten.
 */
export async function changeIdentityProvider(env: ConnectEnv, request: Request, params: { id: string }): Promise<Response> {
  const admin = await requireConnectAdmin(env, request);
  const raw = await readJson(request, Body);
  await findProvider(env, admin, params.id);
  const version = raw['version'];
  if (typeof version !== 'number' || !Number.isFinite(version))
    return connectProblem(
      400,
      'invalid_request',
      'Reload the page: the form did not say which version of the provider it changes.',
      'version',
    );
  const at = now(env);
  const tables = [env.db.identityProviders, env.db.organisations, env.db.domains, env.db.ssoTests, env.db.audit];
  const result = await env.db.transaction('rw', tables, async () => {
    const before = await env.db.identityProviders.get(params.id);
    if (!before)
      return { ok: false as const, problem: { status: 404, code: 'not_found', message: IDP_MESSAGES.notFound(params.id), field: 'id' } };
    if (before.updatedAt !== version)
      return {
        ok: false as const,
        problem: { status: 409, code: 'idp_changed', message: IDP_MESSAGES.changedElsewhere(before.name), field: 'version' },
      };
    const checked = checkProviderInput(raw, await domainContext(env, admin.organisation.id, before.id), before);
    if (!checked.ok) return checked;
    const settings = checked.value;
    const secretKept = settings.clientAuth === before.clientAuth || before.clientSecret !== null;
    const clientSecret =
      settings.clientAuth === 'private_key_jwt' ? null : (settings.clientSecret ?? (secretKept ? before.clientSecret : null));
    const after: IdentityProviderRow = {
      ...before,
      kind: settings.kind,
      name: settings.name,
      issuer: settings.issuer,
      clientId: settings.clientId,
      clientAuth: settings.clientAuth,
      clientSecret,
      secretExpiresAt: clientSecret === null ? null : settings.secretExpiresAt,
      emailClaim: settings.emailClaim,
      domains: settings.domains,
      ssoOnly: settings.ssoOnly,
      offer: settings.offer,
      enabled: settings.enabled ?? before.enabled,
      updatedAt: Math.max(at, before.updatedAt + 1),
    };
    if (connectionChanged(before, after)) after.connectionChangedAt = after.updatedAt;
    const lastTest = (await env.db.ssoTests.where('providerId').equals(before.id).sortBy('startedAt')).at(-1) ?? null;
    const untested = untestedSsoOnly(before, after, lastTest, settings.confirmUntested);
    if (untested) return { ok: false as const, problem: untested };
    const changes = describeChanges(before, after);
    if (changes.length === 0) return { ok: true as const, value: before, lastTest };
    await env.db.identityProviders.put(after);
    await env.db.audit.add(
      auditEntry(
        env,
        'idp.changed',
        `${admin.account.name} changed the identity provider “${after.name}”: ${changes.join('; ')}`,
        who(admin),
      ),
    );
    return { ok: true as const, value: after, lastTest };
  });
  if (!result.ok) return fieldProblem(result.problem as FieldProblem);
  return json<IdentityProviderView>(toProviderView(result.value, result.lastTest));
}

/** DELETE /api/admin/identity-providers/:id → 204: its domains sign in with passwords again; its runs and links go with it. */
export async function removeIdentityProvider(env: ConnectEnv, request: Request, params: { id: string }): Promise<Response> {
  const admin = await requireConnectAdmin(env, request);
  const row = await findProvider(env, admin, params.id);
  const tables = [env.db.identityProviders, env.db.ssoTests, env.db.ssoSignIns, env.db.federatedIdentities, env.db.audit];
  await env.db.transaction('rw', tables, async () => {
    await env.db.identityProviders.delete(row.id);
    await env.db.ssoTests.where('providerId').equals(row.id).delete();
    await env.db.ssoSignIns.filter((signIn) => signIn.providerId === row.id).delete();
    await env.db.federatedIdentities.where('[providerId+subject]').between([row.id, ''], [row.id, '\uffff']).delete();
    await env.db.audit.add(
      auditEntry(
        env,
        'idp.removed',
        `${admin.account.name} removed the identity provider “${row.name}”; ${row.domains.join(', ')} sign in with passwords again`,
        who(admin),
      ),
    );
  });
  return new Response(null, { status: 204 });
}

/**
 * POST /api/admin/identity-providers/:id/certificate {years, replace?} → IdentityProviderView. The key pair is made
 * before the transaction (an IndexedDB transaction cannot wait on WebCrypto), then stored if nothing changed meanwhile.
 */
export async function makeIdentityProviderCertificate(env: ConnectEnv, request: Request, params: { id: string }): Promise<Response> {
  const admin = await requireConnectAdmin(env, request);
  const body = await readJson(request, CertificateBody);
  const years = body.years;
  if (typeof years !== 'number' || !(CERTIFICATE_VALIDITY_YEARS as readonly number[]).includes(years))
    return connectProblem(400, 'invalid_request', IDP_MESSAGES.yearsInvalid, 'years');
  const row = await findProvider(env, admin, params.id);
  if (row.credential && !body.replace)
    return connectProblem(409, 'certificate_exists', IDP_MESSAGES.certificateExists(isoDate(row.credential.notAfter)), 'replace');
  const at = now(env);
  const credential = await makeCredential({
    organisation: admin.organisation.name,
    notBefore: at,
    years,
    serialHex: env.ctx.random.hex(15),
    kid: `connect-${env.ctx.random.hex(4)}`,
  });
  const result = await env.db.transaction('rw', env.db.identityProviders, env.db.ssoTests, env.db.audit, async () => {
    const current = await env.db.identityProviders.get(row.id);
    if (!current) return null;
    if (current.credential && current.credential.thumbprint !== row.credential?.thumbprint) return 'changed' as const;
    const updatedAt = Math.max(at, current.updatedAt + 1);
    const saved: IdentityProviderRow = { ...current, credential, updatedAt, connectionChangedAt: updatedAt };
    await env.db.identityProviders.put(saved);
    await env.db.audit.add(
      auditEntry(
        env,
        'idp.changed',
        `${admin.account.name} ${row.credential ? 'replaced the certificate of' : 'made a certificate for'} the identity provider “${current.name}”, valid until ${isoDate(credential.notAfter)}`,
        who(admin),
      ),
    );
    return { saved, lastTest: (await env.db.ssoTests.where('providerId').equals(row.id).sortBy('startedAt')).at(-1) ?? null };
  });
  if (result === null) return connectProblem(404, 'not_found', IDP_MESSAGES.notFound(row.id));
  if (result === 'changed') return connectProblem(409, 'idp_changed', IDP_MESSAGES.changedElsewhere(row.name), 'version');
  return json<IdentityProviderView>(toProviderView(result.saved, result.lastTest));
}

/** GET /api/admin/identity-providers/:id/certificate.pem: the certificate to upload at the provider's app registration. */
export async function identityProviderCertificate(env: ConnectEnv, request: Request, params: { id: string }): Promise<Response> {
  const row = await findProvider(env, await requireConnectAdmin(env, request), params.id);
  if (!row.credential) return connectProblem(404, 'certificate_missing', IDP_MESSAGES.certificateMissing);
  return new Response(row.credential.certificatePem, {
    headers: {
      'content-type': 'application/x-pem-file',
      'content-disposition': `attachment; filename="${certificateFileName(row.name)}"`,
    },
  });
}

/** POST /api/admin/identity-providers/discover {issuer, clientAuth} → DiscoveryCheck, for the issuer as typed (saved or not). */
export async function discoverIdentityProvider(env: ConnectEnv, request: Request): Promise<Response> {
  await requireConnectAdmin(env, request);
  const body = await readJson(request, DiscoverBody);
  const kind = body.kind === 'entra' || body.kind === 'google' || body.kind === 'okta' || body.kind === 'ping' ? body.kind : 'oidc';
  const issuer = checkIssuer(body.issuer, kind);
  if (!issuer.ok) return fieldProblem(issuer.problem);
  const clientAuth = SSO_CLIENT_AUTH_METHODS.find((method) => method === body.clientAuth);
  if (!clientAuth)
    return connectProblem(400, 'invalid_request', 'Choose how Connect authenticates to the identity provider.', 'clientAuth');
  return json<DiscoveryCheck>(await checkDiscovery(env.ctx, issuer.value, clientAuth));
}

/**
 * POST /api/admin/identity-providers/:id/test → 201 StartTestResponse. The run is stored first (running, no steps),
 * then the sign-in starts and fills in its steps: when discovery or the sign-in request fails, the run ends there and
 * the browser stays; otherwise it goes to the provider's sign-in, and Connect's callback finishes the run.
 */
export async function testIdentityProvider(env: ConnectEnv, request: Request, params: { id: string }): Promise<Response> {
  const admin = await requireConnectAdmin(env, request);
  const provider = await findProvider(env, admin, params.id);
  const test: SsoTestRow = {
    id: `test_${env.ctx.random.hex(4)}`,
    providerId: provider.id,
    actorId: admin.account.id,
    // A change saved in the same world millisecond is versioned a millisecond later (updatedAt = before + 1): the
    // run starts no earlier than the connection it tests, or a paused world clock would leave it "not tested since".
    startedAt: Math.max(now(env), connectionChangedAt(provider)),
    finishedAt: null,
    outcome: 'running',
    steps: [],
  };
  await env.db.transaction('rw', env.db.ssoTests, env.db.audit, async () => {
    await env.db.ssoTests.add(test);
    await env.db.audit.add(
      auditEntry(
        env,
        'idp.tested',
        `${admin.account.name} started Test connection of the identity provider “${provider.name}”`,
        who(admin),
      ),
    );
  });
  const started = await startSsoSignIn(env, provider, { purpose: 'test', testId: test.id });
  const failure = started.ok ? undefined : started.steps.find((step) => !step.ok)?.failure;
  if (failure)
    await env.db.audit.add(
      auditEntry(
        env,
        'idp.tested',
        `Test connection of the identity provider “${provider.name}” failed at ${started.steps.at(-1)!.step}: ${failure.replace(/_/g, ' ')}`,
        who(admin),
      ),
    );
  const stored = (await env.db.ssoTests.get(test.id)) ?? { ...test, steps: started.steps };
  return json<StartTestResponse>({ test: toTestView(stored), redirectTo: started.ok ? started.url : null }, { status: 201 });
}

async function findTest(env: ConnectEnv, provider: IdentityProviderRow, testId: string): Promise<SsoTestRow> {
  const test = await env.db.ssoTests.get(testId);
  if (!test || test.providerId !== provider.id) throw connectProblem(404, 'not_found', IDP_MESSAGES.testNotFound(testId));
  return test;
}

/** GET /api/admin/identity-providers/:id/tests/:testId → SsoTestView */
export async function identityProviderTest(env: ConnectEnv, request: Request, params: { id: string; testId: string }): Promise<Response> {
  const admin = await requireConnectAdmin(env, request);
  const provider = await findProvider(env, admin, params.id);
  return json<SsoTestView>(toTestView(await findTest(env, provider, params.testId)));
}

/** GET /admin/identity-providers */
export async function identityProvidersPage(env: ConnectEnv, request: Request): Promise<Response> {
  const admin = await requireAdminPage(env, request);
  return page<IdentityProvidersPageData>(IDENTITY_PROVIDER_VIEWS.list, 'Identity providers · Connect admin', {
    shell: adminShell(admin, 'identity-providers'),
    providers: await listProviderViews(env, admin.organisation),
    unverifiedDomains: (await env.db.domains.where('organisationId').equals(admin.organisation.id).toArray())
      .filter((domain) => domain.status !== 'verified')
      .map((domain) => domain.domain)
      .sort(),
    now: now(env),
  });
}

/** GET /admin/identity-providers/:id/test/:testId: where the provider's answer comes back to, and a run left open shows. */
export async function identityProviderTestPage(env: ConnectEnv, request: Request): Promise<Response> {
  const admin = await requireAdminPage(env, request);
  const [, , , id = '', , testId = ''] = new URL(request.url).pathname.split('/').map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
  const provider = await env.db.identityProviders.get(id);
  const test = provider && provider.organisationId === admin.organisation.id ? await env.db.ssoTests.get(testId) : undefined;
  if (!provider || !test || test.providerId !== provider.id) {
    const path = new URL(request.url).pathname;
    return page(CONNECT_VIEWS.notFound, 'Page not found', { path, message: IDP_MESSAGES.testNotFound(testId) }, { status: 404 });
  }
  return page<IdentityProviderTestPageData>(IDENTITY_PROVIDER_VIEWS.test, `Test connection · ${provider.name} · Connect admin`, {
    shell: adminShell(admin, 'identity-providers'),
    provider: toProviderView(provider, await latestTest(env, provider.id)),
    test: toTestView(test),
    now: now(env),
  });
}
