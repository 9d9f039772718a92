// Owns the console's pages (navigations answered with a view and its data): sign in, the customer's zones, a zone's
// records, a domain's website files, and not-found. Signed-out visitors go to the sign-in first and come back after.
import {
  DNS_PATHS,
  DNS_VIEWS,
  type DnsAccountView,
  type DnsLoginPageData,
  type DnsWebsitePageData,
  type DnsZonePageData,
  type DnsZonesPageData,
} from '../../../src/contracts/dns';
import { page, readCookie, redirect } from '../../shared/http';
import type { DnsAccountRow } from './db';
import { now, param, sessionAccount, type DnsEnv, type Params } from './env';
import { zoneListing } from './records';
import { MESSAGES, normalizeName, SESSION_COOKIE, websiteRoot } from './rules';
import { CLEAR_SESSION_COOKIE, safeReturnTo } from './session';
import { websiteFiles } from './website';

function accountView(account: DnsAccountRow): DnsAccountView {
  return { email: account.email, name: account.name };
}

/** The signed-in customer, or a thrown redirect to the sign-in that comes back to this page. */
async function requireSignedIn(env: DnsEnv, request: Request): Promise<DnsAccountRow> {
  const account = await sessionAccount(env, request);
  if (account) return account;
  const url = new URL(request.url);
  const stale = readCookie(request, SESSION_COOKIE) !== undefined;
  throw redirect(`${DNS_PATHS.login}?return_to=${encodeURIComponent(url.pathname + url.search)}`, stale ? [CLEAR_SESSION_COOKIE] : []);
}

/** GET / → the zones. */
export async function rootPage(): Promise<Response> {
  return redirect(DNS_PATHS.zones);
}

/** GET /login?return_to=/path&email=… (a signed-in visitor goes straight on). */
export async function loginPage(env: DnsEnv, request: Request): Promise<Response> {
  const query = new URL(request.url).searchParams;
  const returnTo = safeReturnTo(query.get('return_to'));
  if (await sessionAccount(env, request)) return redirect(returnTo);
  const email = (query.get('email') ?? '').trim().toLowerCase().slice(0, 254) || null;
  return page<DnsLoginPageData>(DNS_VIEWS.login, 'Sign in · DNS provider', { returnTo, email });
}

/** GET /zones: the customer's domains. */
export async function zonesPage(env: DnsEnv, request: Request): Promise<Response> {
  const account = await requireSignedIn(env, request);
  const zones = await env.db.zones.where('ownerId').equals(account.id).sortBy('name');
  const summaries = await Promise.all(
    zones.map(async (z) => ({
      name: z.name,
      records: await env.db.records.where('zone').equals(z.name).count(),
      files: await env.db.files.where('zone').equals(z.name).count(),
    })),
  );
  return page<DnsZonesPageData>(DNS_VIEWS.zones, 'Your domains', { account: accountView(account), zones: summaries });
}

async function ownZone(env: DnsEnv, account: DnsAccountRow, params: Params): Promise<string | undefined> {
  const name = normalizeName(param(params, 'zone'));
  const zone = await env.db.zones.get(name);
  return zone && zone.ownerId === account.id ? zone.name : undefined;
}

/** GET /zones/:zone: the zone's records, and when resolvers see each. */
export async function zonePage(env: DnsEnv, request: Request, params: Params): Promise<Response> {
  const account = await requireSignedIn(env, request);
  const zone = await ownZone(env, account, params);
  if (!zone) return notFoundPage(env, request);
  const listing = await zoneListing(env, zone);
  return page<DnsZonePageData>(DNS_VIEWS.zone, `DNS records · ${zone}`, {
    account: accountView(account),
    zone,
    records: listing.records,
    deleted: listing.deleted,
    now: now(env),
  });
}

/** GET /zones/:zone/website: the files of the domain's website root. */
export async function websitePage(env: DnsEnv, request: Request, params: Params): Promise<Response> {
  const account = await requireSignedIn(env, request);
  const zone = await ownZone(env, account, params);
  if (!zone) return notFoundPage(env, request);
  return page<DnsWebsitePageData>(DNS_VIEWS.website, `Website files · ${zone}`, {
    account: accountView(account),
    zone,
    root: websiteRoot(zone),
    files: await websiteFiles(env, zone),
  });
}

export async function notFoundPage(_env: DnsEnv, request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  return page(DNS_VIEWS.notFound, 'Page not found', { path, message: MESSAGES.notFound(path) }, { status: 404 });
}
