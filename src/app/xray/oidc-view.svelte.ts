// Owns the OIDC view's state: the authorization-code flows rebuilt from the traffic log, kept current as Connect's
// endpoints, the clients' callbacks and the providers' token endpoints are called, the flow being read (a flow an
// application started, with the flows started inside it), and the PKCE checks of those flows computed in the tab.
import { ORIGINS } from '../../contracts/origins';
import type { SimulationControl } from '../../contracts/simulation';
import { initiatorKind } from './exchange-parts';
import { innerFlows, oidcExchangeIds, outerFlows, reconstructFlows, s256Challenge, type OidcFlow } from './oidc-flows';

const REFRESH_MS = 300;
const CONNECT_OIDC = `${ORIGINS.connect}/connect/`;

export interface PkceCheck {
  computed: string;
  matches: boolean;
}

export class OidcFlowsView {
  flows = $state.raw<OidcFlow[]>([]);
  selectedId = $state<number | null>(null);
  loaded = $state(false);
  error = $state<string | null>(null);
  /** BASE64URL(SHA256(verifier)) of the selected flow and of the flows inside it, by flow id, once computed. */
  pkce = $state.raw<ReadonlyMap<number, PkceCheck>>(new Map());

  /** The flows applications started, newest first: the flows inside them are read within. */
  readonly outer: OidcFlow[] = $derived(outerFlows(this.flows));
  readonly selected: OidcFlow | null = $derived(this.outer.find((f) => f.id === this.selectedId) ?? this.outer[0] ?? null);

  readonly #simulation: SimulationControl;
  readonly #unsubscribe: Array<() => void>;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #sequence = 0;

  constructor(simulation: SimulationControl) {
    this.#simulation = simulation;
    this.#unsubscribe = [
      // Anything at Connect's OIDC endpoints, or a browser coming back to a client: a flow began or moved on.
      simulation.network.subscribe((exchange) => {
        if (initiatorKind(exchange.initiator) === 'xray') return;
        if (
          exchange.url.startsWith(CONNECT_OIDC) ||
          exchange.navigationId !== undefined ||
          (exchange.method === 'POST' && initiatorKind(exchange.initiator) === 'server')
        )
          this.#schedule();
      }),
      simulation.traffic.subscribe(() => this.#schedule()),
    ];
    void this.refresh();
  }

  async refresh(): Promise<void> {
    const sequence = ++this.#sequence;
    try {
      const summaries = await this.#simulation.traffic.summaries();
      const full = await this.#simulation.traffic.exchanges(oidcExchangeIds(summaries));
      if (sequence !== this.#sequence) return;
      this.flows = reconstructFlows(summaries, full);
      this.error = null;
    } catch (error) {
      this.error = `The flows could not be read from the traffic log: ${error instanceof Error ? error.message : String(error)}`;
    }
    this.loaded = true;
    await this.#checkPkce();
  }

  async choose(id: number): Promise<void> {
    this.selectedId = id;
    await this.#checkPkce();
  }

  destroy(): void {
    for (const off of this.#unsubscribe) off();
    clearTimeout(this.#timer);
  }

  /** The flows started inside `flow`, oldest first. */
  inside(flow: OidcFlow): OidcFlow[] {
    return innerFlows(this.flows, flow);
  }

  async #checkPkce(): Promise<void> {
    const flow = this.selected;
    const checks = new Map<number, PkceCheck>();
    const pending = flow ? [flow] : [];
    while (pending.length > 0) {
      const next = pending.shift()!;
      pending.push(...this.inside(next));
      const verifier = next.pkce?.verifier;
      if (!next.pkce || !verifier) continue;
      const computed = await s256Challenge(verifier);
      checks.set(next.id, { computed, matches: computed === next.pkce.challenge });
    }
    if (this.selected === flow) this.pkce = checks;
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.refresh(), REFRESH_MS);
  }
}
