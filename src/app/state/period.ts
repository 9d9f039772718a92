// Owns payroll periods as the pages write them: "2026-03" (what the HRM's API takes) for a moment of world time, and
// "March 2026" for people.

const monthName = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** The period (year and month, in the viewer's zone) that `time` falls in: "2026-03". */
export function periodOf(time: number): string {
  const d = new Date(time);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** "2026-03" → "March 2026"; anything else is returned as it is. */
export function formatPeriod(period: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(period);
  if (!match) return period;
  const month = Number(match[2]);
  if (month < 1 || month > 12) return period;
  return monthName.format(Date.UTC(Number(match[1]), month - 1, 1));
}
