// Owns the Connect IdP's API as its pages call it (connect.test/api/*): one small request function per endpoint of its
// table (CONNECT_API).
import type {
  AdministratorsPageData,
  AdminUserResponse,
  ConnectErrorCode,
  IdentifyResponse,
  LockoutSettings,
  MessageResponse,
  PasswordLoginResponse,
} from '../contracts/connect';
import { CONNECT_API } from '../contracts/connect-api';
import { call, type ClientContext, type ClientResult } from './http';

export type ConnectResult<T> = ClientResult<T, ConnectErrorCode>;

/** The answer to the identifier step (R20): the password step next, or the organisation's identity provider (R22). */
export type IdentifyAnswer = IdentifyResponse;

export type MessageAnswer = MessageResponse;

/** `returnTo`: where the sign-in goes once done, which a sign-in at the identity provider keeps too. */
export function identify(ctx: ClientContext, email: string, returnTo?: string | null): Promise<ConnectResult<IdentifyAnswer>> {
  return call(ctx, CONNECT_API.identify, { body: { email }, query: { return_to: returnTo } });
}

/** Signed in ({redirectTo}), or a temporary password to replace first ({next: 'change_password'}, R27). */
export function login(
  ctx: ClientContext,
  email: string,
  password: string,
  returnTo?: string | null,
): Promise<ConnectResult<PasswordLoginResponse>> {
  return call(ctx, CONNECT_API.login, { body: { email, password }, query: { return_to: returnTo } });
}

/** R27: the new password that replaces a temporary one, with the ticket the login answered; signs in. */
export function changePassword(
  ctx: ClientContext,
  token: string,
  password: string,
  confirmPassword: string,
  returnTo?: string | null,
): Promise<ConnectResult<{ redirectTo: string }>> {
  return call(ctx, CONNECT_API.changePassword, { body: { token, password, confirmPassword }, query: { return_to: returnTo } });
}

/** 202 with a generic message: the answer never tells whether an account exists. */
export function forgotPassword(ctx: ClientContext, email: string): Promise<ConnectResult<MessageAnswer>> {
  return call(ctx, CONNECT_API.forgotPassword, { body: { email } });
}

export function resetPassword(
  ctx: ClientContext,
  token: string,
  password: string,
  confirmPassword: string,
): Promise<ConnectResult<{ email: string }>> {
  return call(ctx, CONNECT_API.resetPassword, { body: { token, password, confirmPassword } });
}

/** R28: the first administrator's activation link sets a password and makes them an administrator. */
export function activate(
  ctx: ClientContext,
  token: string,
  password: string,
  confirmPassword: string,
): Promise<ConnectResult<{ email: string; organisation: string }>> {
  return call(ctx, CONNECT_API.activate, { body: { token, password, confirmPassword } });
}

// Admin portal (requireConnectAdmin): the actions of its tabs; the tabs' lists are the pages themselves.

export type AdminUserAction = 'block' | 'unblock' | 'unlock' | 'temporary-password';

const USER_ACTIONS = {
  block: CONNECT_API.blockUser,
  unblock: CONNECT_API.unblockUser,
  unlock: CONNECT_API.unlockUser,
  'temporary-password': CONNECT_API.sendTemporaryPassword,
} as const satisfies Record<AdminUserAction, unknown>;

export function adminUserAction(ctx: ClientContext, accountId: string, action: AdminUserAction): Promise<ConnectResult<AdminUserResponse>> {
  return call(ctx, USER_ACTIONS[action], { params: { accountId } });
}

export function updateLockout(ctx: ClientContext, settings: LockoutSettings): Promise<ConnectResult<LockoutSettings>> {
  return call(ctx, CONNECT_API.updateLockout, { body: settings });
}

/** An expired activation link asks for a new one, mailed to the same address. */
export function renewActivation(ctx: ClientContext, token: string): Promise<ConnectResult<{ email: string }>> {
  return call(ctx, CONNECT_API.renewActivation, { body: { token } });
}

/** An administrator sends an invited colleague a new activation link. */
export function resendActivation(ctx: ClientContext, accountId: string): Promise<ConnectResult<AdministratorsPageData>> {
  return call(ctx, CONNECT_API.resendActivation, { params: { accountId } });
}

export function grantAdmin(ctx: ClientContext, email: string): Promise<ConnectResult<AdminUserResponse>> {
  return call(ctx, CONNECT_API.grantAdmin, { body: { email } });
}

export function revokeAdmin(ctx: ClientContext, accountId: string): Promise<ConnectResult<undefined>> {
  return call(ctx, CONNECT_API.revokeAdmin, { params: { accountId } });
}
