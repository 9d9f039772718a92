// Owns a persona's virtual browser as a scenario drives it: the persona's cookie jar, the page on show (what the last
// navigation ended on, with the data the page renders) and its history, and the API calls its pages make. The same
// in-tab network and src/clients the stage's browser uses; no DOM.
import type { ClientContext } from '../../src/clients/http';
import { navigate, type NavigationResult } from '../../src/clients/navigation';
import type { Persona, PersonaDevices } from '../../src/contracts/simulation';
import type { ShownPage } from '../../src/contracts/scenario-replay';
import type { ScenarioHost } from './host';

export type { ShownPage };

export class PersonaBrowser {
  current: ShownPage | null = null;
  /** The login's third step after a temporary password (R27): its ticket, held by the page, not a cookie. */
  changePassword: { token: string; returnTo: string | null } | null = null;
  readonly #host: ScenarioHost;

  constructor(
    host: ScenarioHost,
    readonly persona: Persona,
    readonly devices: PersonaDevices,
  ) {
    this.#host = host;
  }

  /** For the API calls of the page on show: they carry the persona's cookies and come from that page's origin. */
  get client(): ClientContext {
    return {
      network: this.#host.network,
      jar: this.devices.jar,
      initiator: `browser:${this.persona.id}`,
      origin: this.current ? new URL(this.current.url).origin : null,
    };
  }

  /** Navigates as a typed address does: every redirect followed, the page it ends on shown and kept in history. */
  async go(url: string): Promise<ShownPage> {
    const shown = await this.peek(url);
    this.current = shown;
    this.changePassword = null;
    const { browser } = this.devices;
    browser.history = [...browser.history.slice(0, browser.index + 1), shown.url];
    browser.index = browser.history.length - 1;
    return shown;
  }

  /** Opens a page without showing it (an expectation's look, as in another tab with the same cookies). */
  async peek(url: string): Promise<ShownPage> {
    const absolute = new URL(url, this.current?.url ?? 'https://hrm.test/').toString();
    const result: NavigationResult = await navigate(this.#host.network, {
      url: absolute,
      jar: this.devices.jar,
      initiator: this.client.initiator,
    });
    return {
      url: result.url,
      status: result.status,
      page: result.outcome.kind === 'page' ? result.outcome.page : null,
      problem: result.outcome.kind === 'error' ? result.outcome.problem : null,
    };
  }

  /** The page on show, which must be one of `views`; its data. */
  pageData<T>(views: readonly string[], what: string): T {
    const view = this.current?.page?.view;
    if (!view || !views.includes(view)) {
      throw new ScenarioFailure(
        'wrong_page',
        `${what} needs the ${views.join(' or ')} page, but ${this.persona.name}'s browser shows ${describe(this.current)}`,
      );
    }
    return this.current!.page!.data as T;
  }
}

export function describe(shown: ShownPage | null): string {
  if (!shown) return 'nothing yet';
  if (shown.page) return `${shown.page.view} (${shown.url})`;
  return `an error page: ${shown.problem?.message ?? shown.status} (${shown.url})`;
}

/** An action that did not get where it should: its code (a server's problem code, or the executor's own) and why. */
export class ScenarioFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
