// Tests the words Connect's pages use for single sign-on: every failure has a headline and an action, every step a
// label, and a certificate's or secret's expiry is flagged 30 days ahead and once past, on the world clock.
import { describe, expect, it } from 'vitest';
import { SSO_FAILURES, SSO_TEST_STEPS } from '../../../../../src/contracts/connect-sso';
import {
  EXPIRY_WARNING_DAYS,
  expiryState,
  expiryWords,
  SSO_FAILURE_WORDS,
  SSO_STEP_LABELS,
} from '../../../../../src/app/routes/connect/sso-words';

const DAY = 86_400_000;
const NOW = Date.UTC(2027, 2, 1, 12);

describe('single sign-on words', () => {
  it('give every failure a headline and an action, none of them empty or alike', () => {
    for (const failure of SSO_FAILURES) {
      expect(SSO_FAILURE_WORDS[failure].headline, failure).toMatch(/\.$/);
      expect(SSO_FAILURE_WORDS[failure].action, failure).toMatch(/\.$/);
    }
    expect(new Set(SSO_FAILURES.map((f) => SSO_FAILURE_WORDS[f].headline)).size).toBe(SSO_FAILURES.length);
  });

  it('name every step of a sign-in', () => {
    expect(SSO_TEST_STEPS.map((step) => SSO_STEP_LABELS[step].length > 0)).toEqual(SSO_TEST_STEPS.map(() => true));
  });

  it('flag an expiry from 30 days ahead, and once it has passed', () => {
    expect(expiryState(NOW + (EXPIRY_WARNING_DAYS + 1) * DAY, NOW)).toBe('valid');
    expect(expiryState(NOW + EXPIRY_WARNING_DAYS * DAY, NOW)).toBe('soon');
    expect(expiryState(NOW + 1, NOW)).toBe('soon');
    expect(expiryState(NOW, NOW)).toBe('expired');
    expect(expiryState(NOW - DAY, NOW)).toBe('expired');
  });

  it('say how long until or since the expiry in days', () => {
    expect(expiryWords(NOW + 7 * DAY, NOW)).toBe('expires in 7 days');
    expect(expiryWords(NOW + DAY, NOW)).toBe('expires in 1 day');
    expect(expiryWords(NOW + 3_600_000, NOW)).toBe('expires today');
    expect(expiryWords(NOW, NOW)).toBe('expired today');
    expect(expiryWords(NOW - 3 * DAY, NOW)).toBe('expired 3 days ago');
  });
});
