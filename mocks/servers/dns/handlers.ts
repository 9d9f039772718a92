// Owns the DNS provider's routes (dns.test, and the website of every domain it hosts): which endpoint answers which
// method and path. Nothing else lives here.
import { http, type RequestHandler } from 'msw';
import { DNS_PATHS } from '../../../src/contracts/dns';
import { ORIGINS } from '../../../src/contracts/origins';
import { refuseCrossSiteChanges } from '../../shared/cross-site';
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
  const at = (endpoint: Endpoint) => ({ request, params }: { request: Request; params: Params }) => endpoint(env, request, params);
  const apiNotFound: Endpoint = async (_env, request) => dnsProblem(404, 'not_found', MESSAGES.apiNotFound(request.method, new URL(request.url).pathname));

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
    http.post(`${DNS}/api/session`, at(login)),
    http.delete(`${DNS}/api/session`, at(logout)),
    http.get(`${DNS}/api/zones/:zone/records`, at(listRecords)),
    http.post(`${DNS}/api/zones/:zone/records`, at(addRecord)),
    http.put(`${DNS}/api/zones/:zone/records/:id`, at(updateRecord)),
    http.delete(`${DNS}/api/zones/:zone/records/:id`, at(deleteRecord)),
    http.get(`${DNS}/api/zones/:zone/files`, at(listFiles)),
    http.put(`${DNS}/api/zones/:zone/files`, at(putFile)),
    http.delete(`${DNS}/api/zones/:zone/files`, at(deleteFile)),

    // Everything else on this host
    http.all(`${DNS}/api/*`, at(apiNotFound)),
    http.get(`${DNS}/*`, at(notFoundPage)),
    http.all(`${DNS}/*`, at(apiNotFound)),

    // The websites of the hosted domains (https://company.com/…), matched on the host alone.
    http.all(({ request }) => isWebsiteRequest(env, request), ({ request }) => serveWebsite(env, request)),
  ];
}
