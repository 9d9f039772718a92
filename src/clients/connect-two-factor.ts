// Owns Connect's two-factor API (R21) as its pages call it: the second step of a sign-in, setting up and removing
// the authenticator app in account settings, and the admin portal's policy.
import type {
  ConfirmTotpRequest,
  ConfirmTotpResponse,
  RemoveTotpRequest,
  CodeFactorKind,
  SignedInResponse,
  TwoFactorErrorCode,
  TwoFactorPolicy,
  TwoFactorStatus,
  UpdateTwoFactorPolicyRequest,
  VerifySecondFactorRequest,
} from '../contracts/connect-two-factor';
import { ORIGINS } from '../contracts/origins';
import { requestJson, type ClientContext, type ClientResult } from './http';

export type TwoFactorResult<T> = ClientResult<T, TwoFactorErrorCode>;

const api = (path: string) => `${ORIGINS.connect}/api${path}`;
const withReturn = (path: string, returnTo: string) => `${api(path)}?return_to=${encodeURIComponent(returnTo)}`;

/** The second step: a code from the app or a recovery code; signs in and goes on to `returnTo`. */
export function verifySecondFactor(
  ctx: ClientContext,
  method: CodeFactorKind,
  code: string,
  rememberDevice: boolean,
  returnTo: string,
): Promise<TwoFactorResult<SignedInResponse>> {
  const body: VerifySecondFactorRequest = { method, code, rememberDevice };
  return requestJson(ctx, 'POST', withReturn('/session/two-factor', returnTo), body);
}

/** Sets up the app the organisation asked for at sign-in; signs in and answers the recovery codes once. */
export function confirmSetupAtSignIn(ctx: ClientContext, code: string, returnTo: string): Promise<TwoFactorResult<ConfirmTotpResponse>> {
  const body: ConfirmTotpRequest = { code };
  return requestJson(ctx, 'POST', withReturn('/session/two-factor/setup', returnTo), body);
}

/** R21: while setting up is optional, sign in without it for now. */
export function remindLater(ctx: ClientContext, returnTo: string): Promise<TwoFactorResult<SignedInResponse>> {
  return requestJson(ctx, 'POST', withReturn('/session/two-factor/remind-later', returnTo), {});
}

/** Account settings: confirms the app being set up; answers the recovery codes once. */
export function confirmSetupInAccount(ctx: ClientContext, code: string): Promise<TwoFactorResult<ConfirmTotpResponse>> {
  const body: ConfirmTotpRequest = { code };
  return requestJson(ctx, 'POST', api('/me/two-factor/totp/confirm'), body);
}

export function removeAuthenticatorApp(ctx: ClientContext, password: string): Promise<TwoFactorResult<TwoFactorStatus>> {
  const body: RemoveTotpRequest = { password };
  return requestJson(ctx, 'POST', api('/me/two-factor/totp/remove'), body);
}

export function updateTwoFactorPolicy(ctx: ClientContext, policy: TwoFactorPolicy): Promise<TwoFactorResult<TwoFactorPolicy>> {
  const body: UpdateTwoFactorPolicyRequest = policy;
  return requestJson(ctx, 'PUT', api('/admin/two-factor/policy'), body);
}
