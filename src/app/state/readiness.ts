// Owns what the readiness dashboard computes from the HRM's Readiness: users by link state with their shares, each
// department's figures, and the chart's series of linked users over world time with its time axis labels.
import type { DepartmentReadiness, Readiness, UserLinkState } from '../../contracts/hrm';
import { shareOf } from './figures';
import { LINK_STATES } from './labels';
import { LINK_STATE_LABELS } from './users-query';

export interface StateFigure {
  state: UserLinkState;
  label: string;
  count: number;
  /** Of the users who need an account (R11: the Timeclock-only are not among them). */
  share: number;
}

export function stateFigures(byState: Readonly<Record<UserLinkState, number>>, eligible: number): StateFigure[] {
  return LINK_STATES.map((state) => ({
    state,
    label: LINK_STATE_LABELS[state],
    count: byState[state],
    share: shareOf(byState[state], eligible),
  }));
}

export interface DepartmentFigure {
  department: string;
  eligible: number;
  notStarted: number;
  /** A code or a link is out and not used yet. */
  pending: number;
  linked: number;
  share: number;
  timeclockOnly: number;
}

export function departmentFigures(departments: readonly DepartmentReadiness[]): DepartmentFigure[] {
  return departments.map((d) => ({
    department: d.department,
    eligible: d.eligible,
    notStarted: d.byState.not_started,
    pending: d.byState.code_sent + d.byState.link_sent,
    linked: d.byState.linked,
    share: shareOf(d.byState.linked, d.eligible),
    timeclockOnly: d.timeclockOnly,
  }));
}

/** uPlot's aligned data: world times (epoch ms) and the users linked at each. */
export type LinkedSeries = [at: number[], linked: number[]];

/**
 * The chart's series from Readiness.history: in time order, one point per moment (the last count of a moment wins).
 * Null when there are fewer than two moments, which a line over time cannot show (e.g. before preparation opens).
 */
export function linkedSeries(history: Readiness['history']): LinkedSeries | null {
  const points = [...history].sort((a, b) => a.at - b.at);
  const at: number[] = [];
  const linked: number[] = [];
  for (const point of points) {
    if (at.length > 0 && at[at.length - 1] === point.at) linked[linked.length - 1] = point.linked;
    else {
      at.push(point.at);
      linked.push(point.linked);
    }
  }
  return at.length < 2 ? null : [at, linked];
}

const DAY = 86_400_000;
const axisDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' });
const axisTime = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/**
 * The time axis's labels, 24-hour like the clock bar, in the viewer's zone: "2 Mar" when ticks are days apart;
 * "08:30" within a day, with the date under the first tick of each day.
 */
export function timeAxisLabels(ticks: readonly number[], increment: number): string[] {
  if (increment >= DAY) return ticks.map((t) => axisDay.format(t));
  let shownDay = '';
  return ticks.map((t) => {
    const day = axisDay.format(t);
    const time = axisTime.format(t);
    if (day === shownDay) return time;
    shownDay = day;
    return `${time}\n${day}`;
  });
}
