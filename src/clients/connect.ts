// Owns the Connect IdP's API as its pages call it (connect.test/api/*): one small request function per endpoint.
import type {
  ActivateRequest,
  AdministratorsPageData,
  AdminUserResponse,
  ChangePasswordRequest,
  ConnectErrorCode,
  ForgotPasswordRequest,
  GrantAdminRequest,
  IdentifyRequest,
  LockoutSettings,
  PasswordLoginRequest,
  PasswordLoginResponse,
  ResetPasswordRequest,
} from '../contracts/connect';
import { ORIGINS } from '../contracts/origins';
import { requestJson, type ClientContext, type ClientResult } from './http';

export type ConnectResult<T> = ClientResult<T, ConnectErrorCode>;

/**
 * The answer to the identifier step (R20): the password step next, or a redirect to the
 * organisation's SSO. The contract leaves the body open, so every field is optional.
 */
export interface IdentifyAnswer {
  next?: 'password' | 'sso' | string;
  redirectTo?: string;
}

export interface MessageAnswer {
  message: string;
}

const api = (path: string) => `${ORIGINS.connect}/api${path}`;

export function identify(ctx: ClientContext, email: string): Promise<ConnectResult<IdentifyAnswer>> {
  const body: IdentifyRequest = { email };
  return requestJson(ctx, 'POST', api('/session/identify'), body);
}

const returnQuery = (returnTo?: string | null) => (returnTo ? `?return_to=${encodeURIComponent(returnTo)}` : '');

/** Signed in ({redirectTo}), or a temporary password to replace first ({next: 'change_password'}, R27). */
export function login(ctx: ClientContext, email: string, password: string, returnTo?: string | null): Promise<ConnectResult<PasswordLoginResponse>> {
  const body: PasswordLoginRequest = { email, password };
  return requestJson(ctx, 'POST', `${api('/session')}${returnQuery(returnTo)}`, body);
}

/** R27: the new password that replaces a temporary one, with the ticket the login answered; signs in. */
export function changePassword(
  ctx: ClientContext,
  token: string,
  password: string,
  confirmPassword: string,
  returnTo?: string | null,
): Promise<ConnectResult<{ redirectTo: string }>> {
  const body: ChangePasswordRequest = { token, password, confirmPassword };
  return requestJson(ctx, 'POST', `${api('/password/change')}${returnQuery(returnTo)}`, body);
}

/** 202 with a generic message: the answer never tells whether an account exists. */
export function forgotPassword(ctx: ClientContext, email: string): Promise<ConnectResult<MessageAnswer>> {
  const body: ForgotPasswordRequest = { email };
  return requestJson(ctx, 'POST', api('/password/forgot'), body);
}

export function resetPassword(
  ctx: ClientContext,
  token: string,
  password: string,
  confirmPassword: string,
): Promise<ConnectResult<Partial<MessageAnswer> | undefined>> {
  const body: ResetPasswordRequest = { token, password, confirmPassword };
  return requestJson(ctx, 'POST', api('/password/reset'), body);
}

/** R28: the first administrator's activation link sets a password and makes them an administrator. */
export function activate(
  ctx: ClientContext,
  token: string,
  password: string,
  confirmPassword: string,
): Promise<ConnectResult<{ email: string; organisation: string }>> {
  const body: ActivateRequest = { token, password, confirmPassword };
  return requestJson(ctx, 'POST', api('/activate'), body);
}

// Admin portal (requireConnectAdmin): the actions of its tabs; the tabs' lists are the pages themselves.

export type AdminUserAction = 'block' | 'unblock' | 'unlock' | 'temporary-password';

export function adminUserAction(ctx: ClientContext, accountId: string, action: AdminUserAction): Promise<ConnectResult<AdminUserResponse>> {
  return requestJson(ctx, 'POST', api(`/admin/users/${encodeURIComponent(accountId)}/${action}`));
}

export function updateLockout(ctx: ClientContext, settings: LockoutSettings): Promise<ConnectResult<LockoutSettings>> {
  return requestJson(ctx, 'PUT', api('/admin/lockout'), settings);
}

/** An expired activation link asks for a new one, mailed to the same address. */
export function renewActivation(ctx: ClientContext, token: string): Promise<ConnectResult<{ email: string }>> {
  return requestJson(ctx, 'POST', api('/activate/renew'), { token });
}

/** An administrator sends an invited colleague a new activation link. */
export function resendActivation(ctx: ClientContext, accountId: string): Promise<ConnectResult<AdministratorsPageData>> {
  return requestJson(ctx, 'POST', api(`/admin/administrators/${encodeURIComponent(accountId)}/activation-email`));
}

export function grantAdmin(ctx: ClientContext, email: string): Promise<ConnectResult<AdminUserResponse>> {
  const body: GrantAdminRequest = { email };
  return requestJson(ctx, 'POST', api('/admin/administrators'), body);
}

export function revokeAdmin(ctx: ClientContext, accountId: string): Promise<ConnectResult<undefined>> {
  return requestJson(ctx, 'DELETE', api(`/admin/administrators/${encodeURIComponent(accountId)}`));
}
