// Owns the stage's state: the live workspace, its personas, who is on stage now, and each persona's virtual browser,
// inbox and phone (created when first shown, replaced when a reset or switch gives the persona new devices).
import type { Persona, SimulationControl, TemplateInfo, WorkspaceInfo } from '../../contracts/simulation';
import { ClockView } from './clock-view.svelte';
import { Inbox } from './inbox.svelte';
import { AuthenticatorPhone } from './phone.svelte';
import { VirtualBrowser } from './virtual-browser.svelte';
import { DEFAULT_LOCALE, type Locale } from '../../domain/locale';

interface PersonaDesk {
  browser: VirtualBrowser;
  inbox: Inbox;
  phone: AuthenticatorPhone;
}

export class Stage {
  readonly simulation: SimulationControl;
  readonly clock: ClockView;

  workspace = $state.raw<WorkspaceInfo>({ id: '', name: '', templateId: '', seed: '', createdAt: 0 });
  workspaces = $state.raw<WorkspaceInfo[]>([]);
  templates = $state.raw<TemplateInfo[]>([]);
  /** Why the traffic log is not being saved (storage full), shown once on the stage; null while it is saved. */
  storageWarning = $state<string | null>(null);
  personas = $state.raw<Persona[]>([]);
  currentPersonaId = $state<string | null>(null);
  /** The language of the employees' pages and mails in the live workspace. */
  language = $state<Locale>(DEFAULT_LOCALE);
  /** Bumped on every workspace create, switch or reset: views keyed on it start afresh. */
  generation = $state(0);

  readonly currentPersona: Persona | null = $derived(this.personas.find((p) => p.id === this.currentPersonaId) ?? null);

  #desks = $state.raw<Record<string, PersonaDesk>>({});
  readonly #unsubscribe: () => void;

  constructor(simulation: SimulationControl) {
    this.simulation = simulation;
    this.clock = new ClockView(simulation);
    const unsubscribe = [
      simulation.subscribe(() => this.#sync()),
      // Another tab moved a persona's browser, phone or passkeys: this tab shows the same.
      simulation.subscribeDevices(({ personaId, shown }) => {
        const desk = this.#desks[personaId];
        if (!desk || !desk.browser.isCurrent()) return;
        desk.browser.adopt(shown);
        desk.browser.passkeys.refresh();
        desk.phone.refresh();
      }),
    ];
    this.#unsubscribe = () => unsubscribe.forEach((u) => u());
    this.#sync();
  }

  /** The persona's browser, if it has been on stage in this workspace. */
  browserOf(personaId: string): VirtualBrowser | undefined {
    return this.#desks[personaId]?.browser;
  }

  inboxOf(personaId: string): Inbox | undefined {
    return this.#desks[personaId]?.inbox;
  }

  phoneOf(personaId: string): AuthenticatorPhone | undefined {
    return this.#desks[personaId]?.phone;
  }

  async choose(personaId: string): Promise<void> {
    this.currentPersonaId = personaId;
    this.#ensureDesk(personaId);
    await this.simulation.setCurrentPersona(personaId);
  }

  /**
   * Puts a persona on stage, their browser on the page their devices are at now: a scenario step acted as them with
   * the same devices, and the audience should see where it left them.
   */
  async follow(personaId: string): Promise<void> {
    const desk = this.#desks[personaId];
    await this.choose(personaId);
    // A desk made just now opens the devices' page itself.
    if (desk && desk.browser.isCurrent()) await desk.browser.resume();
  }

  async refreshWorkspaces(): Promise<void> {
    this.workspaces = await this.simulation.listWorkspaces();
  }

  destroy(): void {
    this.#unsubscribe();
    this.clock.destroy();
    for (const desk of Object.values(this.#desks)) {
      desk.browser.destroy();
      desk.inbox.destroy();
    }
  }

  #sync(): void {
    const workspace = this.simulation.workspace();
    const personas = this.simulation.personas();
    const changed = Object.values(this.#desks).some((desk) => !desk.browser.isCurrent()) || workspace.id !== this.workspace.id;
    if (changed) {
      for (const desk of Object.values(this.#desks)) {
        desk.browser.destroy();
        desk.inbox.destroy();
      }
      this.#desks = {};
      this.generation += 1;
    }
    this.workspace = workspace;
    this.templates = this.simulation.templates();
    this.storageWarning = this.simulation.storageWarning();
    this.personas = personas;
    this.language = this.simulation.language();
    // Who is on stage is this tab's choice: another tab choosing someone else leaves it. A new workspace, or a tab just
    // opened, starts with whoever was chosen last.
    const kept = !changed && personas.some((p) => p.id === this.currentPersonaId);
    const chosen = kept ? this.currentPersonaId : this.simulation.currentPersonaId();
    this.currentPersonaId = personas.some((p) => p.id === chosen) ? chosen : (personas[0]?.id ?? null);
    if (this.currentPersonaId) this.#ensureDesk(this.currentPersonaId);
    void this.refreshWorkspaces();
  }

  /** Sets the workspace's language; every open browser loads its page again, asking for its persona's language. */
  async setLanguage(language: Locale): Promise<void> {
    await this.simulation.setLanguage(language);
    await Promise.all(Object.values(this.#desks).map((desk) => desk.browser.reload()));
  }

  /** Sets a persona's own language (null: the workspace's); their browser loads its page again in it. */
  async setPersonaLanguage(personaId: string, language: Locale | null): Promise<void> {
    await this.simulation.setPersonaLanguage(personaId, language);
    await this.#desks[personaId]?.browser.reload();
  }

  #ensureDesk(personaId: string): void {
    if (this.#desks[personaId]) return;
    const persona = this.personas.find((p) => p.id === personaId);
    if (!persona) return;
    const browser = new VirtualBrowser(this.simulation, personaId);
    this.#desks = {
      ...this.#desks,
      [personaId]: {
        browser,
        inbox: new Inbox(this.simulation, persona),
        phone: new AuthenticatorPhone(this.simulation, personaId, this.clock, browser),
      },
    };
  }
}
