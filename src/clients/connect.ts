// Owns the Connect IdP's API as its pages call it (connect.test/api/*): one small request function per endpoint.
import type {
  ConnectErrorCode,
  ForgotPasswordRequest,
  IdentifyRequest,
  PasswordLoginRequest,
  ResetPasswordRequest,
} from '../contracts/connect';
import { ORIGINS } from '../contracts/origins';
import { requestJson, type ClientContext, type ClientResult } from './http';

export type ConnectResult<T> = ClientResult<T, ConnectErrorCode>;

/**
 * The answer to the identifier step (rule 20, seed 001): the password step next, or a redirect to the
 * organisation's SSO. The contract leaves the body open, so every field is optional.
 */
export interface IdentifyAnswer {
  next?: 'password' | 'sso' | string;
  redirectTo?: string;
}

export interface LoginAnswer {
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

export function login(ctx: ClientContext, email: string, password: string, returnTo?: string | null): Promise<ConnectResult<LoginAnswer>> {
  const query = returnTo ? `?return_to=${encodeURIComponent(returnTo)}` : '';
  const body: PasswordLoginRequest = { email, password };
  return requestJson(ctx, 'POST', `${api('/session')}${query}`, body);
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
