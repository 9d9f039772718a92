// Owns the contract of the in-tab network (H3): the one function every virtual browser,
// app client and server-to-server call goes through, the exchanges it reports, and the traffic log that keeps them.
import type { CookieJar } from '../domain/cookie-jar';

/** Who sends requests on the developer x-ray's behalf (a JWKS to verify a token, a mail's source): kept apart in its views. */
export const XRAY_INITIATOR = 'xray';

export interface NetworkFetchOptions {
  /** Who sends it: "browser:<persona>" for a virtual browser, "server:<host>" for a server-to-server call. */
  initiator: string;
  /** The virtual browser's jar: its cookies are sent and the response's cookies stored. */
  jar?: CookieJar;
  /**
   * The same object for every hop of one navigation (a new one per navigation): the log groups the hops under the
   * first hop's exchange id, as a browser's network panel groups a redirect chain.
   */
  navigation?: object;
  /**
   * For a browser's request, the origin of the page that issued it ("https://hrm.test"), or null when no page did (an
   * address typed, a bookmark, a link opened from another app). The network then sends Origin and Sec-Fetch-* from it
   * and holds back SameSite cookies as a browser does. Absent: not a browser's request (a server calling another),
   * which carries none of them.
   */
  origin?: string | null;
}

/** What the traffic list shows of an exchange: small enough to hold tens of thousands in memory. */
export interface ExchangeSummary {
  /** Increasing in the order requests were sent, across reloads of the tab. */
  id: number;
  /** World time when the request was sent. */
  at: number;
  initiator: string;
  method: string;
  url: string;
  status: number;
  /** Redirect target, for 3xx hops. */
  location: string | null;
  /** Real milliseconds from sending to the answer (the world clock is often paused). */
  durationMs: number;
  /** The id of the first hop of the navigation this exchange is a hop of; absent for API and server calls. */
  navigationId?: number;
  /** The response's content type, without parameters; '' when it has none. */
  mimeType?: string;
}

export interface Exchange extends ExchangeSummary {
  requestHeaders: Record<string, string>;
  /** The body as text, cut after the log's limit (see requestBodySize). */
  requestBody: string | null;
  /** The whole body's size in bytes, when the log cut it or knows it. */
  requestBodySize?: number;
  responseHeaders: Record<string, string>;
  responseBody: string | null;
  responseBodySize?: number;
}

/** Bodies longer than this many characters are cut in the traffic log, never in the exchange itself. */
export const LOGGED_BODY_LIMIT = 16 * 1024;

export interface Network {
  fetch(request: Request, options: NetworkFetchOptions): Promise<Response>;
  /** Called after every exchange; returns an unsubscribe function. */
  subscribe(listener: (exchange: Exchange) => void): () => void;
}

/**
 * The workspace's traffic log, the simulation's own record (not a server's data): what the x-ray reads. Exchanges
 * arrive live through Network.subscribe; this reads what was logged before and clears it.
 */
export interface TrafficLog {
  /** Every logged exchange's summary, in id order, including those not yet written to the database. */
  summaries(): Promise<ExchangeSummary[]>;
  /** Exchanges in full (headers and bodies), in id order; ids no longer in the log are left out. */
  exchanges(ids: readonly number[]): Promise<Exchange[]>;
  /** Empties the log; exchange ids keep increasing. */
  clear(): Promise<void>;
  /** Called when the log was cleared (here, or by a workspace change). */
  subscribe(listener: () => void): () => void;
}
