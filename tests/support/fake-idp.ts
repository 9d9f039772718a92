// Owns a test double of an organisation's OpenID provider on its own origin (https://idp.example.test), put in front of
// a test world's servers: discovery, authorize (signing in whichever user the test names, or answering with an error
// page or an error redirect), token (client_secret_basic / _post, private_key_jwt, PKCE S256), userinfo and JWKS.
// Each test tampers with what it answers — the metadata, the ID token's claims and header, the key it signs with — to
// see Connect refuse it as a relying party.
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import { http, HttpResponse, type RequestHandler } from 'msw';
import { SSO_REDIRECT_URI } from '../../src/contracts/connect-sso';
import { ConnectDb, type IdentityProviderRow } from '../../mocks/servers/connect/db';
import type { TestWorld } from './harness';

export const FAKE_IDP = 'https://idp.example.test';

export interface FakeIdpUser {
  sub: string;
  email?: string;
  name?: string;
  /** RFC 8176 values the ID token reports; none: the claim is left out. */
  amr?: string[];
  /** Disabled at the provider: authorize answers access_denied. */
  disabled?: boolean;
}

export interface FakeIdpTampering {
  /** Changes the metadata, or replaces the whole answer with a text body (garbage) or a status. */
  metadata?: (metadata: Record<string, unknown>) => Record<string, unknown>;
  discoveryAnswer?: { status: number; body: string };
  /** Changes the ID token's claims before signing. */
  claims?: (claims: JWTPayload) => JWTPayload;
  /** Signs with a key the JWKS does not publish, or not at all (`alg: none`). */
  signing?: 'unknown-key' | 'none';
  /** Authorize answers with the provider's own error page (an unregistered redirect URI), or redirects an error back. */
  authorize?: 'error-page' | { error: string; description: string };
  /** The token endpoint refuses the client with this description (e.g. "The client secret has expired"). */
  tokenRefusal?: string;
}

interface IssuedCode {
  user: FakeIdpUser;
  clientId: string;
  nonce: string | null;
  challenge: string | null;
  redirectUri: string;
}

export class FakeIdp {
  readonly origin = FAKE_IDP;
  readonly clientId = 'connect-test-client';
  clientSecret = 'fake-idp-secret-0123456789';
  /** The public key of Connect's certificate, for private_key_jwt (the app registration's uploaded certificate). */
  clientPublicJwk: JWK | null = null;
  /** The redirect URIs the app registration lists. */
  redirectUris = [SSO_REDIRECT_URI];
  readonly users = new Map<string, FakeIdpUser>();
  /** Who signs in at the next authorize (the person typing their password at the provider). */
  signingIn: string | null = null;
  tampering: FakeIdpTampering = {};
  /** Every authorize request's query, in order, for tests that look at what Connect sent. */
  readonly authorizeRequests: URLSearchParams[] = [];
  readonly tokenRequests: { auth: string | null; form: URLSearchParams }[] = [];

  readonly #codes = new Map<string, IssuedCode>();
  readonly #tokens = new Map<string, FakeIdpUser>();
  #counter = 0;

  private constructor(
    private readonly world: TestWorld,
    private readonly signing: { privateKey: CryptoKey; publicJwk: JWK },
    private readonly stray: { privateKey: CryptoKey },
  ) {}

  static async create(world: TestWorld): Promise<FakeIdp> {
    const key = await generateKeyPair('RS256', { extractable: true });
    const stray = await generateKeyPair('RS256', { extractable: true });
    const publicJwk = await exportJWK(key.publicKey);
    publicJwk.kid = await calculateJwkThumbprint(publicJwk);
    publicJwk.alg = 'RS256';
    publicJwk.use = 'sig';
    const idp = new FakeIdp(world, { privateKey: key.privateKey, publicJwk }, { privateKey: stray.privateKey });
    idp.install(world);
    return idp;
  }

  /** Puts the provider in front of `world`'s servers (again after the world was reopened). */
  install(world: TestWorld): void {
    world.workspace.network.setHandlers([...this.handlers(), ...world.workspace.handlers()]);
  }

  addUser(user: FakeIdpUser): FakeIdpUser {
    this.users.set(user.sub, user);
    this.signingIn ??= user.sub;
    return user;
  }

  private now(): number {
    return Math.floor(this.world.now() / 1000);
  }

  handlers(): RequestHandler[] {
    const at = (path: string) => `${FAKE_IDP}${path}`;
    return [
      http.get(at('/.well-known/openid-configuration'), () => {
        const answer = this.tampering.discoveryAnswer;
        if (answer) return new HttpResponse(answer.body, { status: answer.status, headers: { 'content-type': 'application/json' } });
        const metadata: Record<string, unknown> = {
          issuer: FAKE_IDP,
          authorization_endpoint: at('/authorize'),
          token_endpoint: at('/token'),
          userinfo_endpoint: at('/userinfo'),
          jwks_uri: at('/jwks'),
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
          code_challenge_methods_supported: ['S256'],
        };
        return HttpResponse.json(this.tampering.metadata ? this.tampering.metadata(metadata) : metadata);
      }),
      http.get(at('/jwks'), () => HttpResponse.json({ keys: [this.signing.publicJwk] })),
      http.get(at('/authorize'), ({ request }) => this.authorize(new URL(request.url))),
      http.post(at('/token'), async ({ request }) => this.token(request)),
      http.get(at('/userinfo'), ({ request }) => {
        const token = (request.headers.get('authorization') ?? '').replace(/^Bearer /, '');
        const user = this.#tokens.get(token);
        if (!user) return HttpResponse.json({ error: 'invalid_token' }, { status: 401 });
        return HttpResponse.json({
          sub: user.sub,
          ...(user.email ? { email: user.email } : {}),
          ...(user.name ? { name: user.name } : {}),
        });
      }),
    ];
  }

  private errorPage(message: string): Response {
    return new HttpResponse(`<!doctype html><title>Sign-in error</title><p>${message}</p>`, {
      status: 400,
      headers: { 'content-type': 'text/html' },
    });
  }

  private authorize(url: URL): Response {
    this.authorizeRequests.push(url.searchParams);
    const q = url.searchParams;
    const redirectUri = q.get('redirect_uri') ?? '';
    if (this.tampering.authorize === 'error-page' || q.get('client_id') !== this.clientId || !this.redirectUris.includes(redirectUri)) {
      return this.errorPage(`The redirect URI ${redirectUri} is not registered for this application.`);
    }
    const back = new URL(redirectUri);
    if (q.get('state') !== null) back.searchParams.set('state', q.get('state')!);
    const user = this.signingIn === null ? undefined : this.users.get(this.signingIn);
    const refusal =
      typeof this.tampering.authorize === 'object'
        ? this.tampering.authorize
        : !user
          ? { error: 'access_denied', description: 'No user signed in' }
          : user.disabled
            ? { error: 'access_denied', description: 'The user account is disabled.' }
            : null;
    if (refusal || !user) {
      back.searchParams.set('error', refusal?.error ?? 'access_denied');
      back.searchParams.set('error_description', refusal?.description ?? '');
      return HttpResponse.redirect(back.toString(), 302);
    }
    const code = `code-${++this.#counter}`;
    this.#codes.set(code, {
      user,
      clientId: this.clientId,
      nonce: q.get('nonce'),
      challenge: q.get('code_challenge'),
      redirectUri,
    });
    back.searchParams.set('code', code);
    return HttpResponse.redirect(back.toString(), 302);
  }

  private invalidClient(description: string): Response {
    return HttpResponse.json({ error: 'invalid_client', error_description: description }, { status: 401 });
  }

  private async token(request: Request): Promise<Response> {
    const form = new URLSearchParams(await request.text());
    const auth = request.headers.get('authorization');
    this.tokenRequests.push({ auth, form });
    if (this.tampering.tokenRefusal) return this.invalidClient(this.tampering.tokenRefusal);
    let clientId: string | null = null;
    if (auth?.startsWith('Basic ')) {
      const [id, secret] = atob(auth.slice(6)).split(':').map(decodeURIComponent);
      if (secret !== this.clientSecret) return this.invalidClient('Invalid client secret provided.');
      clientId = id ?? null;
    } else if (form.get('client_assertion')) {
      if (!this.clientPublicJwk) return this.invalidClient('No certificate is registered for this application.');
      try {
        const key = await importJWK(this.clientPublicJwk, 'RS256');
        const { payload } = await jwtVerify(form.get('client_assertion')!, key, {
          issuer: this.clientId,
          subject: this.clientId,
          audience: [FAKE_IDP, `${FAKE_IDP}/token`],
          currentDate: new Date(this.world.now()),
        });
        clientId = payload.sub ?? null;
      } catch (error) {
        return this.invalidClient(`The client assertion was refused: ${(error as Error).message}`);
      }
    } else {
      if (form.get('client_secret') !== this.clientSecret) return this.invalidClient('Invalid client secret provided.');
      clientId = form.get('client_id');
    }
    const issued = this.#codes.get(form.get('code') ?? '');
    this.#codes.delete(form.get('code') ?? '');
    if (!issued || issued.clientId !== clientId || issued.redirectUri !== form.get('redirect_uri')) {
      return HttpResponse.json({ error: 'invalid_grant' }, { status: 400 });
    }
    const verifier = form.get('code_verifier') ?? '';
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    const challenge = btoa(String.fromCharCode(...digest))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    if (issued.challenge !== challenge) return HttpResponse.json({ error: 'invalid_grant', error_description: 'PKCE' }, { status: 400 });

    const { user } = issued;
    const now = this.now();
    let claims: JWTPayload = {
      iss: FAKE_IDP,
      sub: user.sub,
      aud: this.clientId,
      iat: now,
      exp: now + 3600,
      ...(issued.nonce !== null ? { nonce: issued.nonce } : {}),
      ...(user.email ? { email: user.email } : {}),
      ...(user.name ? { name: user.name } : {}),
      ...(user.amr ? { amr: user.amr } : {}),
    };
    if (this.tampering.claims) claims = this.tampering.claims(claims);
    const accessToken = `at-${++this.#counter}`;
    this.#tokens.set(accessToken, user);
    return HttpResponse.json(
      { access_token: accessToken, token_type: 'Bearer', expires_in: 3600, id_token: await this.sign(claims) },
      { headers: { 'cache-control': 'no-store' } },
    );
  }

  private async sign(claims: JWTPayload): Promise<string> {
    if (this.tampering.signing === 'none') {
      const part = (value: unknown) => btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
    }
    const stray = this.tampering.signing === 'unknown-key';
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: stray ? 'not-published' : this.signing.publicJwk.kid! })
      .sign(stray ? this.stray.privateKey : this.signing.privateKey);
  }
}

export interface SsoWorldOptions {
  domains?: string[];
  /** Which of `domains` the organisation has verified at Connect (all of them unless said). */
  verified?: string[];
  fields?: Partial<IdentityProviderRow>;
}

/**
 * Connect configured for the fake provider, as the admin portal stores it: an identity provider for `domains`
 * (company.com by default), those the test says verified at Connect.
 */
export async function configureProvider(world: TestWorld, idp: FakeIdp, options: SsoWorldOptions = {}): Promise<IdentityProviderRow> {
  const domains = options.domains ?? ['company.com'];
  const verified = new Set(options.verified ?? domains);
  const db = new ConnectDb(world.workspace.id);
  try {
    const organisation = (await db.organisations.toArray())[0]!;
    const known = new Set(organisation.domains.map((d) => d.name));
    const listed = [
      ...organisation.domains.map((d) => ({ name: d.name, verifiedAt: verified.has(d.name) ? world.now() : d.verifiedAt })),
      ...domains.filter((d) => !known.has(d)).map((name) => ({ name, verifiedAt: verified.has(name) ? world.now() : null })),
    ];
    await db.organisations.update(organisation.id, { domains: listed });
    const row: IdentityProviderRow = {
      id: 'idp_fake0001',
      organisationId: organisation.id,
      kind: 'oidc',
      name: 'Example ID',
      issuer: FAKE_IDP,
      clientId: idp.clientId,
      clientAuth: 'client_secret_basic',
      clientSecret: idp.clientSecret,
      credential: null,
      emailClaim: 'email',
      domains,
      ssoOnly: false,
      offer: 'button',
      enabled: true,
      createdAt: world.now(),
      updatedAt: world.now(),
      ...options.fields,
    };
    await db.identityProviders.put(row);
    return row;
  } finally {
    db.close();
  }
}

/** Changes the stored provider, as its admin page would. */
export async function updateProvider(world: TestWorld, id: string, changes: Partial<IdentityProviderRow>): Promise<void> {
  const db = new ConnectDb(world.workspace.id);
  try {
    await db.identityProviders.update(id, changes);
  } finally {
    db.close();
  }
}
