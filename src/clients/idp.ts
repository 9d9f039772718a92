// Owns an identity provider's login API (entra.test, google.test, okta.test, ping.test /api/signin/*) as its login
// page calls it: one small request function per step.
import { IDP_API, type IdpErrorCode, type IdpName, type IdpSignInResponse } from '../contracts/idp';
import { call, type ClientContext, type ClientResult } from './http';

export type IdpResult<T> = ClientResult<T, IdpErrorCode>;

export function submitUsername(ctx: ClientContext, idp: IdpName, login: string, username: string): Promise<IdpResult<IdpSignInResponse>> {
  return call(ctx, IDP_API[idp].signInUsername, { body: { login, username } });
}

export function submitPassword(ctx: ClientContext, idp: IdpName, login: string, password: string): Promise<IdpResult<IdpSignInResponse>> {
  return call(ctx, IDP_API[idp].signInPassword, { body: { login, password } });
}

export function submitCode(ctx: ClientContext, idp: IdpName, login: string, code: string): Promise<IdpResult<IdpSignInResponse>> {
  return call(ctx, IDP_API[idp].signInCode, { body: { login, code } });
}
