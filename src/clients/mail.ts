// Owns the mail server's reading API (mail.test/api/*) as a mail app calls it: signing in to its mailboxes, then
// listing, reading and marking mail read with the session cookie in the app's own jar.
import type { MailboxListing, MailMessage, MailProblemCode, MailSession } from '../contracts/mail';
import { ORIGINS } from '../contracts/origins';
import { getText, pathSegment, requestJson, type ClientContext, type ClientResult } from './http';

export type MailResult<T> = ClientResult<T, MailProblemCode>;

const api = (path: string) => `${ORIGINS.mail}/api${path}`;

/** Signs in to one mailbox; with a live session in the jar the mailbox is added to it. */
export function signIn(ctx: ClientContext, address: string, password: string): Promise<MailResult<MailSession>> {
  return requestJson(ctx, 'POST', api('/session'), { address, password });
}

/** Registers an address that has no account yet, with this password. */
export function signUp(ctx: ClientContext, address: string, password: string): Promise<MailResult<{ mailbox: string }>> {
  return requestJson(ctx, 'POST', api('/accounts'), { address, password });
}

export function signOut(ctx: ClientContext): Promise<MailResult<MailSession>> {
  return requestJson(ctx, 'DELETE', api('/session'));
}

/**
 * Signs a mail app in to each of its mailboxes, as a mail app configured with them does on start. A mailbox without an
 * account yet (a workspace from before mail accounts, a private address the person typed) is registered with the
 * password first. Answers the first failure, or the session's mailboxes.
 */
export async function signInToMailboxes(ctx: ClientContext, mailboxes: readonly string[], password: string): Promise<MailResult<MailSession>> {
  let session: MailResult<MailSession> = { ok: true, status: 200, value: { mailboxes: [] } };
  for (const mailbox of mailboxes) {
    session = await signIn(ctx, mailbox, password);
    if (!session.ok && session.problem.code === 'invalid_credentials') {
      const registered = await signUp(ctx, mailbox, password);
      if (registered.ok) session = await signIn(ctx, mailbox, password);
    }
    if (!session.ok) return session;
  }
  return session;
}

export function listMailbox(ctx: ClientContext, mailbox: string): Promise<MailResult<MailboxListing>> {
  return requestJson(ctx, 'GET', api(`/mailboxes/${pathSegment(mailbox)}/messages`));
}

export function getMessage(ctx: ClientContext, id: string): Promise<MailResult<MailMessage>> {
  return requestJson(ctx, 'GET', api(`/messages/${pathSegment(id)}`));
}

export function markRead(ctx: ClientContext, id: string): Promise<MailResult<unknown>> {
  return requestJson(ctx, 'POST', api(`/messages/${pathSegment(id)}/read`));
}

/** The message's RFC 5322 source: header fields and its text and HTML parts. */
export async function getMessageSource(ctx: ClientContext, id: string): Promise<MailResult<string>> {
  const result = await getText<MailProblemCode>(ctx, api(`/messages/${pathSegment(id)}/source`), 'message/rfc822');
  return result.ok ? { ok: true, status: result.status, value: result.value.text } : result;
}
