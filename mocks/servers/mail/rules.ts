// Owns the mail server's pure rules: where a message is delivered (plus-address aliases share the base inbox,
// rule 7, seed 004), the preview line an inbox shows, and the wire shapes built from stored rows.
import type { MailMessage } from '../../../src/contracts/mail';
import { mailboxOf } from '../../../src/domain/email';
import type { StoredMessage } from './db';

export const PREVIEW_LENGTH = 120;

/** Every address has a mailbox implicitly: no registration, the first message opens it (PRODUCT.md "Mail"). */
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
  return { ...fields, preview: previewOf(message.text), read };
}

export const MESSAGES = {
  notFound: (id: string) => `There is no message ${id}`,
  apiNotFound: (method: string, path: string) => `No API answers ${method} ${path}`,
} as const;
