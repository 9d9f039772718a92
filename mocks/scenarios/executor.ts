// Owns running a scenario: its steps in order against a host (the headless runner's fresh workspace, or later the tab's
// live simulation), each action as the persona's pages would do it, each expectation read over HTTP, the world let
// settle between steps, and a report per step. Free of Node APIs: the browser's replay and trainer mode will reuse it.
import { CLOCK_ACTIONS, type ActionStep, type ExpectationStep, type Scenario, type ScenarioStep } from '../../src/contracts/scenario';
import type { Persona } from '../../src/contracts/simulation';
import { ACTIONS, type ActionAnswer, type RunContext } from './actions';
import { PersonaBrowser, ScenarioFailure } from './browser';
import { EXPECTATIONS, matches } from './expectations';
import type { ScenarioHost } from './host';

export type StepStatus = 'passed' | 'failed' | 'skipped';

export interface StepReport {
  /** 0-based, as in the file's steps[i]. */
  index: number;
  kind: 'action' | 'expect';
  /** The action or expectation's name. */
  name: string;
  persona: string | null;
  note: string | null;
  status: StepStatus;
  /** What happened (passed), or why not (failed, skipped). */
  detail: string;
}

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
  const personas = new Map(host.personas().map((p) => [p.id, p]));
  const errors = checkPersonas(scenario, personas);
  const report: ScenarioReport = { id: scenario.id, title: scenario.title, steps: [], passed: 0, failed: 0, skipped: 0, errors };
  if (errors.length > 0) return report;

  const browsers = new Map<string, PersonaBrowser>();
  const run: RunContext = {
    host,
    persona: (id) => personas.get(id)!,
    browser(id) {
      let browser = browsers.get(id);
      if (!browser) {
        browser = new PersonaBrowser(host, personas.get(id)!, host.devices(id));
        browsers.set(id, browser);
      }
      return browser;
    },
  };
  const memory = new Map<string, unknown>();
  let stopped: string | null = null;

  for (const [index, raw] of scenario.steps.entries()) {
    const kind = 'action' in raw ? 'action' : 'expect';
    const name = 'action' in raw ? raw.action : raw.expect;
    const base = { index, kind, name, persona: 'persona' in raw && raw.persona !== undefined ? raw.persona : null, note: raw.note ?? null } as const;
    let result: Pick<StepReport, 'status' | 'detail'>;
    if (stopped) {
      result = { status: 'skipped', detail: stopped };
    } else {
      let step: ScenarioStep;
      try {
        step = fillIn(raw, memory);
      } catch (error) {
        step = raw;
        result = { status: 'failed', detail: error instanceof Error ? error.message : String(error) };
      }
      result ??= kind === 'action' ? await runAction(step as ActionStep, run, memory) : await runExpectation(step as ExpectationStep, run);
      await host.settled();
      if (result.status === 'failed' && kind === 'action') stopped = `not run: step ${index} (${name}) failed`;
    }
    const stepReport: StepReport = { ...base, ...result };
    report.steps.push(stepReport);
    report[result.status]++;
    options.onStep?.(stepReport);
  }
  return report;
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
  if (step.expectError !== undefined) return { status: 'failed', detail: `expected the error ${step.expectError}, but it went through: ${summary}` };
  if (step.expectOutcome !== undefined && answer.outcome !== step.expectOutcome) {
    return { status: 'failed', detail: `expected the outcome ${step.expectOutcome}, got ${answer.outcome ?? 'none'}: ${summary}` };
  }
  if (step.expectResult !== undefined && !matches(step.expectResult, answer.result)) {
    return { status: 'failed', detail: `expected a result with ${JSON.stringify(step.expectResult)}, got ${JSON.stringify(answer.result)}` };
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
    const found = await (EXPECTATIONS[step.expect] as (s: ExpectationStep, r: RunContext) => ReturnType<(typeof EXPECTATIONS)['phase']>)(step, run);
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
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillIn(v, memory)])) as T;
  return value;
}

function valueAt(value: unknown, path: string): unknown {
  let at = value;
  for (const part of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}
