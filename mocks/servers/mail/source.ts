// Owns a stored message as the RFC 5322 source a mail server keeps (what Mailpit calls "Raw"): its header fields, and
// a multipart/alternative body (RFC 2046 §5.1.4) of the plain text and an HTML part rendered from it the way
// transactional mailers send both, links as anchors and codes in bold.
import { mailTextParts } from '../../../src/domain/mail-text';
import type { StoredMessage } from './db';

const CRLF = '\r\n';
const MAIL_HOST = 'mail.test';

/** RFC 5322 §3.3 date-time, in UTC: "Mon, 02 Mar 2026 08:00:00 +0000". */
export function rfc5322Date(time: number): string {
  const d = new Date(time);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** A header value as is when it is printable ASCII, else an RFC 2047 encoded-word (UTF-8, base64). */
function encodedWord(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  let binary = '';
  for (const byte of new TextEncoder().encode(value)) binary += String.fromCharCode(byte);
  return `=?UTF-8?B?${btoa(binary)}?=`;
}

function mailbox(name: string, address: string): string {
  if (!name) return address;
  const display = /^[\x20-\x7e]*$/.test(name) ? `"${name.replace(/["\\]/g, '\\$&')}"` : encodedWord(name);
  return `${display} <${address}>`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The HTML alternative: paragraphs at blank lines, links as anchors, codes in bold. */
export function htmlOf(text: string, subject: string): string {
  const paragraphs = text.split(/\n{2,}/).map((paragraph) => {
    const inner = mailTextParts(paragraph)
      .map((part) => {
        if (part.kind === 'url') return `<a href="${escapeHtml(part.value)}">${escapeHtml(part.value)}</a>`;
        if (part.kind === 'code') return `<strong style="font-size:1.4em;letter-spacing:0.1em">${part.value}</strong>`;
        return escapeHtml(part.value).replace(/\n/g, '<br>');
      })
      .join('');
    return `<p>${inner}</p>`;
  });
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>${paragraphs.join('')}</body></html>`;
}

export function messageIdOf(row: StoredMessage): string {
  return `<${row.id}@${MAIL_HOST}>`;
}

/** The message's source, lines ending in CRLF (RFC 5322 §2.1). */
export function sourceOf(row: StoredMessage): string {
  const boundary = `=_${row.id}`;
  const part = (type: string, body: string) =>
    [`--${boundary}`, `Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: 8bit', '', body.replace(/\r?\n/g, CRLF)].join(
      CRLF,
    );
  return [
    `Message-ID: ${messageIdOf(row)}`,
    `Date: ${rfc5322Date(row.sentAt)}`,
    `From: ${mailbox(row.fromName, row.from)}`,
    `To: ${row.to}`,
    `Subject: ${encodedWord(row.subject)}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    part('text/plain', row.text),
    part('text/html', htmlOf(row.text, row.subject)),
    `--${boundary}--`,
    '',
  ].join(CRLF);
}
