// Owns the mail server's reading API (mail.test/api/*) as the inbox calls it.
import type { MailboxListing, MailMessage } from '../contracts/mail';
import { ORIGINS } from '../contracts/origins';
import { getText, pathSegment, requestJson, type ClientContext, type ClientResult } from './http';

export type MailResult<T> = ClientResult<T>;

const api = (path: string) => `${ORIGINS.mail}/api${path}`;

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
  const result = await getText(ctx, api(`/messages/${pathSegment(id)}/source`), 'message/rfc822');
  return result.ok ? { ok: true, status: result.status, value: result.value.text } : result;
}
