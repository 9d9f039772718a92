// Owns the words the admin pages use for the HRM's codes: link states, the Users view's status filter and import
// outcomes, as an administrator reads them.
import type { ImportOutcome, UserLinkState, UserStatusFilter } from '../../contracts/hrm';

export const LINK_STATE_LABELS: Readonly<Record<UserLinkState, string>> = {
  not_started: 'Not started',
  code_sent: 'Code sent',
  link_sent: 'Link sent',
  linked: 'Linked',
};

export const LINK_STATES = Object.keys(LINK_STATE_LABELS) as UserLinkState[];

export const USER_STATUS_LABELS: Readonly<Record<UserStatusFilter, string>> = {
  all: 'All users',
  not_linked: 'Not linked',
  ...LINK_STATE_LABELS,
  timeclock_only: 'Timeclock-only',
};

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
