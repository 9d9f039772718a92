// Owns the admin portal's words for statuses and audit entry types, as the tables show them.
import type { AdminUserStatus, ConnectAuditType } from '../../../../contracts/connect';

export const STATUS_LABELS: Record<AdminUserStatus, string> = {
  active: 'Active',
  blocked: 'Blocked',
  locked: 'Locked',
  no_password: 'No password yet',
};

export const AUDIT_TYPE_LABELS: Record<ConnectAuditType, string> = {
  login: 'Login',
  logout: 'Logout',
  'login.failed': 'Failed login',
  'account.locked': 'Locked',
  'account.unlocked': 'Unlocked',
  'account.blocked': 'Blocked',
  'account.unblocked': 'Unblocked',
  'email.password_reset': 'Password reset email',
  'email.password_reset_failed': 'Password reset email not sent',
  'email.temporary_password': 'Temporary password email',
  'email.temporary_password_failed': 'Temporary password email not sent',
  'email.admin_activation': 'Activation email',
  'email.admin_activation_failed': 'Activation email not sent',
  'password.reset': 'Password reset',
  'password.changed': 'Password changed',
  'admin.activated': 'Administrator activated',
  'admin.granted': 'Administrator added',
  'admin.revoked': 'Administrator removed',
  'organisation.lockout_changed': 'Lockout settings',
  'account.created': 'Account created',
  'account.linked': 'App linked',
  'account.unlinked': 'App unlinked',
  'oidc.code_issued': 'Sign-in to app',
  'oidc.token_issued': 'Tokens issued',
  'oidc.refresh_rotated': 'Tokens refreshed',
  'oidc.code_reuse_revoked': 'Code reused: revoked',
  'oidc.refresh_reuse_revoked': 'Refresh reused: revoked',
  'domain.added': 'Domain added',
  'domain.verification_attempted': 'Domain verification',
  'domain.verified': 'Domain verified',
  'passkey.registered': 'Passkey added',
  'passkey.removed': 'Passkey removed',
};
