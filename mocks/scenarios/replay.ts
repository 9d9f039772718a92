// Owns scenario replay in the tab (trainer mode): the scenario's workspace made the live one, a ScenarioHost over the
// live Simulation (its network, clock, personas and devices, the page origin, the moment the world is still), and a
// run stepped by hand that can go back to before any step it ran. Loaded on first use (Simulation.scenarios()).
import { parseScenario, type Scenario } from '../../src/contracts/scenario';
import type { ReplayedStep, ScenarioReplayControl, ScenarioRun } from '../../src/contracts/scenario-replay';
import type { SimulationControl } from '../../src/contracts/simulation';
import { CATALOGUE } from './catalogue';
import { ScenarioSession, type SessionMark } from './executor';
import type { ScenarioHost } from './host';

/** The workspace id a scenario replays in: one per scenario, so replaying it again replaces the last replay's. */
export function scenarioWorkspaceId(scenario: Scenario): string {
  return `scenario-${scenario.id}`;
}

export function scenarioReplay(simulation: SimulationControl): ScenarioReplayControl {
  return {
    catalogue: () => CATALOGUE,
    start: (scenario) => startScenario(simulation, scenario),
  };
}

/** The live simulation as a scenario's host. Devices are asked for at each use: a checkpoint restore replaces them. */
export function liveScenarioHost(simulation: SimulationControl): ScenarioHost {
  const pageOrigin = simulation.pageOrigin;
  if (!pageOrigin) throw new Error('This simulation has no page origin, which passkey steps are bound to');
  return {
    network: simulation.network,
    clock: simulation.clock,
    pageOrigin,
    personas: () => simulation.personas(),
    devices: (personaId) => simulation.devices(personaId),
    timeclock: () => simulation.templates().find((t) => t.id === simulation.workspace().templateId)?.timeclock ?? null,
    settled: () => simulation.settled(),
  };
}

async function startScenario(simulation: SimulationControl, given: Scenario): Promise<ScenarioRun> {
  // The control surface is reachable from the console too: what it is handed is checked as a file would be.
  const checked = parseScenario(given);
  if (!checked.ok) throw new Error(checked.errors.join('\n'));
  const scenario = checked.scenario;
  const host = liveScenarioHost(simulation);
  const { template, seed, startAt } = scenario.workspace;
  if (!simulation.templates().some((t) => t.id === template)) {
    throw new Error(
      `workspace.template: no template “${template}” (${simulation
        .templates()
        .map((t) => t.id)
        .join(', ')})`,
    );
  }
  await simulation.createWorkspace({
    id: scenarioWorkspaceId(scenario),
    name: `Scenario: ${scenario.title}`,
    templateId: template,
    seed,
    ...(startAt ? { startAt: Date.parse(startAt) } : {}),
  });
  const session = new ScenarioSession(scenario, host);
  if (session.errors.length > 0) throw new Error(session.errors.join('\n'));
  return new LiveRun(simulation, session);
}

class LiveRun implements ScenarioRun {
  /**
   * The run's state at each position it reached, by the index of the step next from there. Kept when the run goes back,
   * so a checkpoint further on can still be returned to; a step run again overwrites the position after it.
   */
  readonly #marks = new Map<number, SessionMark>();
  readonly #simulation: SimulationControl;
  readonly #session: ScenarioSession;

  constructor(simulation: SimulationControl, session: ScenarioSession) {
    this.#simulation = simulation;
    this.#session = session;
    this.#marks.set(session.next, session.mark());
  }

  get scenario(): Scenario {
    return this.#session.scenario;
  }

  get next(): number {
    return this.#session.next;
  }

  async step(): Promise<ReplayedStep> {
    const report = await this.#session.step();
    this.#marks.set(this.#session.next, this.#session.mark());
    const persona = report.persona;
    if (persona) {
      // As the stage's browser saves after each navigation: a reload of the tab resumes on the page the step left.
      await this.#simulation.saveDevices(persona);
      await this.#simulation.savePhone(persona);
    }
    return { report, shown: persona ? this.#session.page(persona) : null };
  }

  rewind(index: number): void {
    const mark = this.#marks.get(index);
    if (!mark) throw new Error(`This replay never stood before step ${index + 1}, so there is nothing to go back to`);
    this.#session.rewind(mark);
  }
}
