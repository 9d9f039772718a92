// Owns the traffic view's state: the log's summaries (read once, then kept live from the network, gathered a moment so a
// bulk mailing's bursts cost one update), the filters, which navigations are open, the exchange being read in full,
// clearing the log and exporting what is shown as HAR.
import type { Exchange, ExchangeSummary } from '../../contracts/network';
import type { Persona, SimulationControl } from '../../contracts/simulation';
import { saveTextFile } from '../../platform/download';
import { hostOf, initiatorLabel } from './exchange-parts';
import { harFileName, toHar } from './har';
import { exchangeIdsOf, mergeSummaries, NO_FILTER, trafficRows, type StatusClass, type TrafficRow } from './traffic-rows';
import pkg from '../../../package.json';

/** Live exchanges are gathered this long before the list updates. */
const LIVE_BATCH_MS = 150;

function summaryOf(e: Exchange): ExchangeSummary {
  const { id, at, initiator, method, url, status, location, durationMs, navigationId, mimeType } = e;
  return {
    id,
    at,
    initiator,
    method,
    url,
    status,
    location,
    durationMs,
    ...(navigationId !== undefined ? { navigationId } : {}),
    ...(mimeType !== undefined ? { mimeType } : {}),
  };
}

export class TrafficInspector {
  summaries = $state.raw<ExchangeSummary[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  /** Said politely after clearing or exporting. */
  notice = $state<string | null>(null);

  search = $state(NO_FILTER.search);
  host = $state(NO_FILTER.host);
  initiator = $state(NO_FILTER.initiator);
  status = $state<StatusClass>(NO_FILTER.status);
  showXray = $state(NO_FILTER.showXray);
  expanded = $state.raw<ReadonlySet<number>>(new Set());

  selectedId = $state<number | null>(null);
  /** The selected exchange in full, or every hop of the selected navigation. */
  selected = $state.raw<Exchange[]>([]);

  readonly rows: TrafficRow[] = $derived(
    trafficRows(
      this.summaries,
      { search: this.search, host: this.host, initiator: this.initiator, status: this.status, showXray: this.showXray },
      this.expanded,
      (i) => this.labelOf(i),
    ),
  );
  readonly hosts: string[] = $derived([...new Set(this.summaries.map((s) => hostOf(s.url)))].sort());
  readonly initiators: string[] = $derived([...new Set(this.summaries.map((s) => s.initiator))].sort());
  readonly total: number = $derived(this.summaries.length);

  readonly #simulation: SimulationControl;
  readonly #personas: () => readonly Persona[];
  readonly #unsubscribe: Array<() => void>;
  #arrived: ExchangeSummary[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #loading = false;
  #selectSequence = 0;

  constructor(simulation: SimulationControl, personas: () => readonly Persona[]) {
    this.#simulation = simulation;
    this.#personas = personas;
    this.#unsubscribe = [
      simulation.network.subscribe((exchange) => {
        this.#arrived.push(summaryOf(exchange));
        if (!this.#loading && this.#timer === undefined) this.#timer = setTimeout(() => this.#takeArrived(), LIVE_BATCH_MS);
      }),
      simulation.traffic.subscribe(() => void this.load()),
    ];
    void this.load();
  }

  labelOf(initiator: string): string {
    return initiatorLabel(initiator, this.#personas());
  }

  async load(): Promise<void> {
    this.#loading = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    try {
      const stored = await this.#simulation.traffic.summaries();
      this.summaries = mergeSummaries(stored, this.#arrived);
      this.error = null;
    } catch (error) {
      this.error = `The traffic log could not be read: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      this.#arrived = [];
      this.#loading = false;
      this.loaded = true;
    }
    if (this.selectedId !== null && !this.summaries.some((s) => s.id === this.selectedId)) this.deselect();
  }

  toggle(navigationId: number): void {
    const next = new Set(this.expanded);
    if (!next.delete(navigationId)) next.add(navigationId);
    this.expanded = next;
  }

  /** Shows an exchange (a navigation's first hop shows the whole navigation) in full. */
  async select(id: number): Promise<void> {
    const sequence = ++this.#selectSequence;
    this.selectedId = id;
    const summary = this.summaries.find((s) => s.id === id);
    const ids = summary?.navigationId === id ? this.summaries.filter((s) => s.navigationId === id).map((s) => s.id) : [id];
    try {
      const exchanges = await this.#simulation.traffic.exchanges(ids);
      if (sequence === this.#selectSequence) this.selected = exchanges;
    } catch (error) {
      if (sequence === this.#selectSequence)
        this.error = `Request #${id} could not be read: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** Brings an exchange into view: clears filters that hide it and opens its navigation. */
  async reveal(id: number): Promise<void> {
    const summary = this.summaries.find((s) => s.id === id);
    if (!summary) return;
    this.search = '';
    this.host = '';
    this.initiator = '';
    this.status = 'all';
    if (summary.initiator === 'xray') this.showXray = true;
    if (summary.navigationId !== undefined && summary.navigationId !== id)
      this.expanded = new Set([...this.expanded, summary.navigationId]);
    await this.select(id);
  }

  deselect(): void {
    this.#selectSequence++;
    this.selectedId = null;
    this.selected = [];
  }

  async clear(): Promise<void> {
    try {
      await this.#simulation.traffic.clear();
    } catch (error) {
      this.error = `The traffic log could not be cleared: ${error instanceof Error ? error.message : String(error)}`;
      return;
    }
    this.deselect();
    this.expanded = new Set();
    this.notice = 'The traffic log is cleared.';
  }

  /** Saves what the list shows (every hop of a shown navigation) as a .har file; says how many requests it holds. */
  async exportHar(): Promise<void> {
    const ids = exchangeIdsOf(this.rows.filter((r) => r.kind !== 'hop'));
    const exchanges = await this.#simulation.traffic.exchanges(ids);
    const workspace = this.#simulation.workspace();
    const har = toHar(exchanges, { personas: this.#personas(), version: pkg.version, workspaceName: workspace.name });
    const fileName = harFileName(workspace.name, this.#simulation.clock.now());
    saveTextFile(JSON.stringify(har, null, 2), fileName, 'application/json');
    this.notice = `Saved ${exchanges.length.toLocaleString('en-GB')} ${exchanges.length === 1 ? 'request' : 'requests'} as ${fileName}.`;
  }

  destroy(): void {
    for (const off of this.#unsubscribe) off();
    clearTimeout(this.#timer);
  }

  #takeArrived(): void {
    this.#timer = undefined;
    const arrived = this.#arrived;
    this.#arrived = [];
    this.summaries = mergeSummaries(this.summaries, arrived);
  }
}
