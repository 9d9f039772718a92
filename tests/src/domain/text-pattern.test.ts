// Patterns a person writes to note something in a text (src/domain/text-pattern.ts): RE2 syntax, matched in linear time,
// and a refusal that says what to write instead.
import { describe, expect, test } from 'vitest';
import { compileTextPattern, findFirst, TEXT_PATTERN_INPUT_MAX_CHARS, type TextPattern } from '../../../src/domain/text-pattern';

function compiled(source: string): TextPattern {
  const result = compileTextPattern(source);
  if (!result.ok) throw new Error(result.message);
  return result.pattern;
}

const refusal = (source: string) => {
  const result = compileTextPattern(source);
  return result.ok ? null : result.message;
};

describe('findFirst', () => {
  test('notes what the built-in scenarios note: the first group, as a JavaScript RegExp did', () => {
    const mail = 'Hello Oskar,\n\nYour verification code:  784366\n\nTemporary password: 9nn3-6pd3-rv28\n';
    expect(findFirst(compiled('Your verification code:\\s+(\\d{6})'), mail)).toEqual({
      ok: true,
      found: { whole: 'Your verification code:  784366', groups: ['784366'] },
    });
    expect(findFirst(compiled('Temporary password: (\\S+)'), mail)).toEqual({
      ok: true,
      found: { whole: 'Temporary password: 9nn3-6pd3-rv28', groups: ['9nn3-6pd3-rv28'] },
    });
  });

  test('a group that took no part is null; no match is null', () => {
    expect(findFirst(compiled('(x)?code'), 'a code')).toEqual({ ok: true, found: { whole: 'code', groups: [null] } });
    expect(findFirst(compiled('password'), 'a code')).toEqual({ ok: true, found: null });
  });

  test('a pattern that backtracks without end in JavaScript finishes over a long text', () => {
    expect(findFirst(compiled('([\\s\\S]*)*X'), 'a'.repeat(200_000))).toEqual({ ok: true, found: null });
    expect(findFirst(compiled('(a+)+$'), `${'a'.repeat(100_000)}!`)).toEqual({ ok: true, found: null });
  });

  test('a text longer than the input bound is refused, not searched', () => {
    expect(findFirst(compiled('a'), 'a'.repeat(TEXT_PATTERN_INPUT_MAX_CHARS + 1))).toEqual({
      ok: false,
      message: 'the text is 1,000,001 characters long, more than a pattern is matched against (1,000,000)',
    });
  });
});

describe('compileTextPattern', () => {
  test('names what RE2 does not have, and what to write instead', () => {
    expect(refusal('(?<=Code: )\\d+')).toBe(
      'look-behind (?<=…) is not supported; patterns use RE2 syntax: put the text around it in the pattern and what to note in a group, as in "Code: (\\d+)"',
    );
    expect(refusal('(?<!x)y')).toMatch(/^look-behind \(\?<!…\) is not supported/);
    expect(refusal('\\d+(?= kr)')).toMatch(/^look-ahead \(\?=…\) is not supported/);
    expect(refusal('(a)\\1')).toBe('the back-reference \\1 is not supported; patterns use RE2 syntax, which has no back-references');
    expect(refusal('(?<n>a)\\k<n>')).toBe(
      'the back-reference \\k<…> is not supported; patterns use RE2 syntax, which has no back-references',
    );
    expect(refusal('\\u00e9')).toBe('the escape \\u is not supported; patterns use RE2 syntax: write a character by its code as \\x{00E9}');
  });

  test('names what is malformed', () => {
    expect(refusal('[0-9')).toBe('a “[” is never closed by “]”');
    expect(refusal('(a')).toBe('a “(” is never closed by “)”');
    expect(refusal('a)')).toBe('a “)” closes no “(”');
    expect(refusal('*a')).toBe('“*” repeats nothing: put what it repeats before it');
    expect(refusal('a{1001}')).toBe('the repeat count {1001} is out of order or above 1000');
  });

  test('refuses a pattern longer than 500 characters', () => {
    expect(refusal('a'.repeat(501))).toBe('a pattern has at most 500 characters');
    expect(refusal('a'.repeat(500))).toBeNull();
  });

  test('accepts RE2 syntax a JavaScript pattern shares: classes, groups, named groups, flags, Unicode classes', () => {
    for (const source of ['\\d{6}', '(?<code>\\d+)', '(?P<code>\\d+)', '(?i)verify', '\\p{L}+', '\\x{e9}', '[^\\s<>"]+'])
      expect(refusal(source)).toBeNull();
  });
});
