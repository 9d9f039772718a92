// Owns one persona's inbox: the messages of all its mailboxes, newest first, and the one being read. Like a configured
// mail app it signs in to the persona's mailboxes (with the persona's password, from the world) and keeps its session
// cookie in a jar of its own, apart from the persona's browser; it reads mail.test over the network and refreshes when
// the network reports a message being sent or changed.
import type { MailMessage, MailSummary } from '../../contracts/mail';
import type { Exchange } from '../../contracts/network';
import { ORIGINS } from '../../contracts/origins';
import type { Persona, SimulationControl } from '../../contracts/simulation';
import type { ClientContext, ClientResult } from '../../clients/http';
import { getMessage, listMailbox, markRead, signInToMailboxes } from '../../clients/mail';
import { CookieJar } from '../../domain/cookie-jar';
import { mailToOpen } from './new-mail';

const MAIL_API_ROOT = `${ORIGINS.mail}/api/`;

export class Inbox {
  readonly persona: Persona;
  readonly initiator: string;

  messages = $state.raw<MailSummary[]>([]);
  selectedId = $state<string | null>(null);
  selected = $state.raw<MailMessage | null>(null);
  loaded = $state(false);
  error = $state<string | null>(null);

  readonly unread: number = $derived(this.messages.filter((m) => !m.read).length);

  /** On screen (the persona is on stage): only then does arriving mail open by itself. */
  shown = false;

  readonly #simulation: SimulationControl;
  /** The ids of the last listing; null before the first. */
  #known: Set<string> | null = null;
  /** Real time (performance.now()) the reader last opened a mail by hand. */
  #handOpenedAt = -Infinity;
  readonly #jar = new CookieJar();
  #signedIn: Promise<string | null> | null = null;
  readonly #unsubscribe: () => void;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #sequence = 0;
  #destroyed = false;

  constructor(simulation: SimulationControl, persona: Persona) {
    this.#simulation = simulation;
    this.persona = persona;
    this.initiator = `inbox:${persona.id}`;
    // "Updating when a message arrives": any exchange with the mail API not sent by an inbox (a server sending mail).
    this.#unsubscribe = simulation.network.subscribe((exchange: Exchange) => {
      if (exchange.url.startsWith(MAIL_API_ROOT) && !exchange.initiator.startsWith('inbox:')) this.#schedule();
    });
    void this.refresh();
  }

  get #client(): ClientContext {
    // The mail app is mail.test's own page: its calls come from that origin, as webmail's do.
    return { network: this.#simulation.network, initiator: this.initiator, jar: this.#jar, origin: ORIGINS.mail };
  }

  /** Signs in to every mailbox once; null when signed in, else why not in the server's words. */
  #signIn(): Promise<string | null> {
    this.#signedIn ??= signInToMailboxes(this.#client, this.persona.mailboxes, this.persona.hrmPassword).then((result) => {
      if (!result.ok) this.#signedIn = null;
      return result.ok ? null : result.problem.message;
    });
    return this.#signedIn;
  }

  /** A call with the session; a session that is gone (expired, a restarted simulation) is signed in again, once. */
  async #withSession<T>(call: () => Promise<ClientResult<T>>): Promise<ClientResult<T>> {
    const attempt = this.#signIn();
    const failed = await attempt;
    if (failed !== null) return { ok: false, problem: { status: 401, title: 'Unauthorized', code: 'unauthenticated', message: failed } };
    const result = await call();
    if (result.ok || result.problem.code !== 'unauthenticated') return result;
    // Calls running side by side share one new sign-in.
    if (this.#signedIn === attempt) this.#signedIn = null;
    const again = await this.#signIn();
    return again === null ? call() : result;
  }

  async refresh(): Promise<void> {
    const sequence = ++this.#sequence;
    if (this.persona.mailboxes.length === 0) {
      this.messages = [];
      this.loaded = true;
      return;
    }
    const listings = await Promise.all(
      this.persona.mailboxes.map((mailbox) => this.#withSession(() => listMailbox(this.#client, mailbox))),
    );
    if (sequence !== this.#sequence || this.#destroyed) return;
    const failed = listings.find((l) => !l.ok);
    this.error = failed && !failed.ok ? failed.problem.message : null;
    const byId = new Map<string, MailSummary>();
    for (const listing of listings) if (listing.ok) for (const m of listing.value.messages) byId.set(m.id, m);
    // Stable sort: mails sent in the same world instant keep the server's order (newest first).
    this.messages = [...byId.values()].sort((a, b) => b.sentAt - a.sentAt);
    this.loaded = true;
    const arrived = mailToOpen(this.#known, this.messages, this.shown, performance.now() - this.#handOpenedAt);
    this.#known = new Set(this.messages.map((m) => m.id));
    if (arrived !== null) void this.#show(arrived);
  }

  /** The reader opens a mail. */
  open(id: string): Promise<void> {
    this.#handOpenedAt = performance.now();
    return this.#show(id);
  }

  async #show(id: string): Promise<void> {
    this.selectedId = id;
    const result = await this.#withSession(() => getMessage(this.#client, id));
    if (this.#destroyed || this.selectedId !== id) return;
    if (!result.ok) {
      this.selected = null;
      this.error = result.problem.message;
      return;
    }
    this.selected = result.value;
    if (!result.value.read) {
      this.messages = this.messages.map((m) => (m.id === id ? { ...m, read: true } : m));
      const marked = await this.#withSession(() => markRead(this.#client, id));
      if (!marked.ok) console.warn('Marking the message read failed', marked.problem);
    }
  }

  close(): void {
    this.selectedId = null;
    this.selected = null;
  }

  destroy(): void {
    this.#destroyed = true;
    this.#unsubscribe();
    clearTimeout(this.#timer);
  }

  /** Several servers may mail in one action: one refresh after them. */
  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.refresh(), 30);
  }
}
