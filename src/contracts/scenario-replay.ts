// Owns what the stage sees of a scenario replayed in the tab (trainer mode): the built-in catalogue, a run over the live
// workspace stepped by hand, each step's report, and the page the acting persona's browser ended on. Part of the
// simulation's control surface (H2): steps act over the in-tab network, as the persona's pages do.
import type { Scenario } from './scenario';
import type { PageBody, ProblemBody } from './wire';

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

/** A page as a persona's scenario browser shows it: its final URL and the server's page, or the error page. */
export interface ShownPage {
  url: string;
  status: number;
  page: PageBody | null;
  problem: ProblemBody | null;
}

/** One step's outcome in the tab: its report, and what the acting persona's browser shows after it. */
export interface ReplayedStep {
  report: StepReport;
  /** The page on show in the acting persona's browser after the step; null for clock steps and before any page. */
  shown: ShownPage | null;
}

/** A scenario running in the live workspace, one step at a time. */
export interface ScenarioRun {
  readonly scenario: Scenario;
  /** The index of the step `step()` runs next; the number of steps once all ran. */
  readonly next: number;
  /** Runs the next step and lets the world settle. */
  step(): Promise<ReplayedStep>;
  /**
   * Back (or forward) to just before step `index`, a position this run stood at, once the live workspace is back at a
   * checkpoint taken there: the run's own state (remembered values, the pages its browsers show, whether a failed
   * action stopped it) as it was then.
   */
  rewind(index: number): void;
}

export interface ScenarioReplayControl {
  /** The built-in scenarios (each shows rules of docs/rules.md), in the order trainers meet them. */
  catalogue(): readonly Scenario[];
  /**
   * Creates the scenario's workspace (its template, seed and start time) and makes it the live one, replacing the
   * workspace an earlier replay of the same scenario made; then a run over it, before its first step. A persona the
   * template lacks is refused here, naming the step.
   */
  start(scenario: Scenario): Promise<ScenarioRun>;
}
