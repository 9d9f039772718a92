// Owns Connect's passkey API as its pages and the developer x-ray call it: one small request function per endpoint.
import type { ConnectErrorCode } from '../contracts/connect';
import {
  PASSKEY_API,
  passkeyPath,
  type PasskeyAuthenticationRequest,
  type PasskeyCeremoniesResponse,
  type PasskeyCreationOptions,
  type PasskeyRegistrationRequest,
  type PasskeyRequestOptions,
  type PasskeySecondFactorRequest,
  type PasskeyView,
} from '../contracts/connect-passkeys';
import { ORIGINS } from '../contracts/origins';
import { requestJson, type ClientContext, type ClientResult } from './http';

type ConnectResult<T> = ClientResult<T, ConnectErrorCode>;

const url = (path: string) => `${ORIGINS.connect}${path}`;

export function registrationOptions(ctx: ClientContext): Promise<ConnectResult<PasskeyCreationOptions>> {
  return requestJson(ctx, 'POST', url(PASSKEY_API.registrationOptions));
}

export function register(ctx: ClientContext, body: PasskeyRegistrationRequest): Promise<ConnectResult<PasskeyView>> {
  return requestJson(ctx, 'POST', url(PASSKEY_API.registration), body);
}

export function remove(ctx: ClientContext, id: string): Promise<ConnectResult<undefined>> {
  return requestJson(ctx, 'DELETE', url(passkeyPath(id)));
}

export function authenticationOptions(ctx: ClientContext): Promise<ConnectResult<PasskeyRequestOptions>> {
  return requestJson(ctx, 'POST', url(PASSKEY_API.authenticationOptions));
}

/** Signs in: {redirectTo} (`returnTo` when it is a path on Connect) and the session cookie in the browser's jar. */
export function authenticate(ctx: ClientContext, body: PasskeyAuthenticationRequest, returnTo?: string | null): Promise<ConnectResult<{ redirectTo: string }>> {
  const query = returnTo ? `?return_to=${encodeURIComponent(returnTo)}` : '';
  return requestJson(ctx, 'POST', `${url(PASSKEY_API.authentication)}${query}`, body);
}

/** The second step of a sign-in whose password passed in this browser: options for the account's own passkeys. */
export function secondFactorOptions(ctx: ClientContext): Promise<ConnectResult<PasskeyRequestOptions>> {
  return requestJson(ctx, 'POST', url(PASSKEY_API.secondFactorOptions));
}

/** The second step done with a passkey: signed in, {redirectTo} (`returnTo` when it is a path on Connect). */
export function confirmSecondFactor(ctx: ClientContext, body: PasskeySecondFactorRequest, returnTo: string): Promise<ConnectResult<{ redirectTo: string }>> {
  return requestJson(ctx, 'POST', `${url(PASSKEY_API.secondFactor)}?return_to=${encodeURIComponent(returnTo)}`, body);
}

/** The developer x-ray: the ceremonies of the browser whose cookies `ctx` carries. */
export function ceremonies(ctx: ClientContext): Promise<ConnectResult<PasskeyCeremoniesResponse>> {
  return requestJson(ctx, 'GET', url(PASSKEY_API.ceremonies));
}
