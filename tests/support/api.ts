// Owns the API tests' common steps: reading JSON bodies, checking problem answers, and reading an inbox at mail.test.
import { expect } from 'vitest';
import type { MailboxListing, MailMessage } from '../../src/contracts/mail';
import { ORIGINS } from '../../src/contracts/origins';
import type { ProblemBody } from '../../src/contracts/wire';
import { mailboxOf } from '../../src/domain/email';
import type { TestBrowser } from './harness';

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

export async function inbox(browser: TestBrowser, email: string): Promise<MailboxListing> {
  const response = await browser.api(`${ORIGINS.mail}/api/mailboxes/${mailboxOf(email)}/messages`);
  expect(response.status).toBe(200);
  return body<MailboxListing>(response);
}

export async function readMessage(browser: TestBrowser, id: string): Promise<MailMessage> {
  const response = await browser.api(`${ORIGINS.mail}/api/messages/${id}`);
  expect(response.status).toBe(200);
  return body<MailMessage>(response);
}
