// Owns the mail server's reading API (mail.test/api/*) as a mail app calls it: signing in to its mailboxes, then
// listing, reading and marking mail read with the session cookie in the app's own jar; each an endpoint of its table
// (MAIL_API).
import { MAIL_API, type MailboxListing, type MailMessage, type MailProblemCode, type MailSession } from '../contracts/mail';
import { call, type ClientContext, type ClientResult } from './http';

export type MailResult<T> = ClientResult<T, MailProblemCode>;

/** Signs in to one mailbox; with a live session in the jar the mailbox is added to it. */
export function signIn(ctx: ClientContext, address: string, password: string): Promise<MailResult<MailSession>> {
  return call(ctx, MAIL_API.signIn, { body: { address, password } });
}

/** Registers an address that has no account yet, with this password. */
export function signUp(ctx: ClientContext, address: string, password: string): Promise<MailResult<{ mailbox: string }>> {
  return call(ctx, MAIL_API.signUp, { body: { address, password } });
}

export function signOut(ctx: ClientContext): Promise<MailResult<MailSession>> {
  return call(ctx, MAIL_API.signOut);
}

/**
 * Signs a mail app in to each of its mailboxes, as a mail app configured with them does on start. A mailbox without an
 * account yet (a workspace from before mail accounts, a private address the person typed) is registered with the
 * password first. Answers the first failure, or the session's mailboxes.
 */
export async function signInToMailboxes(
  ctx: ClientContext,
  mailboxes: readonly string[],
  password: string,
): Promise<MailResult<MailSession>> {
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
  return call(ctx, MAIL_API.listMailbox, { params: { mailbox } });
}

export function getMessage(ctx: ClientContext, id: string): Promise<MailResult<MailMessage>> {
  return call(ctx, MAIL_API.getMessage, { params: { id } });
}

export function markRead(ctx: ClientContext, id: string): Promise<MailResult<unknown>> {
  return call(ctx, MAIL_API.markRead, { params: { id } });
}

/** The message's RFC 5322 source: header fields and its text and HTML parts. */
export async function getMessageSource(ctx: ClientContext, id: string): Promise<MailResult<string>> {
  const result = await call(ctx, MAIL_API.messageSource, { params: { id } });
  return result.ok ? { ok: true, status: result.status, value: result.value.text } : result;
}
