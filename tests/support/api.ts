// Owns the API tests' common steps: reading JSON bodies, checking problem answers, reading an inbox at mail.test as the
// trainer sees it (its inspection: no sign-in, nothing marked read), and signing a mail app in to its mailboxes.
import { expect } from 'vitest';
import { SIM_MAIL_PATHS, type MailboxListing, type MailMessage } from '../../src/contracts/mail';
import { ORIGINS } from '../../src/contracts/origins';
import type { ProblemBody } from '../../src/contracts/wire';
import { mailboxOf } from '../../src/domain/email';
import { mailboxesOf, type WorkspaceTemplate } from '../../mocks/templates/template';
import type { TestBrowser, TestWorld } from './harness';

export async function body<T>(response: Response): Promise<T> {
  return (await response.clone().json()) as T;
}

/** Asserts a problem answer: its status, code and field, with a message for the person at the screen. */
export async function expectProblem(response: Response, status: number, code: string, field?: string): Promise<ProblemBody> {
  const problem = await body<ProblemBody>(response);
  expect({ status: response.status, code: problem.code, field: problem.field }).toEqual({ status, code, field });
  expect(problem.message.length).toBeGreaterThan(0);
  return problem;
}

/** What arrived in the mailbox of `email` (the trainer's view): tests of other servers read mail without signing in. */
export async function inbox(browser: TestBrowser, email: string): Promise<MailboxListing> {
  const response = await browser.inspect(`${ORIGINS.mail}${SIM_MAIL_PATHS.mailbox(mailboxOf(email))}`);
  expect(response.status).toBe(200);
  return body<MailboxListing>(response);
}

/** A message in full (the trainer's view), without marking it read. */
export async function readMessage(browser: TestBrowser, id: string): Promise<MailMessage> {
  const response = await browser.inspect(`${ORIGINS.mail}${SIM_MAIL_PATHS.message(id)}`);
  expect(response.status).toBe(200);
  return body<MailMessage>(response);
}

/** Signs `browser` in to the mailbox of `email` at mail.test, as a mail app does; the session cookie goes in its jar. */
export async function signInToMail(browser: TestBrowser, email: string, password: string): Promise<void> {
  const response = await browser.api(`${ORIGINS.mail}/api/session`, { body: { address: email, password } });
  expect(response.status).toBe(200);
}

/** The password of the template person who reads `email`'s mailbox: their own, or the tenant's rehearsal password. */
export function mailPasswordOf(template: WorkspaceTemplate, email: string): string {
  const mailbox = mailboxOf(email);
  const person = template.people.find((p) => mailboxesOf(p).some((m) => mailboxOf(m) === mailbox));
  const password = person?.password ?? template.tenant.rehearsalPassword;
  if (!person || password === undefined) throw new Error(`Nobody in the template reads ${email}`);
  return password;
}

/** A mail app (a browser of its own) signed in to the mailboxes of these addresses, with their people's passwords. */
export async function mailApp(world: TestWorld, ...emails: string[]): Promise<TestBrowser> {
  const app = world.browser(`mail-app:${emails.join(',')}`);
  for (const email of emails) await signInToMail(app, email, mailPasswordOf(world.template, email));
  return app;
}
