// Owns the DNS provider's console API (dns.test/api/*) as its pages call it: one small request function per endpoint.
import type { DnsErrorCode, DnsLoginRequest, DnsRecord, RecordInput, WebsiteFile, WebsiteFileInput } from '../contracts/dns';
import { ORIGINS } from '../contracts/origins';
import { pathSegment, requestJson, type ClientContext, type ClientResult } from './http';

export type DnsResult<T> = ClientResult<T, DnsErrorCode>;

const api = (path: string) => `${ORIGINS.dns}/api${path}`;
const records = (zone: string) => api(`/zones/${pathSegment(zone)}/records`);
const files = (zone: string) => api(`/zones/${pathSegment(zone)}/files`);

export function login(ctx: ClientContext, email: string, password: string, returnTo?: string | null): Promise<DnsResult<{ redirectTo?: string }>> {
  const body: DnsLoginRequest = { email, password };
  return requestJson(ctx, 'POST', `${api('/session')}${returnTo ? `?return_to=${encodeURIComponent(returnTo)}` : ''}`, body);
}

export function logout(ctx: ClientContext): Promise<DnsResult<{ redirectTo?: string }>> {
  return requestJson(ctx, 'DELETE', api('/session'));
}

export function addRecord(ctx: ClientContext, zone: string, input: RecordInput): Promise<DnsResult<DnsRecord>> {
  return requestJson(ctx, 'POST', records(zone), input);
}

export function updateRecord(ctx: ClientContext, zone: string, id: string, input: RecordInput): Promise<DnsResult<DnsRecord>> {
  return requestJson(ctx, 'PUT', `${records(zone)}/${pathSegment(id)}`, input);
}

export function deleteRecord(ctx: ClientContext, zone: string, id: string): Promise<DnsResult<undefined>> {
  return requestJson(ctx, 'DELETE', `${records(zone)}/${pathSegment(id)}`);
}

export function putFile(ctx: ClientContext, zone: string, input: WebsiteFileInput): Promise<DnsResult<WebsiteFile>> {
  return requestJson(ctx, 'PUT', files(zone), input);
}

export function deleteFile(ctx: ClientContext, zone: string, path: string): Promise<DnsResult<undefined>> {
  return requestJson(ctx, 'DELETE', `${files(zone)}?path=${encodeURIComponent(path)}`);
}
