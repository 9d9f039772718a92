// Owns the Passkeys x-ray's data: the WebAuthn ceremonies of one persona's browser, as Connect recorded them, read from
// Connect's read-only ceremonies endpoint with that browser's cookies (it binds each ceremony to the browser), and read
// again whenever the persona's browser talks to the passkey API.
import * as passkeyApi from '../../../clients/connect-passkeys';
import type { PasskeyCeremonyView } from '../../../contracts/connect-passkeys';
import type { Exchange } from '../../../contracts/network';
import { ORIGINS } from '../../../contracts/origins';
import { PASSKEY_API } from '../../../contracts/connect-passkeys';
import type { SimulationControl } from '../../../contracts/simulation';

const PASSKEY_URL = `${ORIGINS.connect}${PASSKEY_API.list}`;

export class PasskeyCeremonyLog {
  readonly personaId: string;
  ceremonies = $state.raw<PasskeyCeremonyView[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);

  readonly #simulation: SimulationControl;
  readonly #initiator: string;
  readonly #unsubscribe: () => void;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #sequence = 0;
  #destroyed = false;

  constructor(simulation: SimulationControl, personaId: string) {
    this.#simulation = simulation;
    this.personaId = personaId;
    this.#initiator = `xray:${personaId}`;
    const browser = `browser:${personaId}`;
    this.#unsubscribe = simulation.network.subscribe((exchange: Exchange) => {
      if (exchange.initiator === browser && exchange.url.startsWith(PASSKEY_URL)) this.#schedule();
    });
    void this.refresh();
  }

  async refresh(): Promise<void> {
    const sequence = ++this.#sequence;
    const jar = this.#simulation.devices(this.personaId).jar;
    const result = await passkeyApi.ceremonies({ network: this.#simulation.network, jar, initiator: this.#initiator });
    if (sequence !== this.#sequence || this.#destroyed) return;
    this.error = result.ok ? null : result.problem.message;
    if (result.ok) this.ceremonies = result.value.ceremonies;
    this.loaded = true;
  }

  destroy(): void {
    this.#destroyed = true;
    this.#unsubscribe();
    clearTimeout(this.#timer);
  }

  /** A ceremony is two requests (options, answer): one refresh after them. */
  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.refresh(), 30);
  }
}
