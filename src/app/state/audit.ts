// Owns the audit log's filters as the Audit log page holds them: the entry types in an administrator's words, the
// query read from the page's address (?type, ?userId, ?q, ?from, ?to) and the one the filter form makes.
import type { AuditEntryType, AuditQuery, BulkEmailKind } from '../../contracts/hrm';
import { fromDateTimeLocal, toDateTimeLocal } from './format';

export const AUDIT_TYPE_LABELS: Readonly<Record<AuditEntryType, string>> = {
  login: 'Logged in',
  login_failed: 'Login failed',
  logout: 'Logged out',
  code_sent: 'Verification code sent',
  code_incorrect: 'Wrong verification code',
  linked: 'Linked to Connect',
  link_failed: 'Linking failed',
  unlinked: 'Connection removed',
  unlink_notification_failed: 'Unlink notice not sent',
  connect_email_changed: 'Connect email changed',
  verification_link_sent: 'Verification email sent',
  reminder_sent: 'Reminder sent',
  announcement_sent: 'Announcement sent',
  bulk_email: 'Bulk email',
  import_applied: 'Import applied',
  security_changed: 'Allowed domains changed',
  schedule_changed: 'Schedule changed',
  preparation_started: 'Preparation started',
  activated: 'Activation',
  temporary_measures_changed: 'Temporary measures changed',
  temporary_measure_ended: 'Temporary measure ended',
  migration_complete: 'Migration complete',
  payroll_run: 'Payroll run',
};

export const AUDIT_TYPES = Object.keys(AUDIT_TYPE_LABELS) as AuditEntryType[];

/** The entry type under which each recipient of a bulk job of this kind is listed. */
export const RECIPIENT_TYPE: Readonly<Record<BulkEmailKind, AuditEntryType>> = {
  verification_link: 'verification_link_sent',
  reminder: 'reminder_sent',
  announcement: 'announcement_sent',
};

/** What the filter form holds: datetime-local values for the range, "" for no filter. */
export interface AuditFilterInputs {
  type: AuditEntryType | '';
  q: string;
  from: string;
  to: string;
  userId: string;
}

const MINUTE = 60_000;

function timeParam(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

/** The query the page's address asks for (the server rendered the first page from the same parameters). */
export function auditQueryFromSearch(search: URLSearchParams): AuditQuery {
  const query: AuditQuery = {};
  const type = search.get('type');
  if (type && (AUDIT_TYPES as string[]).includes(type)) query.type = type as AuditEntryType;
  const userId = search.get('userId');
  if (userId) query.userId = userId;
  const q = search.get('q')?.trim();
  if (q) query.q = q;
  const from = timeParam(search.get('from'));
  if (from !== undefined) query.from = from;
  const to = timeParam(search.get('to'));
  if (to !== undefined) query.to = to;
  return query;
}

export function filterInputs(query: AuditQuery): AuditFilterInputs {
  return {
    type: query.type ?? '',
    q: query.q ?? '',
    from: query.from === undefined ? '' : toDateTimeLocal(query.from),
    to: query.to === undefined ? '' : toDateTimeLocal(query.to),
    userId: query.userId ?? '',
  };
}

/** The form's query. "To" is a minute on the clock and includes that whole minute. */
export function auditQueryOf(inputs: AuditFilterInputs): AuditQuery {
  const query: AuditQuery = {};
  if (inputs.type) query.type = inputs.type;
  if (inputs.userId) query.userId = inputs.userId;
  const q = inputs.q.trim();
  if (q) query.q = q;
  const from = fromDateTimeLocal(inputs.from);
  if (!Number.isNaN(from)) query.from = from;
  const to = fromDateTimeLocal(inputs.to);
  if (!Number.isNaN(to)) query.to = to + MINUTE - 1;
  return query;
}
