// Owns running a scenario: its steps in order against a host (the headless runner's fresh workspace, or the tab's live
// simulation), each action as the persona's pages would do it, each expectation read over HTTP, the world let settle
// between steps, and a report per step. Free of Node APIs: the browser's replay and trainer mode step through it too.
import { CLOCK_ACTIONS, type ActionStep, type ExpectationStep, type Scenario, type ScenarioStep } from '../../src/contracts/scenario';
import type { StepReport } from '../../src/contracts/scenario-replay';
import type { Persona } from '../../src/contracts/simulation';
import { ACTIONS, type ActionAnswer, type RunContext } from './actions';
import { PersonaBrowser, ScenarioFailure, type ShownPage } from './browser';
import { EXPECTATIONS, matches } from './expectations';
import type { ScenarioHost } from './host';

export type { StepReport, StepStatus } from '../../src/contracts/scenario-replay';

export interface ScenarioReport {
  id: string;
  title: string;
  steps: StepReport[];
  passed: number;
  failed: number;
  skipped: number;
  /** Problems found before any step ran (a persona the workspace does not have). */
  errors: string[];
}

export interface RunOptions {
  /** Told each step's report as soon as it is known (the CLI prints it; the stage will highlight it). */
  onStep?: (report: StepReport) => void;
}

/** Runs every step; an action that goes wrong stops the run (what follows would act on a world it did not expect). */
export async function runScenario(scenario: Scenario, host: ScenarioHost, options: RunOptions = {}): Promise<ScenarioReport> {
  const session = new ScenarioSession(scenario, host);
  const report: ScenarioReport = {
    id: scenario.id,
    title: scenario.title,
    steps: [],
    passed: 0,
    failed: 0,
    skipped: 0,
    errors: session.errors,
  };
  if (session.errors.length > 0) return report;
  while (!session.finished) {
    const stepReport = await session.step();
    report.steps.push(stepReport);
    report[stepReport.status]++;
    options.onStep?.(stepReport);
  }
  return report;
}

/**
 * The executor's own state between two steps: which step is next, what earlier steps remembered, whether a failed
 * action stopped the run, and the page each persona's browser shows. With a checkpoint of the databases taken at the
 * same moment, it is everything needed to run the scenario on from there again.
 */
export interface SessionMark {
  readonly next: number;
  readonly memory: ReadonlyMap<string, unknown>;
  readonly stopped: string | null;
  readonly pages: ReadonlyMap<string, Pick<PersonaBrowser, 'current' | 'changePassword'>>;
}

/**
 * A scenario run one step at a time (the headless runner loops over it; the tab's replay and trainer mode step it by
 * hand and go back with `rewind`). The workspace must already be the scenario's: template, seed and start time.
 */
export class ScenarioSession {
  /** Problems found before any step runs (a persona the workspace does not have): nothing runs while there are any. */
  readonly errors: string[];
  #next = 0;
  #stopped: string | null = null;
  #memory = new Map<string, unknown>();
  #browsers = new Map<string, PersonaBrowser>();
  readonly #personas: Map<string, Persona>;
  readonly #run: RunContext;
  readonly #host: ScenarioHost;

  constructor(
    readonly scenario: Scenario,
    host: ScenarioHost,
  ) {
    this.#host = host;
    this.#personas = new Map(host.personas().map((p) => [p.id, p]));
    this.errors = checkPersonas(scenario, this.#personas);
    const self = this;
    this.#run = {
      host,
      persona: (id) => self.#personas.get(id)!,
      browser: (id) => self.#browser(id),
    };
  }

  /** The index of the step `step()` runs next; the number of steps once finished. */
  get next(): number {
    return this.#next;
  }

  get finished(): boolean {
    return this.#next >= this.scenario.steps.length;
  }

  /** What the persona's scenario browser shows now (null before it opened a page). */
  page(personaId: string): ShownPage | null {
    return this.#browsers.get(personaId)?.current ?? null;
  }

  /** Runs the next step, lets the world settle, and reports it; a step after a failed action is reported as not run. */
  async step(): Promise<StepReport> {
    if (this.errors.length > 0) throw new Error(`The scenario cannot run here: ${this.errors.join('; ')}`);
    if (this.finished) throw new Error(`The scenario has ${this.scenario.steps.length} steps and all of them ran`);
    const index = this.#next;
    const raw = this.scenario.steps[index]!;
    const kind = 'action' in raw ? 'action' : 'expect';
    const name = 'action' in raw ? raw.action : raw.expect;
    const base = {
      index,
      kind,
      name,
      persona: 'persona' in raw && raw.persona !== undefined ? raw.persona : null,
      note: raw.note ?? null,
    } as const;
    let result: Pick<StepReport, 'status' | 'detail'> | undefined;
    if (this.#stopped) {
      result = { status: 'skipped', detail: this.#stopped };
    } else {
      let step: ScenarioStep = raw;
      try {
        step = fillIn(raw, this.#memory);
      } catch (error) {
        result = { status: 'failed', detail: error instanceof Error ? error.message : String(error) };
      }
      result ??=
        kind === 'action'
          ? await runAction(step as ActionStep, this.#run, this.#memory)
          : await runExpectation(step as ExpectationStep, this.#run);
      await this.#host.settled();
      if (result.status === 'failed' && kind === 'action') this.#stopped = `not run: step ${index} (${name}) failed`;
    }
    this.#next = index + 1;
    return { ...base, ...result };
  }

  /** The executor's state now, to come back to with `rewind`. */
  mark(): SessionMark {
    const pages = new Map([...this.#browsers].map(([id, b]) => [id, { current: b.current, changePassword: b.changePassword }] as const));
    return { next: this.#next, memory: new Map(this.#memory), stopped: this.#stopped, pages };
  }

  /**
   * Back to a mark, once the databases and devices are back where they were then (a checkpoint restored): the
   * personas' browsers are made anew over the host's devices now, showing the pages they showed at the mark.
   */
  rewind(mark: SessionMark): void {
    this.#next = mark.next;
    this.#memory = new Map(mark.memory);
    this.#stopped = mark.stopped;
    this.#browsers = new Map();
    for (const [id, page] of mark.pages) {
      const browser = this.#browser(id);
      browser.current = page.current;
      browser.changePassword = page.changePassword;
    }
  }

  #browser(id: string): PersonaBrowser {
    let browser = this.#browsers.get(id);
    if (!browser) {
      browser = new PersonaBrowser(this.#host, this.#personas.get(id)!, this.#host.devices(id));
      this.#browsers.set(id, browser);
    }
    return browser;
  }
}

async function runAction(step: ActionStep, run: RunContext, memory: Map<string, unknown>): Promise<Pick<StepReport, 'status' | 'detail'>> {
  let answer: ActionAnswer;
  try {
    answer = await (ACTIONS[step.action] as (s: ActionStep, r: RunContext) => Promise<ActionAnswer>)(step, run);
  } catch (error) {
    const code = error instanceof ScenarioFailure ? error.code : 'error';
    const message = error instanceof Error ? error.message : String(error);
    if (step.expectError === undefined) return { status: 'failed', detail: `${code}: ${message}` };
    if (code === step.expectError) return { status: 'passed', detail: `failed as expected with ${code}: ${message}` };
    return { status: 'failed', detail: `expected the error ${step.expectError}, got ${code}: ${message}` };
  }
  const summary = answer.summary ?? answer.outcome ?? 'done';
  if (step.expectError !== undefined)
    return { status: 'failed', detail: `expected the error ${step.expectError}, but it went through: ${summary}` };
  if (step.expectOutcome !== undefined && answer.outcome !== step.expectOutcome) {
    return { status: 'failed', detail: `expected the outcome ${step.expectOutcome}, got ${answer.outcome ?? 'none'}: ${summary}` };
  }
  if (step.expectResult !== undefined && !matches(step.expectResult, answer.result)) {
    return {
      status: 'failed',
      detail: `expected a result with ${JSON.stringify(step.expectResult)}, got ${JSON.stringify(answer.result)}`,
    };
  }
  for (const [name, path] of Object.entries(step.remember ?? {})) {
    const value = valueAt(answer.result, path);
    if (value === undefined) return { status: 'failed', detail: `remember.${name}: the result has nothing at “${path}”` };
    memory.set(name, value);
  }
  return { status: 'passed', detail: summary };
}

async function runExpectation(step: ExpectationStep, run: RunContext): Promise<Pick<StepReport, 'status' | 'detail'>> {
  try {
    const found = await (EXPECTATIONS[step.expect] as (s: ExpectationStep, r: RunContext) => ReturnType<(typeof EXPECTATIONS)['phase']>)(
      step,
      run,
    );
    if (found.mismatches.length === 0) return { status: 'passed', detail: found.seen };
    return { status: 'failed', detail: `${found.mismatches.join('; ')} (saw ${found.seen})` };
  } catch (error) {
    const code = error instanceof ScenarioFailure ? `${error.code}: ` : '';
    return { status: 'failed', detail: `could not look: ${code}${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Every persona a step names must be one of the workspace's. */
function checkPersonas(scenario: Scenario, personas: Map<string, Persona>): string[] {
  const known = [...personas.keys()].join(', ');
  return scenario.steps.flatMap((step, i) => {
    if ('action' in step && CLOCK_ACTIONS.includes(step.action)) return [];
    const persona = 'persona' in step ? step.persona : undefined;
    if (persona === undefined || personas.has(persona)) return [];
    return [`steps[${i}].persona: no persona “${persona}” in template ${scenario.workspace.template} (${known})`];
  });
}

/** The step with every {{name}} in its text replaced by what an earlier step remembered. */
function fillIn<T>(value: T, memory: Map<string, unknown>): T {
  if (typeof value === 'string') {
    return value.replace(/\{\{([\w.-]+)\}\}/g, (_, name: string) => {
      if (!memory.has(name)) throw new ScenarioFailure('unknown_name', `{{${name}}}: no earlier step remembered “${name}”`);
      const remembered = memory.get(name);
      return typeof remembered === 'string' ? remembered : JSON.stringify(remembered);
    }) as T;
  }
  if (Array.isArray(value)) return value.map((v) => fillIn(v, memory)) as T;
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillIn(v, memory)])) as T;
  return value;
}

/** A field of the result by its dotted path; only the result's own fields, never what objects inherit ("constructor"). */
function valueAt(value: unknown, path: string): unknown {
  let at = value;
  for (const part of path.split('.')) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, part)) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}
