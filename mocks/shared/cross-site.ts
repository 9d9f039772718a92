// Owns every server's refusal of changes that another site starts (cross-site request forgery): a state-changing
// request whose Origin, or else whose Sec-Fetch-Site, says a page of another origin sent it answers 403. The browser
// (the in-tab network) sets both headers; a page cannot forge them. The same check as Go's CrossOriginProtection and
// OWASP's "Fetch Metadata" and "Verifying Origin with standard headers" defences.
import { http, type RequestHandler } from 'msw';
import { SIM_BROWSER_HEADERS } from '../../src/contracts/wire';
import { problem } from './http';

/** RFC 9110 §9.2.1: the methods that change nothing, which any site may send. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CrossSiteGuard {
  /** The server's own origin ("https://hrm.test"): its own pages may change what they like. */
  origin: string;
  /** How the refusal names the server: "the HRM", "Connect". */
  name: string;
  /**
   * Paths that other sites' pages reach by design, protected by other means than the browser's cookies alone: an
   * identity provider's authorization, token, userinfo and logout endpoints (OIDC Core §3.1.2.1 allows POST to
   * authorize from the client's page; RP-Initiated Logout §2 likewise).
   */
  openPaths?: readonly string[];
}

/**
 * The refusal of a request, or null when it may go on. No Origin and no Sec-Fetch-Site: not a browser's request (a
 * server calling another, or a tool), which carries no one's cookies by itself, so it goes on.
 */
export function crossSiteRefusal(request: Request, guard: CrossSiteGuard): Response | null {
  if (SAFE_METHODS.has(request.method)) return null;
  if (guard.openPaths?.includes(new URL(request.url).pathname)) return null;
  const origin = request.headers.get(SIM_BROWSER_HEADERS.origin);
  if (origin !== null) return origin === guard.origin ? null : refusal(origin, guard);
  // Fetch Metadata §2.4: `none` is the user's own request (an address typed), `same-origin` the server's own page.
  const site = request.headers.get(SIM_BROWSER_HEADERS['sec-fetch-site']);
  return site === null || site === 'same-origin' || site === 'none' ? null : refusal(null, guard);
}

/** The guard as the first handler of a server's list: it answers a refused request and passes every other one on. */
export function refuseCrossSiteChanges(guard: CrossSiteGuard): RequestHandler {
  return http.all(`${guard.origin}/*`, ({ request }) => crossSiteRefusal(request, guard) ?? undefined);
}

function refusal(origin: string | null, guard: CrossSiteGuard): Response {
  const host = new URL(guard.origin).host;
  // "null" is the origin a browser sends when it hides it (after a redirect through another site, Fetch §4.4).
  const from = origin === null || origin === 'null' ? 'another site' : origin;
  return problem(
    403,
    'cross_site_request',
    `This request came from ${from}, not from ${host}; ${guard.name} refuses changes that other sites start.`,
  );
}
