// Owns what the simulation's worker bundle gives msw in place of tough-cookie (vite.config.ts resolves `tough-cookie`
// here for the worker's build only; the page's msw, dev mode and the tests in Node keep the real library).
//
// Why: msw keeps a cookie store of its own (msw/lib/core/utils/cookieStore.mjs) built on tough-cookie, which brings
// tldts and its public-suffix list: about 290 KB of the worker's 970 KB script, decoded, compiled and cached on every
// start of the simulation. The simulation never uses that store: it carries each persona's cookies itself, in its own
// x-sim-cookie headers (src/domain/cookie-jar.ts). On the only path the worker runs (getResponse → a handler's parse),
// msw asks the store for the cookies it holds for a URL, and the store only ever fills through msw's
// storeResponseCookies, which getResponse never calls (setupWorker's and setupServer's handleRequest do, and neither is
// in the worker). So the store is always empty there, and this stub answers exactly as tough-cookie would: no cookies.
// What msw reads at construction: `new MemoryCookieStore()` (its `idx` is set by msw), `new CookieJar(store)`, and
// `Cookie.fromJSON` for cookies msw persisted in localStorage, which in the worker is the empty, in-memory storage of
// worker-globals.ts. Should a later msw store cookies on that path, `setCookie` fails loudly rather than forget them.

/** The cookies msw's store holds, by domain, path and name; never filled here. */
type CookieIndex = Record<string, Record<string, Record<string, Cookie>>>;

export class Cookie {
  key = '';
  value = '';
  domain: string | null = null;
  path: string | null = null;

  /** msw restores the cookies it persisted; in the worker it never persisted any. */
  static fromJSON(): Cookie | null {
    return null;
  }

  toString(): string {
    return `${this.key}=${this.value}`;
  }

  toJSON(): Record<string, string | null> {
    return { key: this.key, value: this.value, domain: this.domain, path: this.path };
  }
}

export class MemoryCookieStore {
  idx: CookieIndex = {};
}

export class CookieJar {
  constructor(readonly store: MemoryCookieStore = new MemoryCookieStore()) {}

  /** The stored cookies that apply to `url`: the store is never filled in the worker, so none. */
  getCookiesSync(url: string): Cookie[] {
    void url;
    return [];
  }

  async setCookie(cookie: string, url: string): Promise<never> {
    void cookie;
    void url;
    return unsupported();
  }
}

function unsupported(): never {
  throw new Error('msw’s own cookie store is not available in the simulation’s worker (mocks/runtime/msw-cookie-store-stub.ts)');
}
