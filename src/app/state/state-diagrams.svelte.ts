// Owns what the x-ray's state diagrams show: the machines the servers hold for the persona on stage — their link
// journey and the tenant's rollout at the HRM, the domains they verify at Connect if they administer any — asked again
// after every exchange with those servers and every change of the world clock: one question at a time, and none while
// the diagrams are out of sight.
import { inspectConnect, inspectHrm } from '../../clients/inspection';
import type { ClientContext } from '../../clients/http';
import type { MachineInstance } from '../../contracts/inspection';
import type { Exchange } from '../../contracts/network';
import { serverOf } from '../../contracts/origins';
import type { Persona, SimulationControl } from '../../contracts/simulation';
import { Coalesced } from './coalesce';

/** The diagrams' own questions: never a reason to ask again. */
export const DIAGRAMS_INITIATOR = 'xray:diagrams';

export class StateDiagrams {
  /** The persona's link journey first, then the tenant's rollout, then their organisation's domains. */
  instances = $state.raw<MachineInstance[]>([]);
  /** World time of the answers shown; null until the first. */
  at = $state<number | null>(null);
  /** The persona is not an HRM user (their journey cannot be shown). */
  noHrmUser = $state(false);
  error = $state<string | null>(null);

  #persona: Persona | null = null;
  #visible = false;
  #missed = false;
  readonly #client: ClientContext;
  readonly #refresh = new Coalesced(() => this.#load());
  readonly #unsubscribers: Array<() => void>;

  constructor(simulation: SimulationControl) {
    this.#client = { network: simulation.network, initiator: DIAGRAMS_INITIATOR };
    this.#unsubscribers = [
      simulation.network.subscribe((exchange: Exchange) => {
        if (exchange.initiator !== DIAGRAMS_INITIATOR && (serverOf(exchange.url) === 'hrm' || serverOf(exchange.url) === 'connect'))
          this.#changed();
      }),
      simulation.clock.subscribe(() => this.#changed()),
      simulation.subscribe(() => this.#changed()),
    ];
  }

  /** Follows this persona from now on. */
  show(persona: Persona | null): void {
    if (persona?.id === this.#persona?.id) return;
    this.#persona = persona;
    this.instances = [];
    this.at = null;
    this.#changed();
  }

  /** The diagrams are on screen (true) or hidden (a closed drawer): hidden, they ask nothing and catch up when shown. */
  setVisible(visible: boolean): void {
    this.#visible = visible;
    if (visible && this.#missed) this.#changed();
  }

  destroy(): void {
    for (const unsubscribe of this.#unsubscribers) unsubscribe();
  }

  #changed(): void {
    this.#missed = !this.#visible;
    if (this.#visible) void this.#refresh.run();
  }

  async #load(): Promise<void> {
    const persona = this.#persona;
    if (!persona) return;
    let hrm = await inspectHrm(this.#client, persona.hrmLoginId || undefined);
    const noHrmUser = !hrm.ok && hrm.problem.code === 'unknown_user';
    if (noHrmUser) hrm = await inspectHrm(this.#client);
    const connect = persona.mailboxes.length > 0 ? await inspectConnect(this.#client, persona.mailboxes) : null;
    // Another persona came on stage meanwhile: its own answer is on the way.
    if (persona !== this.#persona) return;
    if (!hrm.ok) {
      this.error = `The HRM did not answer: ${hrm.problem.message}`;
      return;
    }
    if (connect && !connect.ok) {
      this.error = `Connect did not answer: ${connect.problem.message}`;
      return;
    }
    this.error = null;
    this.noHrmUser = noHrmUser;
    this.at = hrm.value.at;
    this.instances = [...(hrm.value.linking ? [hrm.value.linking] : []), hrm.value.rollout, ...(connect?.value.domains ?? [])];
  }
}
