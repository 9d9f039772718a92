// Owns the mail server's pure rules: where a message is delivered (plus-address aliases share the base inbox,
// R7), the preview line an inbox shows, and the wire shapes built from stored rows.
import type { MailMessage } from '../../../src/contracts/mail';
import { mailboxOf } from '../../../src/domain/email';
import { mailHighlights } from '../../../src/domain/mail-text';
import type { StoredMessage } from './db';

export const PREVIEW_LENGTH = 120;

/** Every address has a mailbox implicitly: no registration, the first message opens it. */
export function deliveryMailbox(to: string): string {
  return mailboxOf(to);
}

/** The first words of the text on one line, cut at a word boundary where possible. */
export function previewOf(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= PREVIEW_LENGTH) return line;
  const cut = line.slice(0, PREVIEW_LENGTH);
  const space = cut.lastIndexOf(' ');
  return `${(space > PREVIEW_LENGTH / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export function toMessage(message: StoredMessage, read: boolean): MailMessage {
  const { seq: _seq, ...fields } = message;
  return { ...fields, preview: previewOf(message.text), code: mailHighlights(message.text).code, read };
}

/** The mail app's session cookie (host-only on mail.test). */
export const SESSION_COOKIE = 'mail_session';

/**
 * The servers allowed to submit mail, by the SHA-256 digest of the submission credential each holds in its
 * configuration (RFC 6750 bearer tokens, as a transactional mail API issues them per sending service). Only digests
 * are kept here: the credential itself is the sending server's own.
 */
export const SUBMITTERS: Readonly<Record<string, string>> = {
  '2e1344dea129c535bc31a2657535ad320833ab275dd40d4b95bc3aa997d845ae': 'hrm.test',
  '9f40525e6c40e3181954bd5ec06c261d6994ea8eaa3e0fd84c93a2a804327e10': 'connect.test',
};

/** RFC 6750 §2.1: the token of an `Authorization: Bearer …` header, or null. */
export function bearerToken(header: string | null): string | null {
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(header?.trim() ?? '');
  return match ? match[1]! : null;
}

export const MESSAGES = {
  notFound: (id: string) => `There is no message ${id}`,
  apiNotFound: (method: string, path: string) => `No API answers ${method} ${path}`,
  unauthenticated: 'Sign in to your mailbox to read your mail.',
  invalidCredentials: 'The address or password is not right.',
  notSignedInTo: (mailbox: string) => `You are not signed in to ${mailbox}. Sign in to it to read its mail.`,
  tooManyMailboxes: (limit: number) => `One session reads at most ${limit} mailboxes. Sign out first to use another one.`,
  addressTaken: (mailbox: string) => `${mailbox} already has an account. Sign in to it instead.`,
  passwordTooShort: (min: number) => `Use at least ${min} characters for the password.`,
  submissionUnauthorized: 'Only the servers that send mail through this mail server may submit messages, with their submission credential.',
} as const;
