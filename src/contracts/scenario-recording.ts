// Owns what the stage sees of a scenario recording (the simulation's control surface starts one): the steps so far,
// what could not be recorded, and the file it makes. The recorder itself is mocks/scenarios/recorder.ts.
import type { ScenarioFile } from './scenario';

/** A step as the file will hold it (an action of the vocabulary, by name and fields). */
export type RecordedStep = { action: string; persona?: string } & Record<string, unknown>;

/** Something a persona did that the scenario format has no action for: shown to the user, listed in the file. */
export interface RecordingGap {
  /** World time of the request. */
  at: number;
  persona: string;
  /** The request, as the x-ray shows it: "POST https://hrm.test/api/users/bulk-emails". */
  request: string;
  /** How many steps were recorded before it: it happened between steps[afterSteps - 1] and steps[afterSteps]. */
  afterSteps: number;
}

export interface ScenarioRecording {
  readonly recording: boolean;
  /** The recording stopped itself because one more step would not fit in a scenario file. */
  readonly full: boolean;
  /** World time recording began: the file's start time. */
  readonly startedAt: number;
  /** The steps so far, including mails opened but not yet part of a step and the clock's move since the last one. */
  steps(): RecordedStep[];
  gaps(): RecordingGap[];
  /** Ends the recording (idempotent). */
  stop(): void;
  /** The scenario file: the workspace's template and seed, the world time recording began, the steps; it validates. */
  scenario(meta?: { id?: string; title?: string }): ScenarioFile;
  /** Called whenever a step or a gap is recorded. */
  subscribe(listener: () => void): () => void;
}
