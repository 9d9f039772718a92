// Owns the HRM API tests' shared steps: signing a persona in, sending a code and reading it from the inbox at
// mail.test, watching the HRM's calls to Connect, and injecting faults in front of a server's handlers.
import { expect } from 'vitest';
import { http, HttpResponse, type RequestHandler } from 'msw';
import type { LinkAccountResponse } from '../../../src/contracts/connect';
import type { LinkStatus } from '../../../src/contracts/hrm';
import type { MailMessage } from '../../../src/contracts/mail';
import type { Exchange } from '../../../src/contracts/network';
import { HRM_NEW_ORIGINS, ORIGINS } from '../../../src/contracts/origins';
import { HrmDb, type StoredUser } from '../../../mocks/servers/hrm/db';
import { mergeChunks, profileOf, stateOf } from '../../../mocks/servers/hrm/directory';
import type { TemplatePerson } from '../../../mocks/templates/template';
import type { PageBody } from '../../../src/contracts/wire';
import type { TestBrowser, TestWorld } from '../../support/harness';
import { login as connectLogin, requestReset, reset } from '../connect/support';
import { body, expectProblem, inbox, readMessage } from '../../support/api';

export { body, expectProblem, inbox, readMessage };

export const HRM = ORIGINS.hrm;
/** The HRM's shared web and mobile addresses, in use from the move (R18). */
export const WEB = HRM_NEW_ORIGINS.web;
export const MOBILE = HRM_NEW_ORIGINS.mobile;
export const MAIL = ORIGINS.mail;
export const CONNECT = ORIGINS.connect;

export function person(world: TestWorld, key: string): TemplatePerson {
  const found = world.template.people.find((p) => p.key === key);
  if (!found) throw new Error(`No person ${key} in the template`);
  return found;
}

/** A virtual browser signed in to the HRM's old login as the template person `key`. */
export async function signIn(world: TestWorld, key: string): Promise<TestBrowser> {
  const p = person(world, key);
  const browser = world.browser(key);
  const response = await browser.api(`${HRM}/api/session`, { body: { loginId: p.loginId, password: p.password } });
  expect(response.status).toBe(200);
  return browser;
}

export function codeIn(text: string): string {
  const match = /Your verification code:\n\n(\d{6})\n/.exec(text);
  if (!match) throw new Error(`No code in the mail:\n${text}`);
  return match[1]!;
}

/** Sends a verification code to `email` and reads it from the mail that arrived for it. */
export async function sendCode(browser: TestBrowser, email: string): Promise<{ status: LinkStatus; code: string; message: MailMessage }> {
  const before = new Set((await inbox(browser, email)).messages.map((m) => m.id));
  const response = await browser.api(`${HRM}/api/me/connect/verification-code`, { body: { email } });
  expect(response.status, await response.clone().text()).toBe(200);
  const status = await body<LinkStatus>(response);
  const fresh = (await inbox(browser, email)).messages.filter((m) => !before.has(m.id));
  expect(fresh).toHaveLength(1);
  const message = await readMessage(browser, fresh[0]!.id);
  return { status, code: codeIn(message.text), message };
}

export function verify(browser: TestBrowser, code: string): Promise<Response> {
  return browser.api(`${HRM}/api/me/connect/verify`, { body: { code } });
}

export async function linkStatus(browser: TestBrowser): Promise<LinkStatus> {
  const response = await browser.api(`${HRM}/api/me/connect`);
  expect(response.status).toBe(200);
  return body<LinkStatus>(response);
}

/** Sends a code to `email`, verifies it and expects the link. */
export async function link(browser: TestBrowser, email: string): Promise<LinkStatus> {
  const { code } = await sendCode(browser, email);
  const response = await verify(browser, code);
  expect(response.status, await response.clone().text()).toBe(200);
  const status = await body<LinkStatus>(response);
  expect(status).toMatchObject({ status: 'linked', email });
  return status;
}

/** Every exchange on the workspace's network from now on. */
export function recordTraffic(world: TestWorld): Exchange[] {
  const log: Exchange[] = [];
  world.workspace.network.subscribe((e) => log.push(e));
  return log;
}

/** The answers Connect gave the HRM's find-or-create calls. */
export function linkAnswers(log: readonly Exchange[]): LinkAccountResponse[] {
  return log
    .filter((e) => e.method === 'POST' && e.url === `${CONNECT}/api/accounts/link` && e.status === 200)
    .map((e) => JSON.parse(e.responseBody!) as LinkAccountResponse);
}

/** Puts `handlers` in front of the workspace's own (a fault as data); returns the function that removes them. */
export function inFront(world: TestWorld, ...handlers: RequestHandler[]): () => void {
  world.workspace.network.setHandlers([...handlers, ...world.workspace.handlers()]);
  return () => world.workspace.network.setHandlers(world.workspace.handlers());
}

export const connectDown = (): RequestHandler[] => [
  http.all(`${CONNECT}/api/*`, () => HttpResponse.json({ code: 'unavailable', message: 'Connect is down' }, { status: 503 })),
];

export const mailDown = (): RequestHandler[] => [
  http.post(`${MAIL}/api/messages`, () => HttpResponse.json({ code: 'unavailable', message: 'Mail is down' }, { status: 503 })),
];

/** The HRM's own database of the world, for what no API shows (audit, stored snapshots). Close it after use. */
export function hrmDb(world: TestWorld): HrmDb {
  return new HrmDb(world.workspace.id);
}

/** The template person `key` as stored in the HRM's database right now (read through a connection of its own). */
export async function storedUser(world: TestWorld, key: string): Promise<StoredUser> {
  const loginId = person(world, key).loginId;
  const db = hrmDb(world);
  try {
    const [people, states] = await Promise.all([db.people.toArray(), db.states.toArray()]);
    const user = mergeChunks(people, states)
      .flat()
      .find((u) => u.loginId === loginId);
    if (!user) throw new Error(`No stored user with login ID ${loginId}`);
    return user;
  } finally {
    db.close();
  }
}

/** Changes the stored user behind the server's back (a crash mid-request); a reopened workspace sees it. */
export async function rewriteStoredUser(world: TestWorld, key: string, change: (user: StoredUser) => StoredUser): Promise<void> {
  const before = await storedUser(world, key);
  const after = change(before);
  const db = hrmDb(world);
  try {
    await db.transaction('rw', db.people, db.states, async () => {
      const people = (await db.people.get(before.chunk))!;
      const states = (await db.states.get(before.chunk))!;
      await db.people.put({ ...people, users: people.users.map((u) => (u.id === after.id ? profileOf(after) : u)) });
      await db.states.put({ ...states, states: states.states.map((s) => (s.id === after.id ? stateOf(after) : s)) });
    });
  } finally {
    db.close();
  }
}

/** The link state a stored user is in, as the server mirrors it. */
export function storedStatus(user: StoredUser): string {
  return user.link?.status ?? 'unlinked';
}

export async function userId(world: TestWorld, key: string): Promise<string> {
  return (await storedUser(world, key)).id;
}

/** Follows every redirect from `url` in this browser and returns the page it ends on. */
export async function openPage<T>(browser: TestBrowser, url: string): Promise<{ url: string; status: number; page: PageBody<T> }> {
  const result = await browser.navigate(url);
  expect(result.outcome.kind, JSON.stringify(result.hops)).toBe('page');
  return { url: result.url, status: result.status, page: (result.outcome as { page: PageBody<T> }).page };
}

/** Sets a Connect password the self-service way: "Forgot your password?" and the mailed link (R15). */
export async function setConnectPassword(browser: TestBrowser, email: string, password: string): Promise<void> {
  const { token } = await requestReset(browser, email);
  expect((await reset(browser, token, password)).status).toBe(200);
}

/** Signs in on the Connect login page a trip ended at, then follows Connect back to the application. */
export async function signInAtConnect<T>(browser: TestBrowser, loginPage: { url: string }, email: string, password: string) {
  const returnTo = new URL(loginPage.url).searchParams.get('return_to') ?? undefined;
  const response = await connectLogin(browser, email, password, returnTo);
  expect(response.status, await response.clone().text()).toBe(200);
  const { redirectTo } = await body<{ redirectTo: string }>(response);
  return openPage<T>(browser, new URL(redirectTo, CONNECT).toString());
}

export const CONNECT_PASSWORD = 'midnight orchard lantern';

/**
 * After activation, a person whose HRM user was linked to `email` logs in the only way left: a password set with
 * "Forgot your password?", then Connect (R14, R15).
 */
export async function signInThroughConnect(world: TestWorld, key: string, email: string): Promise<TestBrowser> {
  const browser = world.browser(`${key}-connect`);
  await setConnectPassword(browser, email, CONNECT_PASSWORD);
  const back = await signInAtConnect<{ user?: { name: string } }>(browser, await openPage(browser, `${WEB}/`), email, CONNECT_PASSWORD);
  expect(back.page.data.user?.name, JSON.stringify(back.page)).toBe(person(world, key).name);
  return browser;
}
