// Owns what a mail's plain text holds for a reader: its links and its 6-digit codes (R3: "Your verification
// code"), found the same way by the inbox, the mail server's HTML part and the mail x-ray.

export type MailTextPart = { kind: 'text' | 'url' | 'code'; value: string };

// A URL ends before trailing punctuation; a code is six digits standing alone.
const TOKEN = /(https?:\/\/[^\s<>"]*[^\s<>".,;:!?)\]'’”])|(?<![\d-])(\d{6})(?![\d-])/g;

/** The text cut into plain runs, links and codes; joined back, the parts are exactly the text. */
export function mailTextParts(text: string): MailTextPart[] {
  const out: MailTextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    const at = match.index ?? 0;
    if (at > last) out.push({ kind: 'text', value: text.slice(last, at) });
    out.push(match[1] ? { kind: 'url', value: match[1] } : { kind: 'code', value: match[2] ?? '' });
    last = at + match[0].length;
  }
  if (last < text.length) out.push({ kind: 'text', value: text.slice(last) });
  return out;
}

/** What a mail app puts atop a mail: the code to type (a verification code, a temporary password), its main link. */
export interface MailHighlights {
  /** The code the reader is asked to type, or null. */
  code: string | null;
  /** The mail's main link (the first one: what the mail asks the reader to click), or null. */
  link: string | null;
}

// R27: the temporary password stands after its label on a line of its own ("Temporary password: Xk7…").
const TEMPORARY_PASSWORD = /^(?:Temporary password|Tillfälligt lösenord):\s*(\S+)\s*$/im;

/** The code and main link of a mail's plain text, found as mailTextParts finds them. */
export function mailHighlights(text: string): MailHighlights {
  const parts = mailTextParts(text);
  const code = parts.find((p) => p.kind === 'code')?.value ?? TEMPORARY_PASSWORD.exec(text)?.[1] ?? null;
  const link = parts.find((p) => p.kind === 'url')?.value ?? null;
  return { code, link };
}
