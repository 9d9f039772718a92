// Owns the identity provider tests' OpenID steps: oauth4webapi, unmodified, as the relying party (Connect's part), a
// virtual browser's trip through the provider's login page up to the redirect_uri, and a certificate made in the test
// (@peculiar/x509) whose key signs private_key_jwt client assertions, registered on the application's row.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { exportJWK, SignJWT, type CryptoKey as JoseKey } from 'jose';
import * as oauth from 'oauth4webapi';
import { expect } from 'vitest';
import { ExternalIdpDb } from '../../../mocks/shared/external-idp/db';
import { IDP_API, idpDiscoveryUrl, idpEndpointUrl, idpIssuer, type IdpName } from '../../../src/contracts/idp';
import { ORIGINS } from '../../../src/contracts/origins';
import { totpCode } from '../../../src/domain/totp';
import { DAY } from '../../../src/domain/clock';
import type { TestBrowser, TestWorld } from '../../support/harness';
import { callbackOf, pkce, viaNetwork, visit, type Trip } from '../connect/oidc-support';
import { CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, TENANT_ID, TOTP_SECRET } from './support';

export { callbackOf, pkce, viaNetwork, visit, type Trip };

/** Connect's application as oauth4webapi knows it; its clock follows the world's (assertion times, ID token checks). */
export function clientOf(world: TestWorld): oauth.Client {
  return {
    client_id: CLIENT_ID,
    get [oauth.clockSkew]() {
      return Math.floor(world.now() / 1000) - Math.floor(Date.now() / 1000);
    },
  };
}

export function issuerUrl(idp: IdpName): URL {
  return new URL(idpIssuer(idp, TENANT_ID));
}

export async function discover(world: TestWorld, idp: IdpName): Promise<oauth.AuthorizationServer> {
  const issuer = issuerUrl(idp);
  const response = await oauth.discoveryRequest(issuer, { ...viaNetwork(world), [oauth.allowInsecureRequests]: false });
  return oauth.processDiscoveryResponse(issuer, response);
}

/** RFC 8414 §3: oauth4webapi reads the OIDC discovery path after the issuer (with its own path, for Entra and Okta). */
export function discoveryUrl(idp: IdpName): string {
  return idpDiscoveryUrl(idp, TENANT_ID);
}

export function authorizationUrl(idp: IdpName, params: Record<string, string> = {}): string {
  const url = new URL(idpEndpointUrl(idp, 'authorize', TENANT_ID));
  const all = { client_id: CLIENT_ID, redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid email profile', ...params };
  for (const [name, value] of Object.entries(all)) url.searchParams.set(name, value);
  return url.toString();
}

export interface Credentials {
  username: string;
  password: string;
  /** Signs in with the authenticator as well: the code of the persona's phone at world time. */
  totp?: boolean;
}

/** POSTs one step of the provider's login page. */
export function step(
  browser: TestBrowser,
  idp: IdpName,
  name: 'signInUsername' | 'signInPassword' | 'signInCode',
  body: Record<string, string>,
): Promise<Response> {
  const endpoint = IDP_API[idp][name];
  return browser.api(`${ORIGINS[idp]}${endpoint.path}`, { method: 'POST', body });
}

/** Signs in on the provider's login page the trip ended on and follows on to the redirect_uri. */
export async function signInAndReturn(world: TestWorld, browser: TestBrowser, idp: IdpName, trip: Trip, who: Credentials): Promise<Trip> {
  expect(trip.page?.view, `the trip should have ended on the login page: ${JSON.stringify(trip.hops)}`).toBe('idp/sign-in');
  const { login } = trip.page!.data as { login: string };
  expect((await step(browser, idp, 'signInUsername', { login, username: who.username })).status).toBe(200);
  let response = await step(browser, idp, 'signInPassword', { login, password: who.password });
  expect(response.status).toBe(200);
  let next = (await response.json()) as { step?: string; redirectTo?: string };
  if (next.step === 'code') {
    expect(who.totp, 'the provider asked for an authenticator code').toBe(true);
    response = await step(browser, idp, 'signInCode', { login, code: totpCode(TOTP_SECRET, world.now()) });
    expect(response.status).toBe(200);
    next = (await response.json()) as { step?: string; redirectTo?: string };
  }
  expect(next.redirectTo).toBeDefined();
  return visit(world, browser, new URL(next.redirectTo!, ORIGINS[idp]).toString(), REDIRECT_URI);
}

/** Authorizes Connect's application for `who` through the provider, returning the code and the PKCE verifier. */
export async function codeFor(
  world: TestWorld,
  browser: TestBrowser,
  idp: IdpName,
  who: Credentials,
  params: Record<string, string> = {},
): Promise<{ code: string; verifier: string; state: string; nonce: string; callback: URL }> {
  const { verifier, challenge } = await pkce();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const url = authorizationUrl(idp, { state, nonce, code_challenge: challenge, code_challenge_method: 'S256', ...params });
  let trip = await visit(world, browser, url, REDIRECT_URI);
  if (!trip.callback) trip = await signInAndReturn(world, browser, idp, trip, who);
  const code = callbackOf(trip).get('code');
  if (!code) throw new Error(`No code in ${trip.callback}`);
  return { code, verifier, state, nonce, callback: trip.callback! };
}

/** A plain token request to the provider (RFC 6749 §4.1.3) with the given form and Authorization header. */
export function tokenRequest(world: TestWorld, idp: IdpName, form: Record<string, string>, authorization?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (authorization !== undefined) headers.authorization = authorization;
  return world.workspace.network.fetch(
    new Request(idpEndpointUrl(idp, 'token', TENANT_ID), { method: 'POST', headers, body: new URLSearchParams(form) }),
    { initiator: 'server:test-client' },
  );
}

export function basic(clientId: string, secret: string): string {
  const encode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${btoa(`${encode(clientId)}:${encode(secret)}`)}`;
}

export const secretBasic = () => oauth.ClientSecretBasic(CLIENT_SECRET);

/** Runs the whole code flow with oauth4webapi as the client: validated ID token claims and the token response. */
export async function codeFlow(world: TestWorld, idp: IdpName, who: Credentials, auth: oauth.ClientAuth, browser = world.browser('user')) {
  const as = await discover(world, idp);
  const client = clientOf(world);
  const { verifier, state, nonce, callback } = await codeFor(world, browser, idp, who);
  const params = oauth.validateAuthResponse(as, client, callback, state);
  const response = await oauth.authorizationCodeGrantRequest(as, client, auth, params, REDIRECT_URI, verifier, viaNetwork(world));
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: nonce, requireIdToken: true });
  await oauth.validateApplicationLevelSignature(as, response, viaNetwork(world));
  return { as, client, tokens, claims: oauth.getValidatedIdTokenClaims(tokens)! };
}

export interface TestCertificate {
  privateKey: CryptoKey;
  thumbprint: string;
  notBefore: number;
  notAfter: number;
}

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 } as const;

function base64url(bytes: ArrayBuffer): string {
  return Buffer.from(bytes).toString('base64url');
}

/**
 * A key pair and a self-signed certificate for it, valid from `notBefore` for `days`, registered on the application's
 * row as the provider's console would register an upload.
 */
export async function registerCertificate(world: TestWorld, idp: IdpName, options: { days?: number } = {}): Promise<TestCertificate> {
  const keys = (await crypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
  const notBefore = world.now() - DAY;
  const notAfter = world.now() + (options.days ?? 365) * DAY;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=Connect single sign-on',
    notBefore: new Date(notBefore),
    notAfter: new Date(notAfter),
    keys,
    signingAlgorithm: RSA,
  });
  const thumbprint = base64url(await crypto.subtle.digest('SHA-256', certificate.rawData));
  const publicJwk = await exportJWK(keys.publicKey as unknown as JoseKey);
  const db = new ExternalIdpDb(world.workspace.id, idp);
  try {
    const app = (await db.applications.get(CLIENT_ID))!;
    await db.applications.update(CLIENT_ID, {
      certificates: [
        ...app.certificates,
        { thumbprint, pem: certificate.toString('pem'), publicJwk: publicJwk as JsonWebKey, notBefore, notAfter, uploadedAt: world.now() },
      ],
    });
  } finally {
    db.close();
  }
  return { privateKey: keys.privateKey, thumbprint, notBefore, notAfter };
}

/** A client assertion (RFC 7523 §3) signed with the certificate's key, naming it by x5t#S256; `claims` override. */
export async function clientAssertion(
  world: TestWorld,
  idp: IdpName,
  certificate: TestCertificate,
  claims: Record<string, unknown> = {},
): Promise<string> {
  const at = Math.floor(world.now() / 1000);
  return new SignJWT({
    iss: CLIENT_ID,
    sub: CLIENT_ID,
    aud: idpEndpointUrl(idp, 'token', TENANT_ID),
    jti: crypto.randomUUID(),
    iat: at,
    exp: at + 300,
    ...claims,
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', 'x5t#S256': certificate.thumbprint })
    .sign(certificate.privateKey);
}

/** oauth4webapi's own private_key_jwt, with the certificate's thumbprint as the kid. */
export function privateKeyJwt(certificate: TestCertificate): oauth.ClientAuth {
  return oauth.PrivateKeyJwt({ key: certificate.privateKey, kid: certificate.thumbprint });
}
