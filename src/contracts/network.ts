// Owns the contract of the in-tab network (DESIGN.md rule 3): the one function every virtual browser,
// app client and server-to-server call goes through, and the exchanges it reports.
import type { CookieJar } from '../domain/cookie-jar';

export interface NetworkFetchOptions {
  /** Who sends it: "browser:<persona>" for a virtual browser, "server:<host>" for a server-to-server call. */
  initiator: string;
  /** The virtual browser's jar: its cookies are sent and the response's cookies stored. */
  jar?: CookieJar;
}

export interface Exchange {
  id: number;
  /** World time when the request was sent. */
  at: number;
  initiator: string;
  method: string;
  url: string;
  status: number;
  /** Redirect target, for 3xx hops. */
  location: string | null;
  durationMs: number;
  requestHeaders: Record<string, string>;
  requestBody: string | null;
  responseHeaders: Record<string, string>;
  responseBody: string | null;
}

export interface Network {
  fetch(request: Request, options: NetworkFetchOptions): Promise<Response>;
  /** Called after every exchange; returns an unsubscribe function. */
  subscribe(listener: (exchange: Exchange) => void): () => void;
}
