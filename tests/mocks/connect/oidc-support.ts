// Owns the OpenID Connect tests' shared steps: oauth4webapi, unmodified, sending through the in-tab network (its
// documented customFetch option) and reading time as the world clock shows it (its clockSkew option); the registered
// clients; a virtual browser's trip through Connect up to an application's redirect_uri, which is never requested (the
// application's own callback is not under test); and plain token requests for the negative cases.
import * as oauth from 'oauth4webapi';
import { expect } from 'vitest';
import { CONNECT_API } from '../../../src/contracts/connect-api';
import { ORIGINS } from '../../../src/contracts/origins';
import { PAGE_CONTENT_TYPE, type PageBody } from '../../../src/contracts/wire';
import type { TestBrowser, TestWorld } from '../../support/harness';
import { basic, CONNECT, login } from './support';

export const ISSUER = new URL(ORIGINS.connect);
export const ERIK = { email: 'erik.johansson@company.com', password: 'expense-erik-2024' } as const;

export interface TestClient {
  client_id: string;
  redirect_uri: string;
  id_token_signed_response_alg: 'RS256' | 'ES256';
}
export const HRM: TestClient = { client_id: 'hrm', redirect_uri: `${ORIGINS.hrm}/auth/callback`, id_token_signed_response_alg: 'RS256' };
export const EXPENSE: TestClient = {
  client_id: 'expense',
  redirect_uri: `${ORIGINS.expense}/auth/callback`,
  id_token_signed_response_alg: 'ES256',
};

/** World seconds minus real seconds: what oauth4webapi adds to its own clock (the world clock is paused at 2026-03-02). */
function worldSkew(world: TestWorld): number {
  return Math.floor(world.now() / 1000) - Math.floor(Date.now() / 1000);
}

/** Request options for every oauth4webapi call: the in-tab network, as the server `initiator`, at world time. */
export function viaNetwork(world: TestWorld, initiator = 'server:test-client') {
  return {
    [oauth.customFetch]: (url: string, options: oauth.CustomFetchOptions<string, unknown>) =>
      world.workspace.network.fetch(new Request(url, options as RequestInit), { initiator }),
    get [oauth.clockSkew]() {
      return worldSkew(world);
    },
  };
}

/** The client as oauth4webapi knows it; its clock follows the world's. */
export function oauthClient(world: TestWorld, client: TestClient): oauth.Client {
  return {
    client_id: client.client_id,
    id_token_signed_response_alg: client.id_token_signed_response_alg,
    get [oauth.clockSkew]() {
      return worldSkew(world);
    },
  };
}

export function hrmAuth(world: TestWorld): oauth.ClientAuth {
  return oauth.ClientSecretBasic(world.template.tenant.hrmClientSecret);
}

export async function discover(world: TestWorld): Promise<oauth.AuthorizationServer> {
  const options = viaNetwork(world);
  return oauth.processDiscoveryResponse(ISSUER, await oauth.discoveryRequest(ISSUER, options));
}

/** An authorization request URL for `client`; `params` add to or override response_type=code, scope and redirect_uri. */
export function authorizationUrl(client: TestClient, params: Record<string, string> = {}): string {
  const url = new URL(`${CONNECT}${CONNECT_API.authorize.path}`);
  const all = {
    client_id: client.client_id,
    redirect_uri: client.redirect_uri,
    response_type: 'code',
    scope: 'openid email profile',
    ...params,
  };
  for (const [name, value] of Object.entries(all)) url.searchParams.set(name, value);
  return url.toString();
}

/** PKCE (RFC 7636) and state/nonce, from oauth4webapi's own generators. */
export async function pkce(): Promise<{ verifier: string; challenge: string }> {
  const verifier = oauth.generateRandomCodeVerifier();
  return { verifier, challenge: await oauth.calculatePKCECodeChallenge(verifier) };
}

export interface Trip {
  /** Every URL requested, with its status. */
  hops: Array<{ url: string; status: number }>;
  /** Where Connect sent the browser back to the application: the redirect_uri with the response in its query. */
  callback?: URL;
  /** The page the trip ended on, when it did not reach the redirect_uri. */
  page?: PageBody;
  status: number;
}

/**
 * Navigates a virtual browser from `url`, following redirects hop by hop with its cookie jar, and stops at the first
 * redirect to `redirectUri` (whose query carries the authorization response), or at the first page.
 */
export async function visit(world: TestWorld, browser: TestBrowser, url: string, redirectUri?: string): Promise<Trip> {
  const hops: Trip['hops'] = [];
  let current = url;
  for (let i = 0; i < 20; i++) {
    const response = await world.workspace.network.fetch(
      new Request(current, { headers: { accept: `${PAGE_CONTENT_TYPE}, application/json` } }),
      {
        initiator: 'browser:test',
        jar: browser.jar,
      },
    );
    hops.push({ url: current, status: response.status });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, current);
      if (redirectUri !== undefined && `${next.origin}${next.pathname}` === redirectUri)
        return { hops, callback: next, status: response.status };
      current = next.toString();
      continue;
    }
    const page = response.headers.get('content-type')?.startsWith(PAGE_CONTENT_TYPE) ? ((await response.json()) as PageBody) : undefined;
    return { hops, status: response.status, ...(page ? { page } : {}) };
  }
  throw new Error(`Too many redirects from ${url}`);
}

/** Signs in on the login page the trip ended on (its return path included) and follows on to the redirect_uri. */
export async function signInAndReturn(world: TestWorld, browser: TestBrowser, trip: Trip, redirectUri: string, who = ERIK): Promise<Trip> {
  expect(trip.page?.view, 'the trip should have ended on the login page').toBe('connect/login');
  const { returnTo } = trip.page!.data as { returnTo: string };
  const response = await login(browser, who.email, who.password, returnTo);
  expect(response.status).toBe(200);
  const { redirectTo } = (await response.json()) as { redirectTo: string };
  return visit(world, browser, new URL(redirectTo, CONNECT).toString(), redirectUri);
}

/** The authorization response parameters of a trip that reached the redirect_uri. */
export function callbackOf(trip: Trip): URLSearchParams {
  if (!trip.callback) throw new Error(`The trip did not reach the redirect_uri: ${JSON.stringify(trip.hops)}`);
  return trip.callback.searchParams;
}

/** Authorizes `client` for Erik (signing in when Connect asks) and returns the code. */
export async function codeFor(
  world: TestWorld,
  browser: TestBrowser,
  client: TestClient,
  params: Record<string, string> = {},
): Promise<string> {
  let trip = await visit(world, browser, authorizationUrl(client, params), client.redirect_uri);
  if (!trip.callback) trip = await signInAndReturn(world, browser, trip, client.redirect_uri);
  const code = callbackOf(trip).get('code');
  if (!code) throw new Error(`No code in ${trip.callback}`);
  return code;
}

/** A plain token request (RFC 6749 §4.1.3): form body, and the HRM's Basic credentials unless `authorization` says otherwise. */
export function tokenRequest(
  world: TestWorld,
  form: Record<string, string>,
  authorization: string | null = basic('hrm', world.template.tenant.hrmClientSecret),
): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (authorization !== null) headers.authorization = authorization;
  return world.workspace.network.fetch(
    new Request(`${CONNECT}${CONNECT_API.token.path}`, { method: 'POST', headers, body: new URLSearchParams(form) }),
    {
      initiator: 'server:test-client',
    },
  );
}

/** A userinfo request with a Bearer token. */
export function userinfoRequest(world: TestWorld, accessToken: string): Promise<Response> {
  return world.workspace.network.fetch(
    new Request(`${CONNECT}${CONNECT_API.userinfo.path}`, { headers: { authorization: `Bearer ${accessToken}` } }),
    {
      initiator: 'server:test-client',
    },
  );
}

export interface TokenBody {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
  id_token: string;
  refresh_token?: string;
}

export interface OAuthErrorBody {
  error: string;
  error_description: string;
}

/** Asserts an OAuth error body (RFC 6749 §5.2) with its status, and returns it. */
export async function expectOAuthError(response: Response, status: number, error: string): Promise<OAuthErrorBody> {
  const body = (await response.clone().json()) as OAuthErrorBody;
  expect({ status: response.status, error: body.error }).toEqual({ status, error });
  expect(body.error_description.length).toBeGreaterThan(0);
  return body;
}
