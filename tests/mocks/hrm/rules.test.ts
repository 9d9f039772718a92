import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { CODE_TTL_MS, linkingMachine } from '../../../machines/linking';
import {
  buildLinkStatus,
  listDomains,
  parseAllowedDomains,
  parseCode,
  safeReturnTo,
  showPreparationBanner,
  suggestions,
  verificationMailText,
} from '../../../mocks/servers/hrm/rules';

const T0 = Date.UTC(2026, 2, 2, 8);

describe('HRM rules', () => {
  it('suggestions: the user’s email and employments with mailings activated, normalised and deduplicated (R2)', () => {
    expect(
      suggestions({
        email: 'Anna.Svensson@Company.com',
        employments: [
          { email: 'anna.svensson@gmail.com', mailingsActivated: 1 },
          { email: 'anna.svensson@user.com', mailingsActivated: 0 },
          { email: 'ANNA.SVENSSON@company.com ', mailingsActivated: 1 },
          { email: null, mailingsActivated: 1 },
          { email: 'not-an-email', mailingsActivated: 1 },
        ],
      }),
    ).toEqual(['anna.svensson@company.com', 'anna.svensson@gmail.com']);
    expect(suggestions({ email: null, employments: [{ email: null, mailingsActivated: 0 }] })).toEqual([]);
  });

  it('banner: preparation, not linked, not timeclock-only (R1, R11)', () => {
    expect(showPreparationBanner({ phase: 'preparation', linked: false, timeclockOnly: false })).toBe(true);
    expect(showPreparationBanner({ phase: 'preparation', linked: true, timeclockOnly: false })).toBe(false);
    expect(showPreparationBanner({ phase: 'preparation', linked: false, timeclockOnly: true })).toBe(false);
    expect(showPreparationBanner({ phase: 'setup', linked: false, timeclockOnly: false })).toBe(false);
  });

  it('link status: a code needs replacing from 30:00 on, not at 29:59', () => {
    const [sent] = transition(linkingMachine, initialTransition(linkingMachine)[0], {
      type: 'SEND_CODE',
      email: 'a@company.com',
      codeHash: 'h',
      now: T0,
    });
    const at = (now: number) => buildLinkStatus(sent, { suggestions: [], phase: 'preparation', now });
    expect(at(T0 + CODE_TTL_MS - 1000)).toMatchObject({
      status: 'code_sent',
      needsNewCode: false,
      attemptsLeft: 5,
      codeExpiresAt: T0 + CODE_TTL_MS,
    });
    expect(at(T0 + CODE_TTL_MS).needsNewCode).toBe(true);
  });

  it('link status: an interrupted link still shows the code step', () => {
    let [s] = initialTransition(linkingMachine);
    [s] = transition(linkingMachine, s, { type: 'SEND_CODE', email: 'a@company.com', codeHash: 'h', now: T0 });
    [s] = transition(linkingMachine, s, { type: 'VERIFY', codeHash: 'h', now: T0 + 1 });
    expect(buildLinkStatus(s, { suggestions: [], phase: 'preparation', now: T0 + 2 })).toMatchObject({
      status: 'code_sent',
      email: 'a@company.com',
    });
  });

  it('codes: six digits, spaces forgiven', () => {
    expect(parseCode(' 123 456 ')).toEqual({ ok: true, value: '123456' });
    for (const bad of ['12345', '1234567', '12345a', ''])
      expect(parseCode(bad)).toEqual({
        ok: false,
        problem: { code: 'code_malformed', message: 'Enter the 6-digit code from the email', field: 'code' },
      });
  });

  it('allowed domains: rows checked in order, duplicates named, at most 50', () => {
    expect(parseAllowedDomains([])).toEqual({ ok: true, value: [] });
    expect(parseAllowedDomains(['@Company.com', 'b.se'])).toEqual({ ok: true, value: ['company.com', 'b.se'] });
    expect(parseAllowedDomains(['company.com', 'x y'])).toMatchObject({
      ok: false,
      problem: { code: 'domain_malformed', field: 'allowedDomains.1' },
    });
    expect(parseAllowedDomains(['a.se', 'b.se', 'a.se'])).toMatchObject({
      ok: false,
      problem: { field: 'allowedDomains.2', message: 'a.se is already listed in row 1' },
    });
    expect(parseAllowedDomains(Array.from({ length: 51 }, (_, i) => `d${i}.se`))).toMatchObject({
      ok: false,
      problem: { field: 'allowedDomains' },
    });
  });

  it('lists domains in words', () => {
    expect(listDomains(['a.se'])).toBe('a.se');
    expect(listDomains(['a.se', 'b.se'])).toBe('a.se or b.se');
    expect(listDomains(['a.se', 'b.se', 'c.se'])).toBe('a.se, b.se or c.se');
  });

  it('return_to stays on this host', () => {
    expect(safeReturnTo('/my-profile?x=1')).toBe('/my-profile?x=1');
    for (const bad of [null, '', 'https://evil.test/', '//evil.test', '/\\evil.test', 'my-profile']) expect(safeReturnTo(bad)).toBe('/');
  });

  it('the verification mail greets by first name and carries the code and its validity (R3)', () => {
    const text = verificationMailText('Anna Svensson', '042917');
    expect(text.startsWith('Hi Anna\n\n')).toBe(true);
    expect(text).toContain('Your verification code:\n\n042917\n\nThe code is valid for 30 minutes.');
    expect(text).not.toMatch(/Visma|Flex/);
  });
});
