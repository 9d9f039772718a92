// Owns one persona's virtual browser: the address, history and the page on show. Every navigation goes through
// navigate() (H3) with the persona's cookie jar, and is saved so a reload of the tab resumes there. Its
// pages reach the persona's passkey authenticator through it.
import type { SimulationControl, PersonaDevices } from '../../contracts/simulation';
import type { PageBody, ProblemBody } from '../../contracts/wire';
import type { ClientContext } from '../../clients/http';
import { navigate, type Hop, type NavigationOutcome } from '../../clients/navigation';
import { resolveHref, START_URL } from './address';
import { PasskeyDevice } from './passkey-device.svelte';
import { DEFAULT_LOCALE, type Locale } from '../../domain/locale';

type Entry = 'push' | 'replace';

/** Who starts a navigation: the page on show (a link, a button, a redirect in its script), or the user at the browser. */
export type NavigationStart = 'page' | 'typed';

/** What a browser shows, as it tells the other tabs with its saved devices. */
interface ShownDocument {
  url: string;
  status: number;
  hops: Hop[];
  outcome: NavigationOutcome | null;
}

function isShownDocument(value: unknown): value is ShownDocument {
  if (typeof value !== 'object' || value === null) return false;
  const shown = value as Partial<ShownDocument>;
  return typeof shown.url === 'string' && typeof shown.status === 'number' && Array.isArray(shown.hops) && shown.outcome !== undefined;
}

export class VirtualBrowser {
  readonly personaId: string;
  readonly initiator: string;
  readonly devices: PersonaDevices;
  /** The persona's passkey authenticator, which this browser's pages use (WebAuthn). */
  readonly passkeys: PasskeyDevice;

  /** The virtual URL in the address bar: the requested one while loading, the final one after redirects. */
  url = $state('');
  history = $state.raw<string[]>([]);
  index = $state(-1);
  loading = $state(false);
  outcome = $state.raw<NavigationOutcome | null>(null);
  /** HTTP status of the final hop. */
  status = $state(0);
  /** Every hop of the last navigation, redirects included. */
  hops = $state.raw<Hop[]>([]);
  /** Counts finished navigations. */
  loads = $state(0);
  /**
   * Changes when a new document is shown (a link, a typed address, back/forward), not on reload(): a page reloaded
   * after an action keeps its component, its focus and the messages it shows.
   */
  documentId = $state(0);

  /**
   * The text of the QR code the page shows now, as a phone's camera pointed at this screen reads it (the persona's
   * authenticator app "scans" it); null when none is on show.
   */
  qrOnScreen = $state<string | null>(null);

  readonly page: PageBody | null = $derived(this.outcome?.kind === 'page' ? this.outcome.page : null);
  /** The language the page on show was written in (its Content-Language): its words are shown in it. */
  readonly pageLocale: Locale = $derived(this.page?.lang ?? DEFAULT_LOCALE);
  readonly problem: ProblemBody | null = $derived(this.outcome?.kind === 'error' ? this.outcome.problem : null);
  readonly title: string = $derived(this.page?.title ?? this.problem?.title ?? (this.loading ? 'Loading…' : ''));
  readonly canGoBack: boolean = $derived(this.index > 0);
  readonly canGoForward: boolean = $derived(this.index >= 0 && this.index < this.history.length - 1);

  readonly #simulation: SimulationControl;
  #sequence = 0;
  #destroyed = false;

  constructor(simulation: SimulationControl, personaId: string) {
    this.#simulation = simulation;
    this.personaId = personaId;
    this.initiator = `browser:${personaId}`;
    this.devices = simulation.devices(personaId);
    this.passkeys = new PasskeyDevice(simulation, personaId, this.devices);
    const { history, index } = this.devices.browser;
    this.history = [...history];
    this.index = Math.min(index, history.length - 1);
    const current = this.history[this.index];
    if (current === undefined) {
      this.history = [];
      this.index = -1;
      void this.go(START_URL, 'typed');
    } else {
      this.url = current;
      void this.#load({ url: current, origin: null }, 'replace', true);
    }
  }

  /** For the API clients: calls made by this browser's pages carry its cookies. */
  get client(): ClientContext {
    return {
      network: this.#simulation.network,
      jar: this.devices.jar,
      initiator: this.initiator,
      origin: this.#pageOrigin(),
      language: this.language,
    };
  }

  /** The language the browser is set to: the persona's own, else the workspace's. Read at each request. */
  get language(): Locale {
    return this.#simulation.personas().find((p) => p.id === this.personaId)?.language ?? this.#simulation.language();
  }

  /** The origin of the page on show, which the requests its links and scripts make come from; null before the first. */
  #pageOrigin(): string | null {
    if (!this.url) return null;
    try {
      return new URL(this.url).origin;
    } catch {
      return null;
    }
  }

  /** Whether the simulation still holds these devices (a reset or switch replaces them). */
  isCurrent(): boolean {
    return this.#simulation.devices(this.personaId) === this.devices;
  }

  /**
   * Follows a link of the page on show, or (`typed`) an address the user typed or opened from outside the browser;
   * relative URLs resolve against the page on show.
   */
  go(href: string, start: NavigationStart = 'page'): Promise<void> {
    return this.#load({ url: resolveHref(href, this.url), origin: start === 'typed' ? null : this.#pageOrigin() }, 'push', true);
  }

  /** A form posted as a navigation (the answer is a page or a redirect). */
  submit(href: string, body: unknown): Promise<void> {
    return this.#load({ url: resolveHref(href, this.url), method: 'POST', body, origin: this.#pageOrigin() }, 'push', true);
  }

  back(): Promise<void> {
    if (!this.canGoBack) return Promise.resolve();
    this.index -= 1;
    return this.#load({ url: this.history[this.index]!, origin: null }, 'replace', true);
  }

  forward(): Promise<void> {
    if (!this.canGoForward) return Promise.resolve();
    this.index += 1;
    return this.#load({ url: this.history[this.index]!, origin: null }, 'replace', true);
  }

  /**
   * Loads the current entry again. After an action a page reloads itself so it (and the banner) shows what the server
   * has now, keeping its component; the toolbar's Reload passes `fresh` to start the page over, as a browser does.
   */
  reload(options: { fresh?: boolean } = {}): Promise<void> {
    const current = this.history[this.index];
    if (current === undefined) return this.go(START_URL, 'typed');
    return this.#load({ url: current, origin: null }, 'replace', options.fresh ?? false);
  }

  /**
   * Shows the page the persona's devices are at now, after something other than this browser moved them there (a
   * scenario step in trainer mode): history as the devices hold it, the current entry loaded afresh.
   */
  resume(): Promise<void> {
    const { history, index } = this.devices.browser;
    const current = history[index];
    if (current === undefined) return Promise.resolve();
    this.history = [...history];
    this.index = index;
    return this.#load({ url: current, origin: null }, 'replace', true);
  }

  /** A page shows a QR code encoding `text`; the returned function takes it off the screen. */
  showQr(text: string): () => void {
    this.qrOnScreen = text;
    return () => {
      if (this.qrOnScreen === text) this.qrOnScreen = null;
    };
  }

  /** Saves the browser (history, and what it shows for the other tabs) after a navigation or an API call. */
  persist(): Promise<void> {
    const shown: ShownDocument = { url: this.url, status: this.status, hops: this.hops, outcome: this.outcome };
    return this.#simulation.saveDevices(this.personaId, shown).catch((error: unknown) => console.error('Saving the browser failed', error));
  }

  /**
   * Shows what another tab's browser of the same persona shows now: its history, and its page as that tab loaded it
   * (no request of its own, so the other tab's step happens once). Without a page to show, the history is taken as is.
   */
  adopt(shown: unknown): void {
    if (this.#destroyed || !isShownDocument(shown)) return;
    this.#sequence++;
    const { history, index } = this.devices.browser;
    this.history = [...history];
    this.index = Math.min(index, history.length - 1);
    if (shown.url !== this.url) this.documentId += 1;
    this.url = shown.url;
    this.status = shown.status;
    this.hops = shown.hops;
    this.outcome = shown.outcome;
    this.loading = false;
    this.loads += 1;
  }

  destroy(): void {
    this.#destroyed = true;
    this.#sequence++;
  }

  /** `origin`: the page that started it, null when the user (or the browser itself: back, forward, reload) did. */
  async #load(
    request: { url: string; method?: 'GET' | 'POST'; body?: unknown; origin: string | null },
    entry: Entry,
    fresh: boolean,
  ): Promise<void> {
    const sequence = ++this.#sequence;
    this.loading = true;
    this.url = request.url;
    let url = request.url;
    let status = 0;
    let hops: Hop[] = [];
    let outcome: NavigationOutcome;
    try {
      const result = await navigate(this.#simulation.network, {
        url: request.url,
        method: request.method ?? 'GET',
        ...(request.body !== undefined ? { body: request.body } : {}),
        jar: this.devices.jar,
        initiator: this.initiator,
        origin: request.origin,
        language: this.language,
      });
      ({ url, status, hops, outcome } = result);
    } catch (error) {
      outcome = {
        kind: 'error',
        problem: {
          status: 0,
          title: 'This page isn’t working',
          code: 'navigation_failed',
          message: error instanceof Error ? error.message : String(error),
        },
      };
    }
    // A later navigation (or a workspace change) wins: this answer is no longer what the user waits for.
    if (sequence !== this.#sequence || this.#destroyed) return;

    if (entry === 'push' || this.index < 0) {
      this.history = [...this.history.slice(0, this.index + 1), url];
      this.index = this.history.length - 1;
    } else {
      this.history = this.history.map((u, i) => (i === this.index ? url : u));
    }
    this.url = url;
    this.status = status;
    this.hops = hops;
    this.outcome = outcome;
    this.loading = false;
    this.loads += 1;
    if (fresh) this.documentId += 1;

    this.devices.browser.history = [...this.history];
    this.devices.browser.index = this.index;
    await this.persist();
  }
}
