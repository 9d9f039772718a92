// Owns how the stage is laid out for the screen it is on: the personas as cards or an avatar strip (remembered in the
// real browser), the browser and the inbox side by side or as tabs on a narrow screen, and the "Start here" panel —
// shown on a workspace nobody has used yet, until it is hidden (remembered per workspace in the real browser's
// localStorage, not in the workspace: it is the viewer's choice, like large text).
import { readPreference, writePreference } from '../../platform/preferences';

export { isUnused, twoFactorInPlay } from './stage-signals';

/** Below this width the browser and the inbox share the space as tabs, and the personas are a strip above them. */
export const NARROW_QUERY = '(max-width: 1099px)';
/** Up to this width (a 1280 or 1366 projector) the personas start as an avatar strip. */
const COLLAPSED_BY_DEFAULT_UP_TO = 1366;

const PERSONAS_COLLAPSED = 'personas-collapsed';
const startHiddenKey = (workspaceId: string) => `start-hidden/${workspaceId}`;

/** A step of "Start here" that puts a persona on stage. */
export interface StartStep {
  /** The persona's name ("Anna Svensson"); the button uses the first name. */
  name: string;
  run: () => Promise<void>;
}

export type StageTab = 'browser' | 'inbox';

export class StageLayout {
  personasCollapsed = $state(false);
  narrow = $state(false);
  tab = $state<StageTab>('browser');
  /** Whether the "Start here" panel is on show for the live workspace. */
  startShown = $state(false);

  #workspaceId = '';
  readonly #media: MediaQueryList | null;
  readonly #onMedia = (event: MediaQueryListEvent) => (this.narrow = event.matches);

  constructor() {
    const stored = readPreference(PERSONAS_COLLAPSED);
    const width = globalThis.innerWidth ?? Infinity;
    this.personasCollapsed = stored === null ? width <= COLLAPSED_BY_DEFAULT_UP_TO : stored === 'on';
    this.#media = globalThis.matchMedia?.(NARROW_QUERY) ?? null;
    this.narrow = this.#media?.matches ?? false;
    this.#media?.addEventListener('change', this.#onMedia);
  }

  togglePersonas(): void {
    this.personasCollapsed = !this.personasCollapsed;
    writePreference(PERSONAS_COLLAPSED, this.personasCollapsed ? 'on' : 'off');
  }

  /**
   * A workspace came on stage (the tab opened, or another workspace was created or switched to): the start shows if it
   * is unused and the viewer has not hidden it for this workspace. The same workspace again (a reset, another tab
   * taking over the simulation) keeps what is on show.
   */
  workspaceShown(workspaceId: string, unused: boolean): void {
    if (workspaceId === this.#workspaceId) return;
    this.#workspaceId = workspaceId;
    this.startShown = unused && readPreference(startHiddenKey(workspaceId)) !== 'on';
  }

  hideStart(): void {
    this.startShown = false;
    if (this.#workspaceId) writePreference(startHiddenKey(this.#workspaceId), 'on');
  }

  showStart(): void {
    this.startShown = true;
    this.tab = 'browser';
    if (this.#workspaceId) writePreference(startHiddenKey(this.#workspaceId), 'off');
  }

  destroy(): void {
    this.#media?.removeEventListener('change', this.#onMedia);
  }
}
