// Owns a small stand-in for the organisation's Entra ID in tests of the HRM's own single sign-on: a real OpenID provider
// at the tenant's issuer (`https://entra.test/<tenantId>/v2.0`) — discovery, authorize with PKCE S256, token with the
// application's client secret (expiring on the world clock), RS256 ID tokens with Entra's claims, userinfo, JWKS — whose
// login page is replaced by the test naming who signs in. Put in front of the workspace's handlers.
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { http, HttpResponse, type RequestHandler } from 'msw';
import { ORIGINS } from '../../src/contracts/origins';
import { toBase64Url } from '../../src/domain/base64url';
import type { TemplateIdentityProvider, TemplateIdpAccount, WorkspaceTemplate } from '../../mocks/templates/template';
import type { TestWorld } from './harness';

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  nonce: string;
  account: TemplateIdpAccount;
  used: boolean;
}

/** Entra's object id for a user: stable for a username, like the real one for a user. */
export function objectIdOf(username: string): string {
  let h = 0x811c9dc5;
  for (const c of username.toLowerCase()) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  const hex = h.toString(16).padStart(8, '0');
  return `${hex}-0000-4000-8000-${hex}${hex.slice(0, 4)}`;
}

export class StandInEntra {
  readonly tenant: TemplateIdentityProvider;
  readonly issuer: string;
  /** Who the login page signs in next (its username); null: nobody, the test must say. */
  signedIn: string | null = null;
  /** Whether the login page's sign-in did MFA (its `amr`). */
  mfa = false;
  /** The next authorization request is answered with this error (RFC 6749 §4.1.2.1), e.g. a user who cancelled. */
  refusal: { error: string; description: string } | null = null;
  /** Every ID token issued, newest last. */
  readonly idTokens: string[] = [];
  readonly #world: TestWorld;
  readonly #accounts: TemplateIdpAccount[];
  readonly #codes = new Map<string, IssuedCode>();
  #keys: Promise<{ privateKey: CryptoKey; jwk: JWK }>;
  #counter = 0;

  constructor(world: TestWorld, template: WorkspaceTemplate = world.template) {
    const tenant = template.tenant.identityProviders?.find((p) => p.provider === 'entra');
    if (!tenant) throw new Error('The template has no Entra ID tenant');
    this.tenant = tenant;
    this.issuer = `${ORIGINS.entra}/${tenant.tenantId}/v2.0`;
    this.#world = world;
    this.#accounts = template.people.flatMap((p) => (p.idpAccount?.provider === 'entra' ? [p.idpAccount] : []));
    this.#keys = generateKeyPair('RS256', { extractable: true }).then(async ({ privateKey, publicKey }) => ({
      privateKey,
      jwk: { ...(await exportJWK(publicKey)), kid: 'stand-in-1', use: 'sig', alg: 'RS256' },
    }));
  }

  /** Puts this provider in front of the workspace's handlers; returns the function that takes it away. */
  install(): () => void {
    const network = this.#world.workspace.network;
    network.setHandlers([...this.handlers(), ...this.#world.workspace.handlers()]);
    return () => network.setHandlers(this.#world.workspace.handlers());
  }

  account(username: string): TemplateIdpAccount {
    const found = this.#accounts.find((a) => a.username.toLowerCase() === username.toLowerCase());
    if (!found) throw new Error(`No Entra user ${username}`);
    return found;
  }

  get #base(): string {
    return `${ORIGINS.entra}/${this.tenant.tenantId}`;
  }

  handlers(): RequestHandler[] {
    const base = this.#base;
    return [
      http.get(`${this.issuer}/.well-known/openid-configuration`, () =>
        HttpResponse.json({
          issuer: this.issuer,
          authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
          token_endpoint: `${base}/oauth2/v2.0/token`,
          userinfo_endpoint: `${ORIGINS.entra}/oidc/userinfo`,
          jwks_uri: `${base}/discovery/v2.0/keys`,
          response_types_supported: ['code'],
          subject_types_supported: ['pairwise'],
          id_token_signing_alg_values_supported: ['RS256'],
          code_challenge_methods_supported: ['S256'],
          token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
        }),
      ),
      http.get(`${base}/discovery/v2.0/keys`, async () => HttpResponse.json({ keys: [(await this.#keys).jwk] })),
      http.get(`${base}/oauth2/v2.0/authorize`, ({ request }) => this.#authorize(new URL(request.url))),
      http.post(`${base}/oauth2/v2.0/token`, ({ request }) => this.#token(request)),
      http.get(`${ORIGINS.entra}/oidc/userinfo`, ({ request }) => this.#userinfo(request)),
    ];
  }

  #authorize(url: URL): Response {
    const q = (name: string) => url.searchParams.get(name) ?? '';
    const application = this.tenant.applications.find((a) => a.clientId === q('client_id'));
    if (!application) return new HttpResponse(`AADSTS700016: Application ${q('client_id')} was not found.`, { status: 400 });
    if (!application.redirectUris.includes(q('redirect_uri')))
      return new HttpResponse(`AADSTS50011: The redirect URI '${q('redirect_uri')}' does not match.`, { status: 400 });
    const back = new URL(q('redirect_uri'));
    back.searchParams.set('state', q('state'));
    const refusal = this.refusal;
    this.refusal = null;
    if (refusal) {
      back.searchParams.set('error', refusal.error);
      back.searchParams.set('error_description', refusal.description);
      return HttpResponse.redirect(back.toString(), 302);
    }
    if (q('response_type') !== 'code' || q('code_challenge_method') !== 'S256' || !q('code_challenge') || !q('nonce'))
      return new HttpResponse('The stand-in takes the code flow with PKCE S256 and a nonce only.', { status: 400 });
    if (!this.signedIn) throw new Error('The test did not say who signs in at Entra ID');
    const account = this.account(this.signedIn);
    if (account.disabled) {
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_description', 'AADSTS50057: The user account is disabled.');
      return HttpResponse.redirect(back.toString(), 302);
    }
    const code = `code-${++this.#counter}`;
    this.#codes.set(code, {
      clientId: application.clientId,
      redirectUri: q('redirect_uri'),
      challenge: q('code_challenge'),
      nonce: q('nonce'),
      account,
      used: false,
    });
    back.searchParams.set('code', code);
    return HttpResponse.redirect(back.toString(), 302);
  }

  async #token(request: Request): Promise<Response> {
    const form = new URLSearchParams(await request.text());
    const basic = request.headers.get('authorization');
    let clientId = form.get('client_id') ?? '';
    let secret = form.get('client_secret') ?? '';
    if (basic?.startsWith('Basic ')) {
      const [id, pass] = atob(basic.slice(6)).split(':').map(decodeURIComponent);
      clientId = id ?? '';
      secret = pass ?? '';
    }
    const invalid = (error: string, description: string, status = 400) =>
      HttpResponse.json({ error, error_description: description }, { status });
    const application = this.tenant.applications.find((a) => a.clientId === clientId);
    if (!application?.secret || application.secret.value !== secret)
      return invalid('invalid_client', 'AADSTS7000215: Invalid client secret provided.', 401);
    if (application.secret.expiresAt <= this.#world.now())
      return invalid('invalid_client', 'AADSTS7000222: The provided client secret keys are expired.', 401);
    const issued = this.#codes.get(form.get('code') ?? '');
    if (!issued || issued.used || issued.clientId !== clientId || issued.redirectUri !== form.get('redirect_uri'))
      return invalid('invalid_grant', 'AADSTS70008: The provided authorization code is invalid or has expired.');
    issued.used = true;
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(form.get('code_verifier') ?? '')));
    if (toBase64Url(digest) !== issued.challenge) return invalid('invalid_grant', 'AADSTS501481: The Code_Verifier does not match.');

    const account = issued.account;
    const at = Math.floor(this.#world.now() / 1000);
    const { privateKey } = await this.#keys;
    const claims = this.#claims(account);
    const idToken = await new SignJWT({ ...claims, nonce: issued.nonce, amr: this.mfa ? ['pwd', 'mfa'] : ['pwd'], ver: '2.0' })
      .setProtectedHeader({ alg: 'RS256', kid: 'stand-in-1', typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience(clientId)
      .setSubject(claims.sub)
      .setIssuedAt(at)
      .setExpirationTime(at + 3600)
      .sign(privateKey);
    this.idTokens.push(idToken);
    return HttpResponse.json({
      token_type: 'Bearer',
      access_token: `at-${account.username}`,
      expires_in: 3600,
      id_token: idToken,
      scope: 'openid profile email',
    });
  }

  #claims(account: TemplateIdpAccount) {
    const oid = objectIdOf(account.username);
    return {
      sub: `sub-${oid}`,
      oid,
      tid: this.tenant.tenantId,
      preferred_username: account.username,
      name: account.username,
      ...(account.email ? { email: account.email } : {}),
    };
  }

  #userinfo(request: Request): Response {
    const token = request.headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
    const account = this.#accounts.find((a) => `at-${a.username}` === token);
    if (!account) return new HttpResponse(null, { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } });
    const { sub, name, email } = this.#claims(account) as { sub: string; name: string; email?: string };
    return HttpResponse.json({ sub, name, ...(email ? { email } : {}) });
  }
}
