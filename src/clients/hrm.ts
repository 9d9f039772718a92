// Owns the HRM's API as its pages call it (hrm.test/api/*): one small request function per endpoint.
import type {
  HrmErrorCode,
  LinkStatus,
  LoginRequest,
  RolloutStatus,
  SecuritySettings,
  SendCodeRequest,
  VerifyCodeRequest,
} from '../contracts/hrm';
import { ORIGINS } from '../contracts/origins';
import { requestJson, type ClientContext, type ClientResult } from './http';

/** What the HRM answers with. */
export type HrmProblemCode = HrmErrorCode;
export type HrmResult<T> = ClientResult<T, HrmProblemCode>;

export interface RedirectAnswer {
  /** A path on hrm.test to navigate to next. */
  redirectTo: string;
}

const api = (path: string) => `${ORIGINS.hrm}/api${path}`;

/** The old login (seed 000). `returnTo` is the page the visitor was sent away from. */
export function login(ctx: ClientContext, loginId: string, password: string, returnTo?: string | null): Promise<HrmResult<RedirectAnswer>> {
  const query = returnTo ? `?return_to=${encodeURIComponent(returnTo)}` : '';
  const body: LoginRequest = { loginId, password };
  return requestJson(ctx, 'POST', `${api('/session')}${query}`, body);
}

export function logout(ctx: ClientContext): Promise<HrmResult<RedirectAnswer>> {
  return requestJson(ctx, 'DELETE', api('/session'));
}

export function getLinkStatus(ctx: ClientContext): Promise<HrmResult<LinkStatus>> {
  return requestJson(ctx, 'GET', api('/me/connect'));
}

/** Seed 000 step 4: mails a 6-digit code, valid 30 minutes. */
export function sendVerificationCode(ctx: ClientContext, email: string): Promise<HrmResult<LinkStatus>> {
  const body: SendCodeRequest = { email };
  return requestJson(ctx, 'POST', api('/me/connect/verification-code'), body);
}

/** Seed 000 step 6: the code links the user to a Connect account (found or created). */
export function verifyCode(ctx: ClientContext, code: string): Promise<HrmResult<LinkStatus>> {
  const body: VerifyCodeRequest = { code };
  return requestJson(ctx, 'POST', api('/me/connect/verify'), body);
}

export function unlink(ctx: ClientContext): Promise<HrmResult<LinkStatus>> {
  return requestJson(ctx, 'DELETE', api('/me/connect'));
}

export function getSecurity(ctx: ClientContext): Promise<HrmResult<SecuritySettings>> {
  return requestJson(ctx, 'GET', api('/security'));
}

/** Rule 6 (seed 000): errors name the row as field `allowedDomains.<i>`. */
export function saveSecurity(ctx: ClientContext, allowedDomains: string[]): Promise<HrmResult<SecuritySettings>> {
  const body: SecuritySettings = { allowedDomains };
  return requestJson(ctx, 'PUT', api('/security'), body);
}

export function getRollout(ctx: ClientContext): Promise<HrmResult<RolloutStatus>> {
  return requestJson(ctx, 'GET', api('/rollout'));
}

export function startPreparation(ctx: ClientContext): Promise<HrmResult<RolloutStatus>> {
  return requestJson(ctx, 'POST', api('/rollout/start-preparation'));
}
