// Owns the admin portal's pure rules: an account's status as an administrator sees it, searching the organisation's
// accounts and their order, the audit log's categories, and the portal's messages.
import type { AdminUser, AdminUserStatus, AuditCategory, ConnectAuditType } from '../../../../src/contracts/connect';
import { AUDIT_CATEGORIES } from '../../../../src/contracts/connect';
import type { AccountRow, LoginThrottleRow } from '../db';
import { foldText, isLocked } from '../rules';

/** Blocked says the most (R25), then a lock that will pass, then an account nobody can sign in to yet. */
export function adminUserStatus(account: AccountRow, throttle: LoginThrottleRow | undefined, now: number): AdminUserStatus {
  if (account.blockedAt !== null) return 'blocked';
  if (isLocked(throttle, now)) return 'locked';
  if (account.passwordHash === null) return 'no_password';
  return 'active';
}

export function toAdminUser(account: AccountRow, throttle: LoginThrottleRow | undefined, isAdmin: boolean, now: number): AdminUser {
  return {
    id: account.id,
    email: account.email,
    name: account.name,
    status: adminUserStatus(account, throttle, now),
    blockedAt: account.blockedAt,
    lockedUntil: isLocked(throttle, now) ? throttle!.lockedUntil : null,
    temporaryPasswordExpiresAt:
      account.temporaryPasswordExpiresAt !== null && now < account.temporaryPasswordExpiresAt ? account.temporaryPasswordExpiresAt : null,
    apps: [...account.apps],
    lastLoginAt: account.lastLoginAt,
    createdAt: account.createdAt,
    isAdmin,
  };
}

/** The words of a search, folded like an account's words ("Håkansson" finds "hakansson"); empty for a blank search. */
export function searchTokens(q: string): string[] {
  return foldText(q)
    .split(/\s+/)
    .filter((t) => t.length > 0);
}

/** Every token begins one of the account's words, or, holding an @ or a dot, is part of its email. */
export function matchesSearch(account: Pick<AccountRow, 'words' | 'email'>, tokens: readonly string[]): boolean {
  return tokens.every((token) => account.words.some((w) => w.startsWith(token)) || (/[@.]/.test(token) && account.email.includes(token)));
}

/** The accounts' order in the portal: by domain, then by email (the [domain+email] index's order). */
export function byDomainThenEmail(a: Pick<AccountRow, 'domain' | 'email'>, b: Pick<AccountRow, 'domain' | 'email'>): number {
  return a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : a.email < b.email ? -1 : a.email > b.email ? 1 : 0;
}

export function categoryTypes(category: AuditCategory): readonly ConnectAuditType[] {
  return AUDIT_CATEGORIES[category].types;
}

export function isAuditCategory(value: string): value is AuditCategory {
  return Object.hasOwn(AUDIT_CATEGORIES, value);
}

export const ADMIN_MESSAGES = {
  forbidden: 'Only administrators of the organisation can use the admin portal.',
  userNotFound: (id: string) => `There is no account ${id} in your organisation`,
  ownAccountBlock: 'You cannot block your own account.',
  noAccountForEmail: (email: string) => `No Connect account in your organisation has the email ${email}.`,
  alreadyAdmin: (email: string) => `${email} is already an administrator.`,
  lastAdmin: 'The organisation needs at least one administrator: grant someone else access before removing this one.',
  notAdmin: (email: string) => `${email} is not an administrator.`,
  mailFailed: (reason: string) => `The email could not be sent (${reason}). Nothing was changed; try again.`,
  notInvited: (email: string) => `${email} has no open invitation to be an administrator.`,
  invitedBlocked: (email: string) => `${email} is blocked: unblock the account before sending it an activation email.`,
} as const;
