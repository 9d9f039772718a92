// Owns the DNS provider's routes (dns.test, and the website of every domain it hosts): which endpoint answers which
// method and path. Nothing else lives here.
import { http, type RequestHandler } from 'msw';
import { DNS_API, DNS_PATHS } from '../../../src/contracts/dns';
import { ORIGINS } from '../../../src/contracts/origins';
import { refuseCrossSiteChanges } from '../../shared/cross-site';
import { route } from '../../shared/route';
import { dnsProblem, type DnsEnv, type Params } from './env';
import { loginPage, notFoundPage, rootPage, websitePage, zonePage, zonesPage } from './pages';
import { addRecord, deleteRecord, listRecords, updateRecord } from './records';
import { resolve } from './resolver';
import { MESSAGES } from './rules';
import { login, logout, logoutPage } from './session';
import { deleteFile, isWebsiteRequest, listFiles, putFile, serveWebsite } from './website';

const DNS = ORIGINS.dns;

type Endpoint = (env: DnsEnv, request: Request, params: Params) => Promise<Response>;

export function dnsHandlers(env: DnsEnv): RequestHandler[] {
  const at =
    (endpoint: Endpoint) =>
    ({ request, params }: { request: Request; params: Params }) =>
      endpoint(env, request, params);
  const apiNotFound: Endpoint = async (_env, request) =>
    dnsProblem(404, 'not_found', MESSAGES.apiNotFound(request.method, new URL(request.url).pathname));

  return [
    refuseCrossSiteChanges({ origin: DNS, name: 'the DNS provider' }),
    // Pages
    http.get(`${DNS}${DNS_PATHS.root}`, at(rootPage)),
    http.get(`${DNS}${DNS_PATHS.login}`, at(loginPage)),
    http.get(`${DNS}${DNS_PATHS.logout}`, at(logoutPage)),
    http.get(`${DNS}${DNS_PATHS.zones}`, at(zonesPage)),
    http.get(`${DNS}${DNS_PATHS.zones}/:zone`, at(zonePage)),
    http.get(`${DNS}${DNS_PATHS.zones}/:zone/website`, at(websitePage)),

    // The public resolver
    http.get(`${DNS}${DNS_PATHS.resolve}`, at(resolve)),

    // The console's API
    route(DNS_API.login, at(login)),
    route(DNS_API.logout, at(logout)),
    route(DNS_API.listRecords, at(listRecords)),
    route(DNS_API.addRecord, at(addRecord)),
    route(DNS_API.updateRecord, at(updateRecord)),
    route(DNS_API.deleteRecord, at(deleteRecord)),
    route(DNS_API.listFiles, at(listFiles)),
    route(DNS_API.putFile, at(putFile)),
    route(DNS_API.deleteFile, at(deleteFile)),

    // Everything else on this host
    http.all(`${DNS}/api/*`, at(apiNotFound)),
    http.get(`${DNS}/*`, at(notFoundPage)),
    http.all(`${DNS}/*`, at(apiNotFound)),

    // The websites of the hosted domains (https://company.com/…), matched on the host alone.
    http.all(
      ({ request }) => isWebsiteRequest(env, request),
      ({ request }) => serveWebsite(env, request),
    ),
  ];
}
