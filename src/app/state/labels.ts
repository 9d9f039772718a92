// Owns the words the admin pages use for import outcomes, and the link states in their order (their words are the
// Users view's, users-query.ts).
import type { ImportOutcome, UserLinkState } from '../../contracts/hrm';
import { LINK_STATE_LABELS } from './users-query';

export const LINK_STATES = Object.keys(LINK_STATE_LABELS) as UserLinkState[];

export const IMPORT_OUTCOME_LABELS: Readonly<Record<ImportOutcome, string>> = {
  update: 'Will update',
  unchanged: 'Unchanged',
  rejected: 'Rejected',
};

export const IMPORT_OUTCOMES = Object.keys(IMPORT_OUTCOME_LABELS) as ImportOutcome[];

/** An applied import's "update" rows have been updated. */
export function importOutcomeLabel(outcome: ImportOutcome, applied: boolean): string {
  return applied && outcome === 'update' ? 'Updated' : IMPORT_OUTCOME_LABELS[outcome];
}
