// Owns the email and domain rules shared by every server: syntax, normalisation, plus-address aliases
// (R7) and the allowed-domain check (R6).
import { fail, ok, type Result } from './errors';

export type EmailProblemCode = 'email_required' | 'email_malformed';
export type DomainProblemCode = 'domain_required' | 'domain_malformed';

const LOCAL_ATOM = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Emails compare case-insensitively everywhere in the product: store and compare the lower-case form. */
export function normalizeEmail(input: string): string {
  return input.trim().toLowerCase();
}

function checkDomain(domain: string, field: string): Result<string, DomainProblemCode> {
  if (domain.length === 0) return fail('domain_required', 'Enter a domain', field);
  if (domain.length > 253) return fail('domain_malformed', 'The domain is too long (at most 253 characters)', field);
  const labels = domain.split('.');
  if (labels.length < 2) return fail('domain_malformed', `“${domain}” needs a dot and a top-level domain, e.g. company.com`, field);
  for (const label of labels) {
    if (label.length === 0) return fail('domain_malformed', `“${domain}” has an empty part between dots`, field);
    if (!DOMAIN_LABEL.test(label))
      return fail('domain_malformed', `“${domain}” may only contain letters, digits and hyphens between dots`, field);
  }
  const tld = labels[labels.length - 1]!;
  if (!/^[a-z]{2,63}$/.test(tld)) return fail('domain_malformed', `“${domain}” does not end in a valid top-level domain`, field);
  return ok(domain);
}

/** Validates and normalises an email address, naming what is wrong with it. */
export function parseEmail(input: string, field = 'email'): Result<string, EmailProblemCode> {
  const email = normalizeEmail(input);
  if (email.length === 0) return fail('email_required', 'Enter an email address', field);
  if (/\s/.test(email)) return fail('email_malformed', 'An email address cannot contain spaces', field);
  const at = email.lastIndexOf('@');
  if (at === -1) return fail('email_malformed', 'An email address needs an @, e.g. anna.svensson@company.com', field);
  if (email.indexOf('@') !== at) return fail('email_malformed', 'An email address has only one @', field);
  if (email.length > 254) return fail('email_malformed', 'The email address is too long (at most 254 characters)', field);
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local.length === 0) return fail('email_malformed', 'Enter the part before the @', field);
  if (local.length > 64) return fail('email_malformed', 'The part before the @ is too long (at most 64 characters)', field);
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..'))
    return fail('email_malformed', 'The part before the @ cannot start or end with a dot, or have two dots in a row', field);
  if (!local.split('.').every((atom) => LOCAL_ATOM.test(atom)))
    return fail('email_malformed', 'The part before the @ contains a character that is not allowed', field);
  if (domain.length === 0) return fail('email_malformed', 'Enter the domain after the @, e.g. company.com', field);
  const checked = checkDomain(domain, field);
  if (!checked.ok) return fail('email_malformed', checked.problem.message, field);
  return ok(email);
}

/** Validates a domain typed by an admin (General > Security), accepting a pasted "@company.com" too. */
export function parseDomain(input: string, field = 'domain'): Result<string, DomainProblemCode> {
  const domain = input.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '');
  if (domain.includes('@')) return fail('domain_malformed', 'Enter only the domain, without the part before the @', field);
  if (/^[a-z]+:\/\//.test(domain) || domain.includes('/'))
    return fail('domain_malformed', 'Enter only the domain, without https:// or a path', field);
  return checkDomain(domain, field);
}

export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}

/**
 * The mailbox a message is delivered to: plus-address tags are dropped, so anna+hrm@ and anna@ share an inbox,
 * while they stay distinct emails for accounts (R7).
 */
export function mailboxOf(email: string): string {
  const normalized = normalizeEmail(email);
  const at = normalized.lastIndexOf('@');
  const local = normalized.slice(0, at);
  const plus = local.indexOf('+');
  return plus === -1 ? normalized : `${local.slice(0, plus)}${normalized.slice(at)}`;
}

/** R6: with no allowed domains listed, every domain is allowed; otherwise the exact domain must be listed. */
export function isDomainAllowed(email: string, allowedDomains: readonly string[]): boolean {
  if (allowedDomains.length === 0) return true;
  const domain = domainOf(normalizeEmail(email));
  return allowedDomains.some((d) => d === domain);
}
