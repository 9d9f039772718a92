import { describe, expect, it } from 'vitest';
import { isDomainAllowed, mailboxOf, parseDomain, parseEmail } from '../../../src/domain/email';

describe('parseEmail', () => {
  it('accepts and lower-cases a well-formed address, trimming spaces around it', () => {
    expect(parseEmail('  Anna.Svensson@Company.COM ')).toEqual({ ok: true, value: 'anna.svensson@company.com' });
  });

  it('accepts plus-address aliases as their own address', () => {
    expect(parseEmail('oskar.lund+hrm@company.com')).toEqual({ ok: true, value: 'oskar.lund+hrm@company.com' });
  });

  it.each([
    ['', 'email_required', 'Enter an email address'],
    ['anna.svensson', 'email_malformed', 'needs an @'],
    ['anna@@company.com', 'email_malformed', 'only one @'],
    ['anna svensson@company.com', 'email_malformed', 'spaces'],
    ['@company.com', 'email_malformed', 'before the @'],
    ['anna@', 'email_malformed', 'domain after the @'],
    ['anna@company', 'email_malformed', 'needs a dot'],
    ['anna@company..com', 'email_malformed', 'empty part'],
    ['.anna@company.com', 'email_malformed', 'start or end with a dot'],
    ['anna@-company.com', 'email_malformed', 'letters, digits and hyphens'],
    ['anna@company.c0m', 'email_malformed', 'top-level domain'],
  ])('refuses %j with a message naming the problem', (input, code, words) => {
    const result = parseEmail(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem.code).toBe(code);
      expect(result.problem.message).toContain(words);
      expect(result.problem.field).toBe('email');
    }
  });
});

describe('parseDomain', () => {
  it('accepts a domain and a pasted "@domain"', () => {
    expect(parseDomain('Company.com')).toEqual({ ok: true, value: 'company.com' });
    expect(parseDomain('@company.com')).toEqual({ ok: true, value: 'company.com' });
  });

  it.each([
    ['', 'Enter a domain'],
    ['anna@company.com', 'without the part before the @'],
    ['https://company.com', 'without https://'],
    ['company', 'needs a dot'],
    ['comp any.com', 'letters, digits and hyphens'],
  ])('refuses %j', (input, words) => {
    const result = parseDomain(input, 'allowedDomains.0');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem.message).toContain(words);
      expect(result.problem.field).toBe('allowedDomains.0');
    }
  });
});

describe('allowed domains (R6)', () => {
  it('allows every domain when none is listed', () => {
    expect(isDomainAllowed('anna@gmail.com', [])).toBe(true);
  });

  it('allows only the listed domains, exactly', () => {
    expect(isDomainAllowed('anna@company.com', ['company.com'])).toBe(true);
    expect(isDomainAllowed('anna@company.se', ['company.com'])).toBe(false);
    expect(isDomainAllowed('anna@mail.company.com', ['company.com'])).toBe(false);
  });
});

describe('mailboxOf (R7)', () => {
  it('delivers a plus-address alias to the base inbox', () => {
    expect(mailboxOf('Oskar.Lund+HRM@company.com')).toBe('oskar.lund@company.com');
    expect(mailboxOf('anna@company.com')).toBe('anna@company.com');
  });
});
