// Owns page navigation in a virtual browser: request the URL, follow redirects hop by hop (each hop's virtual URL
// is reported, as an address bar shows it), and return the page the final host answered with.
import type { Network } from '../contracts/network';
import { PAGE_CONTENT_TYPE, type PageBody, type ProblemBody } from '../contracts/wire';
import type { CookieJar } from '../domain/cookie-jar';
import { acceptLanguage, contentLocale, type Locale } from '../domain/locale';

/** Browsers give up after about 20 redirects (Fetch §4.4 "redirect count"). */
export const MAX_REDIRECTS = 20;

export interface NavigationRequest {
  url: string;
  method?: 'GET' | 'POST';
  body?: unknown;
  jar: CookieJar;
  initiator: string;
  /**
   * The origin of the page that started the navigation (a link, a form, a script on it), or null when the user did
   * (an address typed, back and forward, a bookmark, a link opened from a mail; also when absent): what Sec-Fetch-Site
   * is computed from.
   */
  origin?: string | null;
  /** The language the browser is set to, sent as Accept-Language on every hop (RFC 9110 §12.5.4). */
  language?: Locale;
}

export interface Hop {
  url: string;
  status: number;
}

export type NavigationOutcome = { kind: 'page'; page: PageBody } | { kind: 'error'; problem: ProblemBody };

export interface NavigationResult {
  url: string;
  status: number;
  hops: Hop[];
  outcome: NavigationOutcome;
}

export async function navigate(network: Network, request: NavigationRequest): Promise<NavigationResult> {
  let url = request.url;
  let method = request.method ?? 'GET';
  let body = request.body;
  const hops: Hop[] = [];
  // One token for every hop: the traffic log groups them as this navigation.
  const navigation = {};
  for (let redirects = 0; ; redirects++) {
    const init: RequestInit = {
      method,
      headers: {
        accept: `${PAGE_CONTENT_TYPE}, application/json`,
        ...(request.language ? { 'accept-language': acceptLanguage(request.language) } : {}),
      },
    };
    if (method === 'POST' && body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { ...init.headers, 'content-type': 'application/json' };
    }
    const response = await network.fetch(new Request(url, init), {
      initiator: request.initiator,
      jar: request.jar,
      navigation,
      origin: request.origin ?? null,
    });
    hops.push({ url, status: response.status });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      if (redirects >= MAX_REDIRECTS) {
        return { url, status: response.status, hops, outcome: { kind: 'error', problem: tooManyRedirects(url) } };
      }
      url = new URL(location, url).toString();
      // Fetch §4.4: 301/302/303 after a POST continue as GET without a body.
      if (response.status !== 307 && response.status !== 308) {
        method = 'GET';
        body = undefined;
      }
      continue;
    }
    return { url, status: response.status, hops, outcome: await readOutcome(response, url) };
  }
}

async function readOutcome(response: Response, url: string): Promise<NavigationOutcome> {
  const type = response.headers.get('content-type') ?? '';
  const text = await response.text();
  try {
    const parsed = JSON.parse(text) as PageBody | ProblemBody;
    if (type.startsWith(PAGE_CONTENT_TYPE) && 'view' in parsed) {
      // The language the server wrote the page in (RFC 9110 §8.5): its view shows its words in that language.
      const lang = contentLocale(response.headers.get('content-language'));
      return { kind: 'page', page: lang ? { ...parsed, lang } : parsed };
    }
    if ('code' in parsed) return { kind: 'error', problem: parsed };
  } catch {
    // Not JSON: fall through to a generic error page.
  }
  return {
    kind: 'error',
    problem: {
      status: response.status,
      title: 'Not a page',
      code: 'not_a_page',
      message: `${new URL(url).host} answered ${response.status} without a page`,
    },
  };
}

function tooManyRedirects(url: string): ProblemBody {
  return {
    status: 310,
    title: 'Too many redirects',
    code: 'too_many_redirects',
    message: `${new URL(url).host} redirected you too many times`,
  };
}
