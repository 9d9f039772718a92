// Owns the DNS provider's console API (dns.test/api/*) as its pages call it: one small request function per endpoint of
// its table.
import { DNS_API, type DnsErrorCode, type DnsRecord, type RecordInput, type WebsiteFile, type WebsiteFileInput } from '../contracts/dns';
import { call, type ClientContext, type ClientResult } from './http';

export type DnsResult<T> = ClientResult<T, DnsErrorCode>;

export function login(
  ctx: ClientContext,
  email: string,
  password: string,
  returnTo?: string | null,
): Promise<DnsResult<{ redirectTo?: string }>> {
  return call(ctx, DNS_API.login, { body: { email, password }, query: { return_to: returnTo } });
}

export function logout(ctx: ClientContext): Promise<DnsResult<{ redirectTo?: string }>> {
  return call(ctx, DNS_API.logout);
}

export function addRecord(ctx: ClientContext, zone: string, input: RecordInput): Promise<DnsResult<DnsRecord>> {
  return call(ctx, DNS_API.addRecord, { params: { zone }, body: input });
}

export function updateRecord(ctx: ClientContext, zone: string, id: string, input: RecordInput): Promise<DnsResult<DnsRecord>> {
  return call(ctx, DNS_API.updateRecord, { params: { zone, id }, body: input });
}

export function deleteRecord(ctx: ClientContext, zone: string, id: string): Promise<DnsResult<undefined>> {
  return call(ctx, DNS_API.deleteRecord, { params: { zone, id } });
}

export function putFile(ctx: ClientContext, zone: string, input: WebsiteFileInput): Promise<DnsResult<WebsiteFile>> {
  return call(ctx, DNS_API.putFile, { params: { zone }, body: input });
}

export function deleteFile(ctx: ClientContext, zone: string, path: string): Promise<DnsResult<undefined>> {
  return call(ctx, DNS_API.deleteFile, { params: { zone }, query: { path } });
}
