// Owns the Connect API tests' shared steps: problem checks, the HRM client's Basic credentials, password logins,
// reading the reset mail from mail.test, and Connect's own database for what no API shows (the audit log).
import { expect } from 'vitest';
import type { MailMessage } from '../../../src/contracts/mail';
import { ORIGINS } from '../../../src/contracts/origins';
import { ConnectDb, type AuditRow } from '../../../mocks/servers/connect/db';
import type { TestBrowser, TestWorld } from '../../support/harness';
import { body, expectProblem, inbox, readMessage } from '../../support/api';

export { body, expectProblem, inbox, readMessage };

export const CONNECT = ORIGINS.connect;
export const MAIL = ORIGINS.mail;

export function basic(clientId: string, secret: string): string {
  return `Basic ${btoa(`${clientId}:${secret}`)}`;
}

/** A server-to-server call as the HRM makes it (no cookie jar, Basic client authentication). */
export function asClient(
  world: TestWorld,
  path: string,
  init: { method: string; body?: unknown; authorization?: string | null },
): Promise<Response> {
  const headers: Record<string, string> = {};
  const auth = init.authorization === undefined ? basic('hrm', world.template.tenant.hrmClientSecret) : init.authorization;
  if (auth !== null) headers.authorization = auth;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return world.workspace.network.fetch(
    new Request(`${CONNECT}${path}`, {
      method: init.method,
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    }),
    { initiator: 'server:hrm.test' },
  );
}

export function login(browser: TestBrowser, email: string, password: string, returnTo?: string): Promise<Response> {
  const query = returnTo === undefined ? '' : `?return_to=${encodeURIComponent(returnTo)}`;
  return browser.api(`${CONNECT}/api/session${query}`, { body: { email, password } });
}

export function resetLinkIn(text: string): string {
  const match = /https:\/\/connect\.test\/reset-password\?token=[0-9a-f]{64}/.exec(text);
  if (!match) throw new Error(`No reset link in the mail:\n${text}`);
  return match[0];
}

export function tokenOf(link: string): string {
  return new URL(link).searchParams.get('token')!;
}

/** Asks for a reset link for `email` and reads it from the one new mail. */
export async function requestReset(browser: TestBrowser, email: string): Promise<{ link: string; token: string; message: MailMessage }> {
  const before = new Set((await inbox(browser, email)).messages.map((m) => m.id));
  const response = await browser.api(`${CONNECT}/api/password/forgot`, { body: { email } });
  expect(response.status).toBe(202);
  await browser.settled();
  const fresh = (await inbox(browser, email)).messages.filter((m) => !before.has(m.id));
  expect(fresh).toHaveLength(1);
  const message = await readMessage(browser, fresh[0]!.id);
  const link = resetLinkIn(message.text);
  return { link, token: tokenOf(link), message };
}

export function reset(browser: TestBrowser, token: string, password: string, confirmPassword = password): Promise<Response> {
  return browser.api(`${CONNECT}/api/password/reset`, { body: { token, password, confirmPassword } });
}

/** Connect's own database of the world, for what no API shows (audit, stored digests). Close it after use. */
export function connectDb(world: TestWorld): ConnectDb {
  return new ConnectDb(world.workspace.id);
}

/** Connect's audit log of the world, oldest first. */
export async function auditLog(world: TestWorld): Promise<AuditRow[]> {
  const db = connectDb(world);
  try {
    return await db.audit.orderBy('id').toArray();
  } finally {
    db.close();
  }
}
