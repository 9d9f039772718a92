// Owns the patterns a person writes to pick something out of a text (a scenario's readMail "pattern"): RE2 syntax,
// matched by re2js in time linear in the text, so no pattern can freeze the tab or the runner the way a backtracking
// JavaScript RegExp does on "([\s\S]*)*X". RE2 has no look-around and no back-references; a pattern that uses them,
// or is not a pattern at all, is refused with what to write instead.
import { RE2JS } from 're2js';

/** Longer patterns are not something a person writes to note a code or a password. */
export const TEXT_PATTERN_MAX_CHARS = 500;
/** The longest text a pattern is matched against (a mail is a few kilobytes). */
export const TEXT_PATTERN_INPUT_MAX_CHARS = 1_000_000;

export type TextPattern = { readonly source: string; readonly re2: RE2JS };

export type CompiledPattern = { ok: true; pattern: TextPattern } | { ok: false; message: string };

const GROUP_HINT = 'put the text around it in the pattern and what to note in a group, as in "Code: (\\d+)"';

/** What an RE2 refusal means, in the words of someone who wrote a JavaScript-style pattern. */
function explain(reason: string, at: string): string {
  if (reason === 'invalid named capture' && (at.startsWith('(?<=') || at.startsWith('(?<!'))) {
    return `look-behind ${at.startsWith('(?<=') ? '(?<=…)' : '(?<!…)'} is not supported; patterns use RE2 syntax: ${GROUP_HINT}`;
  }
  if (reason === 'invalid or unsupported Perl syntax' && (at === '(?=' || at === '(?!')) {
    return `look-ahead ${at}…) is not supported; patterns use RE2 syntax: ${GROUP_HINT}`;
  }
  if (reason === 'invalid escape sequence' && /^\\[1-9]$/.test(at))
    return `the back-reference ${at} is not supported; patterns use RE2 syntax, which has no back-references`;
  if (reason === 'invalid escape sequence' && at === '\\k')
    return 'the back-reference \\k<…> is not supported; patterns use RE2 syntax, which has no back-references';
  if (reason === 'invalid escape sequence' && at === '\\u')
    return 'the escape \\u is not supported; patterns use RE2 syntax: write a character by its code as \\x{00E9}';
  if (reason === 'invalid escape sequence')
    return `the escape ${at} is not supported; patterns use RE2 syntax (\\d, \\s, \\w, \\b, \\x{…}, \\p{…})`;
  if (reason === 'missing closing ]') return 'a “[” is never closed by “]”';
  if (reason === 'missing closing )') return 'a “(” is never closed by “)”';
  if (reason === 'unexpected )') return 'a “)” closes no “(”';
  if (reason === 'missing argument to repetition operator') return `“${at}” repeats nothing: put what it repeats before it`;
  if (reason === 'invalid nested repetition operator')
    return `“${at}” repeats a repetition; patterns use RE2 syntax, which allows one repetition at a time`;
  if (reason === 'invalid repeat count') return `the repeat count ${at} is out of order or above 1000`;
  return `not a pattern in RE2 syntax: ${reason}${at ? ` at “${at}”` : ''}`;
}

/** A pattern ready to match, or why not, in words fit for the field that holds it. */
export function compileTextPattern(source: string): CompiledPattern {
  if (source.length > TEXT_PATTERN_MAX_CHARS) {
    return { ok: false, message: `a pattern has at most ${TEXT_PATTERN_MAX_CHARS} characters` };
  }
  try {
    return { ok: true, pattern: { source, re2: RE2JS.compile(source) } };
  } catch (error) {
    const detail = error as { error?: unknown; input?: unknown; message?: unknown };
    if (typeof detail.error === 'string')
      return { ok: false, message: explain(detail.error, typeof detail.input === 'string' ? detail.input : '') };
    return { ok: false, message: `not a pattern in RE2 syntax: ${String(detail.message ?? error)}` };
  }
}

export type PatternMatch = { ok: true; found: { whole: string; groups: (string | null)[] } | null } | { ok: false; message: string };

/** The first place the pattern matches in the text: the whole match and each group (null where a group took no part). */
export function findFirst(pattern: TextPattern, text: string): PatternMatch {
  if (text.length > TEXT_PATTERN_INPUT_MAX_CHARS) {
    return {
      ok: false,
      message: `the text is ${text.length.toLocaleString('en-US')} characters long, more than a pattern is matched against (${TEXT_PATTERN_INPUT_MAX_CHARS.toLocaleString('en-US')})`,
    };
  }
  const matcher = pattern.re2.matcher(text);
  if (!matcher.find()) return { ok: true, found: null };
  const groups: (string | null)[] = [];
  for (let group = 1; group <= pattern.re2.groupCount(); group++) groups.push(matcher.group(group));
  return { ok: true, found: { whole: matcher.group(0) ?? '', groups } };
}
