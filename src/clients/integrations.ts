// Owns the integrations console's API (integrations.test/api/*) as its pages call it: one small request function per
// endpoint of its table.
import {
  INTEGRATIONS_API,
  type ApiClientInput,
  type CalendarInput,
  type IntegrationsErrorCode,
  type RunResult,
  type SmsInput,
} from '../contracts/integrations';
import { call, type ClientContext, type ClientResult } from './http';

export type IntegrationsResult<T> = ClientResult<T, IntegrationsErrorCode>;

export function login(ctx: ClientContext, email: string, password: string, returnTo?: string | null) {
  return call(ctx, INTEGRATIONS_API.login, { body: { email, password }, query: { return_to: returnTo } });
}

export function logout(ctx: ClientContext) {
  return call(ctx, INTEGRATIONS_API.logout);
}

export function updateApiClient(ctx: ClientContext, input: ApiClientInput) {
  return call(ctx, INTEGRATIONS_API.updateApiClient, { body: input });
}

export function runApiClient(ctx: ClientContext): Promise<IntegrationsResult<RunResult>> {
  return call(ctx, INTEGRATIONS_API.runApiClient);
}

export function updateCalendar(ctx: ClientContext, input: CalendarInput) {
  return call(ctx, INTEGRATIONS_API.updateCalendar, { body: input });
}

export function refreshCalendar(ctx: ClientContext): Promise<IntegrationsResult<RunResult>> {
  return call(ctx, INTEGRATIONS_API.refreshCalendar);
}

export function updateSms(ctx: ClientContext, input: SmsInput) {
  return call(ctx, INTEGRATIONS_API.updateSms, { body: input });
}

export function replySms(ctx: ClientContext, id: string, answer: 'YES' | 'NO'): Promise<IntegrationsResult<RunResult>> {
  return call(ctx, INTEGRATIONS_API.replySms, { params: { id }, body: { answer } });
}

export function addAllowedAddress(ctx: ClientContext, address: string, version: number) {
  return call(ctx, INTEGRATIONS_API.addAllowedAddress, { body: { address, version } });
}

export function removeAllowedAddress(ctx: ClientContext, address: string, version: number) {
  return call(ctx, INTEGRATIONS_API.removeAllowedAddress, { params: { address }, query: { version } });
}
