import { describe, expect, it } from 'vitest';
import { AUDIT_TYPE_LABELS, auditQueryFromSearch, auditQueryOf, filterInputs } from '../../../../src/app/state/audit';
import { toDateTimeLocal } from '../../../../src/app/state/format';

const at = Date.UTC(2026, 2, 2, 8, 0, 0);

describe('audit log filters', () => {
  it('reads the query the page was opened with, leaving out what it does not know', () => {
    const search = new URLSearchParams({ userId: 'usr_1', type: 'verification_link_sent', q: ' anna ', from: String(at), to: 'soon' });
    expect(auditQueryFromSearch(search)).toEqual({ userId: 'usr_1', type: 'verification_link_sent', q: 'anna', from: at });
    expect(auditQueryFromSearch(new URLSearchParams({ type: 'coffee_break' }))).toEqual({});
  });

  it('makes the query of the form, the “to” minute included whole', () => {
    const minute = toDateTimeLocal(at);
    expect(auditQueryOf({ type: 'import_applied', q: '', from: minute, to: minute, userId: '' })).toEqual({
      type: 'import_applied',
      from: at,
      to: at + 59_999,
    });
    expect(auditQueryOf({ type: '', q: '  ', from: '', to: '', userId: '' })).toEqual({});
  });

  it('shows a query in the form', () => {
    expect(filterInputs({ userId: 'usr_1', q: 'anna', from: at })).toEqual({
      type: '',
      q: 'anna',
      from: toDateTimeLocal(at),
      to: '',
      userId: 'usr_1',
    });
  });

  it('has words for every entry type', () => {
    expect(Object.values(AUDIT_TYPE_LABELS).every((label) => label.length > 0)).toBe(true);
    expect(AUDIT_TYPE_LABELS.verification_link_sent).toBe('Verification email sent');
  });
});
