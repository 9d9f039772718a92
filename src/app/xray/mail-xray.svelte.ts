// Owns the mail x-ray's state: the message being examined (from the inbox of whoever is on stage), its RFC 5322 source
// read through mail.test's inspection (the trainer's view: no persona's session, nothing marked read), and what it
// holds: header fields, text and HTML parts, links, codes.
import { inspectMessageSource } from '../../clients/inspection';
import { XRAY_INITIATOR } from '../../contracts/network';
import type { SimulationControl } from '../../contracts/simulation';
import { mailTextParts } from '../../domain/mail-text';
import { headerOf, parseMessage, partOf, type ParsedMessage } from './mime';

export class MailXray {
  messageId = $state<string | null>(null);
  source = $state<string | null>(null);
  error = $state<string | null>(null);

  readonly parsed: ParsedMessage | null = $derived(this.source === null ? null : parseMessage(this.source));
  readonly text: string | null = $derived(this.parsed ? partOf(this.parsed, 'text/plain') : null);
  readonly html: string | null = $derived(this.parsed ? partOf(this.parsed, 'text/html') : null);
  readonly links: string[] = $derived([...new Set(mailTextParts(this.text ?? '').flatMap((p) => (p.kind === 'url' ? [p.value] : [])))]);
  readonly codes: string[] = $derived([...new Set(mailTextParts(this.text ?? '').flatMap((p) => (p.kind === 'code' ? [p.value] : [])))]);

  readonly #simulation: SimulationControl;
  #sequence = 0;

  constructor(simulation: SimulationControl) {
    this.#simulation = simulation;
  }

  header(name: string): string {
    return this.parsed ? headerOf(this.parsed, name) : '';
  }

  async open(id: string): Promise<void> {
    const sequence = ++this.#sequence;
    this.messageId = id;
    const result = await inspectMessageSource({ network: this.#simulation.network, initiator: XRAY_INITIATOR }, id);
    if (sequence !== this.#sequence) return;
    this.source = result.ok ? result.value : null;
    this.error = result.ok ? null : result.problem.message;
  }
}
