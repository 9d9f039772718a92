// Owns the headless host of a scenario: a fresh workspace from the scenario's template, seed and start time, a world
// clock that moves only when a step moves it, and each persona's devices kept in memory. Uses IndexedDB through Dexie
// like the tab: Node supplies fake-indexeddb (the CLI and vitest load it), a browser its own.
import { CookieJar } from '../../src/domain/cookie-jar';
import { ManualClock } from '../../src/domain/clock';
import { emptyPasskeyDevices, type Persona, type PersonaDevices } from '../../src/contracts/simulation';
import type { Scenario } from '../../src/contracts/scenario';
import { Workspace } from '../runtime/workspace';
import { templateSource } from '../templates';
import type { ScenarioHost } from './host';
import { systemClock } from '../../src/platform/system-clock';

/** The page origin headless passkeys are bound to: what WebAuthn would see if the tab were served there. */
export const HEADLESS_PAGE_ORIGIN = 'https://rehearsal.example';

export interface HeadlessHost extends ScenarioHost {
  readonly workspace: Workspace;
  /** Writes each persona's browser (history, cookies, passkeys) and phone to the world database, as the tab does. */
  saveDevices(): Promise<void>;
  close(): Promise<void>;
}

let counter = 0;

export async function createHeadlessHost(scenario: Scenario, options: { workspaceId?: string } = {}): Promise<HeadlessHost> {
  const source = templateSource(scenario.workspace.template);
  if (!source) throw new Error(`workspace.template: no template “${scenario.workspace.template}”`);
  const built = source.build(scenario.workspace.seed);
  const template = scenario.workspace.startAt ? { ...built, startsAt: Date.parse(scenario.workspace.startAt) } : built;
  const workspace = await Workspace.create(template, scenario.workspace.seed, {
    id: options.workspaceId ?? `scenario-${scenario.id}-${++counter}`,
    // The real clock stands still: world time moves only with the scenario's clock steps.
    realClock: new ManualClock(0),
    // Libraries the servers use (oauth4webapi) read the machine's clock; the workspace tells them the world's skew.
    libraryClock: systemClock,
    pageOrigin: HEADLESS_PAGE_ORIGIN,
  });
  const personas: Persona[] = await workspace.world.personas.orderBy('order').toArray();
  // The phones the workspace starts with (an authenticator enrolled at the organisation's identity provider long ago).
  const phones = new Map((await workspace.world.phones.toArray()).map((p) => [p.personaId, p]));
  const devices = new Map<string, PersonaDevices>();
  return {
    workspace,
    network: workspace.network,
    clock: workspace.clock,
    pageOrigin: HEADLESS_PAGE_ORIGIN,
    personas: () => personas.map((p) => ({ ...p, mailboxes: [...p.mailboxes] })),
    timeclock: () => source.timeclock ?? null,
    devices(personaId) {
      let found = devices.get(personaId);
      if (!found) {
        found = {
          jar: new CookieJar(),
          browser: { history: [], index: -1 },
          phone: {
            accounts: (phones.get(personaId)?.accounts ?? []).map((a) => ({ ...a })),
            clockOffsetSeconds: phones.get(personaId)?.clockOffsetSeconds ?? 0,
          },
          passkeys: emptyPasskeyDevices(),
        };
        devices.set(personaId, found);
      }
      return found;
    },
    settled: () => workspace.settled(),
    async saveDevices() {
      const world = workspace.world;
      await world.transaction('rw', world.browsers, world.phones, async () => {
        for (const [personaId, d] of devices) {
          await world.browsers.put({
            personaId,
            history: [...d.browser.history],
            index: d.browser.index,
            cookies: d.jar.toJSON(),
            passkeys: { authenticator: d.passkeys.authenticator, sandbox: d.passkeys.sandbox.map((c) => ({ ...c })) },
          });
          await world.phones.put({
            personaId,
            accounts: d.phone.accounts.map((a) => ({ ...a })),
            clockOffsetSeconds: d.phone.clockOffsetSeconds,
          });
        }
      });
    },
    close: () => workspace.close(),
  };
}
