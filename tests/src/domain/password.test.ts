import { describe, expect, it } from 'vitest';
import { checkPassword } from '../../../src/domain/password';

describe('Connect password policy', () => {
  it('accepts a long passphrase', () => {
    expect(checkPassword('correct horse battery', 'anna.svensson@company.com').ok).toBe(true);
  });

  it.each([
    ['short1', 'at least 10 characters'],
    ['password123', 'too common'],
    ['qwertyuiop', 'too common'],
    ['zzzzzzzzzzzz', 'one character repeated'],
    ['anna.svensson-2026', 'cannot contain your email'],
  ])('refuses %j with a specific reason', (password, words) => {
    const result = checkPassword(password, 'anna.svensson@company.com');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem.message.toLowerCase()).toContain(words);
      expect(result.problem.field).toBe('password');
    }
  });
});
