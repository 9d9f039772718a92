// Owns what the page's recovery screen may ask of a simulation that could not start: the workspaces there are, each
// exported or deleted without starting its servers, and a fresh demo workspace to start instead.
import type { WorkspaceFile } from './simulation';

/** Why the simulation could not start: in the user's words, and the browser's own text for the details. */
export interface RecoveryProblem {
  message: string;
  detail: string;
}

export interface RecoveryWorkspace {
  id: string;
  name: string;
  createdAt: number;
  /** The workspace the simulation was opening when it failed. */
  current: boolean;
  /** Roughly how much of the browser's storage it takes, in bytes; null when it could not be read at all. */
  approximateBytes: number | null;
}

export interface RecoveryControl {
  readonly problem: RecoveryProblem;
  /** How `approximateBytes` is measured, in a sentence for the screen. */
  readonly sizeMeasure: string;
  listWorkspaces(): Promise<RecoveryWorkspace[]>;
  /** The workspace's file, read from its databases as they are: its servers are not started. */
  exportWorkspace(id: string): Promise<WorkspaceFile>;
  deleteWorkspace(id: string): Promise<void>;
  /** Creates a fresh demo workspace under a new id and starts the simulation with it; the page then starts anew. */
  openDemo(): Promise<void>;
  /** Starts the simulation again as it was (after a workspace was deleted, or storage freed); the page then starts anew. */
  retry(): Promise<void>;
}

/** How a recovery screen's sizes are measured (the simulation's recovery state measures them so). */
export const SIZE_MEASURE =
  'Sizes are approximate: each table’s rows are counted and multiplied by the size of its first rows written out as text.';

export type RecoveryCallName = 'listWorkspaces' | 'exportWorkspace' | 'deleteWorkspace' | 'openDemo' | 'retry';
