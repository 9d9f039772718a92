// Owns Connect's two-factor API (R21) as its pages call it: the second step of a sign-in, setting up and removing
// the authenticator app in account settings, and the admin portal's policy; each an endpoint of its table (CONNECT_API).
import { CONNECT_API } from '../contracts/connect-api';
import type {
  ConfirmTotpResponse,
  CodeFactorKind,
  SignedInResponse,
  TwoFactorErrorCode,
  TwoFactorPolicy,
  TwoFactorStatus,
} from '../contracts/connect-two-factor';
import { call, type ClientContext, type ClientResult } from './http';

export type TwoFactorResult<T> = ClientResult<T, TwoFactorErrorCode>;

/** The second step: a code from the app or a recovery code; signs in and goes on to `returnTo`. */
export function verifySecondFactor(
  ctx: ClientContext,
  method: CodeFactorKind,
  code: string,
  rememberDevice: boolean,
  returnTo: string,
): Promise<TwoFactorResult<SignedInResponse>> {
  return call(ctx, CONNECT_API.verifySecondFactor, { body: { method, code, rememberDevice }, query: { return_to: returnTo } });
}

/** Sets up the app the organisation asked for at sign-in; signs in and answers the recovery codes once. */
export function confirmSetupAtSignIn(ctx: ClientContext, code: string, returnTo: string): Promise<TwoFactorResult<ConfirmTotpResponse>> {
  return call(ctx, CONNECT_API.confirmSetupAtSignIn, { body: { code }, query: { return_to: returnTo } });
}

/** R21: while setting up is optional, sign in without it for now. */
export function remindLater(ctx: ClientContext, returnTo: string): Promise<TwoFactorResult<SignedInResponse>> {
  return call(ctx, CONNECT_API.remindLater, { query: { return_to: returnTo } });
}

/** Account settings: confirms the app being set up; answers the recovery codes once. */
export function confirmSetupInAccount(ctx: ClientContext, code: string): Promise<TwoFactorResult<ConfirmTotpResponse>> {
  return call(ctx, CONNECT_API.confirmTotpInAccount, { body: { code } });
}

export function removeAuthenticatorApp(ctx: ClientContext, password: string): Promise<TwoFactorResult<TwoFactorStatus>> {
  return call(ctx, CONNECT_API.removeTotp, { body: { password } });
}

export function updateTwoFactorPolicy(ctx: ClientContext, policy: TwoFactorPolicy): Promise<TwoFactorResult<TwoFactorPolicy>> {
  return call(ctx, CONNECT_API.updateTwoFactorPolicy, { body: policy });
}
