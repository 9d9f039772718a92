import { describe, expect, it } from 'vitest';
import { formatPeriod, periodOf } from '../../../../src/app/state/period';

describe('payroll periods', () => {
  it('gives the year and month a moment falls in', () => {
    // Mid-month, so the viewer's zone cannot move it to another month.
    expect(periodOf(Date.UTC(2026, 2, 15, 12))).toBe('2026-03');
    expect(periodOf(Date.UTC(2026, 11, 15, 12))).toBe('2026-12');
  });

  it('names a period for people and leaves anything else as it is', () => {
    expect(formatPeriod('2026-03')).toBe('March 2026');
    expect(formatPeriod('2026-13')).toBe('2026-13');
    expect(formatPeriod('March')).toBe('March');
  });
});
