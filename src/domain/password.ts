// Owns Connect's password policy (NIST SP 800-63B §3.1.1.2: length over composition, no common passwords,
// nothing derived from the account) and the specific message for each way a password fails it.
import type { PasswordPolicy } from '../contracts/connect';
import { fail, ok, type Result } from './errors';

export const PASSWORD_POLICY: PasswordPolicy = {
  minLength: 10,
  maxLength: 128,
  rules: [
    'At least 10 characters; a few words in a row make a strong, memorable password.',
    'Not a commonly used password, and not your email address.',
  ],
};

/** A short list of the most common passwords (the full breach corpora are too big for an offline tab). */
const COMMON_PASSWORDS = new Set([
  '1234567890',
  '12345678910',
  '0123456789',
  'qwertyuiop',
  'password12',
  'password123',
  'password1!',
  '1q2w3e4r5t',
  'iloveyou12',
  'qwerty1234',
  'abcdefghij',
  'aaaaaaaaaa',
  '1111111111',
  'sommar2024',
  'sommar2025',
  'sommar2026',
  'summer2024',
  'summer2025',
  'summer2026',
  'welcome123',
  'changeme12',
  'letmein123',
  'passw0rd12',
  'administrator',
  'qwertyuiop1',
]);

export function checkPassword(password: string, email: string): Result<string, 'password_policy'> {
  const field = 'password';
  if (password.length < PASSWORD_POLICY.minLength)
    return fail('password_policy', `Use at least ${PASSWORD_POLICY.minLength} characters (this one has ${password.length})`, field);
  if (password.length > PASSWORD_POLICY.maxLength)
    return fail('password_policy', `Use at most ${PASSWORD_POLICY.maxLength} characters`, field);
  if (password.trim().length === 0) return fail('password_policy', 'A password cannot be only spaces', field);
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return fail('password_policy', 'This password is too common. Choose another one', field);
  if (/^(.)\1*$/.test(password)) return fail('password_policy', 'A password cannot be one character repeated', field);
  const local = email.toLowerCase().split('@')[0] ?? '';
  if (lower === email.toLowerCase() || (local.length >= 4 && lower.includes(local)))
    return fail('password_policy', 'Your password cannot contain your email address', field);
  return ok(password);
}
