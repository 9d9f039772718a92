// Owns Connect's passkey API as its pages and the developer x-ray call it: one small request function per endpoint of
// its table (CONNECT_API).
import type { ConnectErrorCode } from '../contracts/connect';
import { CONNECT_API } from '../contracts/connect-api';
import type {
  PasskeyAuthenticationRequest,
  PasskeyCeremoniesResponse,
  PasskeyCreationOptions,
  PasskeyRegistrationRequest,
  PasskeyRequestOptions,
  PasskeySecondFactorRequest,
  PasskeyView,
} from '../contracts/connect-passkeys';
import type { TwoFactorErrorCode } from '../contracts/connect-two-factor';
import { call, type ClientContext, type ClientResult } from './http';

type ConnectResult<T> = ClientResult<T, ConnectErrorCode>;

export function registrationOptions(ctx: ClientContext): Promise<ConnectResult<PasskeyCreationOptions>> {
  return call(ctx, CONNECT_API.registrationOptions);
}

export function register(ctx: ClientContext, body: PasskeyRegistrationRequest): Promise<ConnectResult<PasskeyView>> {
  return call(ctx, CONNECT_API.registerPasskey, { body });
}

export function remove(ctx: ClientContext, id: string): Promise<ConnectResult<undefined>> {
  return call(ctx, CONNECT_API.removePasskey, { params: { id } });
}

export function authenticationOptions(ctx: ClientContext): Promise<ConnectResult<PasskeyRequestOptions>> {
  return call(ctx, CONNECT_API.authenticationOptions);
}

/** Signs in: {redirectTo} (`returnTo` when it is a path on Connect) and the session cookie in the browser's jar. */
export function authenticate(
  ctx: ClientContext,
  body: PasskeyAuthenticationRequest,
  returnTo?: string | null,
): Promise<ConnectResult<{ redirectTo: string }>> {
  return call(ctx, CONNECT_API.authenticateWithPasskey, { body, query: { return_to: returnTo } });
}

/** The second step of a sign-in whose password passed in this browser: options for the account's own passkeys. */
export function secondFactorOptions(
  ctx: ClientContext,
): Promise<ClientResult<PasskeyRequestOptions, ConnectErrorCode | TwoFactorErrorCode>> {
  return call(ctx, CONNECT_API.passkeySecondFactorOptions);
}

/** The second step done with a passkey: signed in, {redirectTo} (`returnTo` when it is a path on Connect). */
export function confirmSecondFactor(
  ctx: ClientContext,
  body: PasskeySecondFactorRequest,
  returnTo: string,
): Promise<ClientResult<{ redirectTo: string }, ConnectErrorCode | TwoFactorErrorCode>> {
  return call(ctx, CONNECT_API.passkeySecondFactor, { body, query: { return_to: returnTo } });
}

/** The developer x-ray: the ceremonies of the browser whose cookies `ctx` carries. */
export function ceremonies(ctx: ClientContext): Promise<ConnectResult<PasskeyCeremoniesResponse>> {
  return call(ctx, CONNECT_API.passkeyCeremonies);
}
