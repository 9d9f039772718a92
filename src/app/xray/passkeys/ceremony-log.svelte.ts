// Owns the Passkeys x-ray's data: the WebAuthn ceremonies of one persona's browser, as Connect recorded them, read from
// Connect's read-only ceremonies endpoint with that browser's cookies (it binds each ceremony to the browser), and read
// again whenever the persona's browser talks to the passkey API.
import * as passkeyApi from '../../../clients/connect-passkeys';
import type { PasskeyCeremonyView } from '../../../contracts/connect-passkeys';
import type { Exchange } from '../../../contracts/network';
import { ORIGINS } from '../../../contracts/origins';
import { PASSKEY_API } from '../../../contracts/connect-passkeys';
import type { SimulationControl } from '../../../contracts/simulation';
import { Coalesced } from '../../state/coalesce';

const PASSKEY_URL = `${ORIGINS.connect}${PASSKEY_API.list}`;

export class PasskeyCeremonyLog {
  readonly personaId: string;
  ceremonies = $state.raw<PasskeyCeremonyView[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);

  readonly #simulation: SimulationControl;
  readonly #initiator: string;
  readonly #unsubscribe: () => void;
  // A ceremony is two requests (options, answer), often read while the first is still being answered: one read at a
  // time, and the last ask always answered by a read that started after it.
  readonly #reading = new Coalesced(() => this.#read());
  #destroyed = false;

  constructor(simulation: SimulationControl, personaId: string) {
    this.#simulation = simulation;
    this.personaId = personaId;
    this.#initiator = `xray:${personaId}`;
    const browser = `browser:${personaId}`;
    this.#unsubscribe = simulation.network.subscribe((exchange: Exchange) => {
      if (exchange.initiator === browser && exchange.url.startsWith(PASSKEY_URL)) void this.refresh();
    });
    void this.refresh();
  }

  refresh(): Promise<void> {
    return this.#reading.run();
  }

  destroy(): void {
    this.#destroyed = true;
    this.#unsubscribe();
  }

  async #read(): Promise<void> {
    const jar = this.#simulation.devices(this.personaId).jar;
    const result = await passkeyApi.ceremonies({ network: this.#simulation.network, jar, initiator: this.#initiator });
    if (this.#destroyed) return;
    this.error = result.ok ? null : result.problem.message;
    if (result.ok) this.ceremonies = result.value.ceremonies;
    this.loaded = true;
  }
}
