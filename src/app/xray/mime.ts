// Owns reading a mail's RFC 5322 source for the mail x-ray: header fields unfolded (§2.2.3) with RFC 2047
// encoded-words decoded, and the parts of a multipart body (RFC 2046 §5.1) by content type.
import type { NameValue } from './exchange-parts';

export interface MimePart {
  contentType: string;
  body: string;
}

export interface ParsedMessage {
  headers: NameValue[];
  parts: MimePart[];
}

function decodeBytes(bytes: Uint8Array, charset: string): string {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder().decode(bytes);
  }
}

/** RFC 2047 §4: =?charset?B?base64?= and =?charset?Q?quoted?=; adjacent encoded-words join without the space between. */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (whole, charset: string, encoding: string, text: string) => {
      try {
        if (encoding.toUpperCase() === 'B')
          return decodeBytes(
            Uint8Array.from(atob(text), (c) => c.charCodeAt(0)),
            charset,
          );
        const bytes: number[] = [];
        const q = text.replace(/_/g, ' ');
        for (let i = 0; i < q.length; i++) {
          if (q[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(q.slice(i + 1, i + 3))) {
            bytes.push(parseInt(q.slice(i + 1, i + 3), 16));
            i += 2;
          } else bytes.push(q.charCodeAt(i));
        }
        return decodeBytes(Uint8Array.from(bytes), charset);
      } catch {
        return whole;
      }
    });
}

function splitHead(text: string): { head: string; body: string } {
  const at = text.search(/\r?\n\r?\n/);
  if (at < 0) return { head: text, body: '' };
  const gap = /\r?\n\r?\n/.exec(text.slice(at))![0].length;
  return { head: text.slice(0, at), body: text.slice(at + gap) };
}

function headerFields(head: string): NameValue[] {
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  return unfolded
    .split(/\r?\n/)
    .filter((line) => line.includes(':'))
    .map((line) => {
      const colon = line.indexOf(':');
      return { name: line.slice(0, colon).trim(), value: decodeEncodedWords(line.slice(colon + 1).trim()) };
    });
}

function field(headers: readonly NameValue[], name: string): string {
  return headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value ?? '';
}

export function parseMessage(source: string): ParsedMessage {
  const { head, body } = splitHead(source);
  const headers = headerFields(head);
  const contentType = field(headers, 'Content-Type') || 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!contentType.toLowerCase().startsWith('multipart/') || !boundary) {
    return { headers, parts: [{ contentType, body: body.replace(/\r\n/g, '\n') }] };
  }
  const parts: MimePart[] = [];
  const delimiter = `--${boundary}`;
  for (const chunk of body.split(delimiter).slice(1)) {
    if (chunk.startsWith('--')) break;
    const part = splitHead(chunk.replace(/^\r?\n/, ''));
    const partHeaders = headerFields(part.head);
    parts.push({
      contentType: field(partHeaders, 'Content-Type') || 'text/plain',
      body: part.body.replace(/\r?\n$/, '').replace(/\r\n/g, '\n'),
    });
  }
  return { headers, parts };
}

/** The first part of this type ("text/plain", "text/html"), or null. */
export function partOf(message: ParsedMessage, type: string): string | null {
  return message.parts.find((p) => p.contentType.toLowerCase().startsWith(type))?.body ?? null;
}

export function headerOf(message: ParsedMessage, name: string): string {
  return field(message.headers, name);
}
