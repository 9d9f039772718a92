// Owns the readiness dashboard's figures ("Can we see which employees have verified their email?"; R8,
// R11): users by link state overall and by department, Timeclock-only users apart, users who sign in through the
// organisation's identity provider apart (R22: an email, no password), linked users over world time, and how many would
// be locked out if activation happened now. One pass over the directory, kept until it changes.
import { rolloutPhase } from '../../../machines/rollout';
import type { DepartmentReadiness, Readiness, UserLinkState } from '../../../src/contracts/hrm';
import { json } from '../../shared/http';
import { isTimeclockOnlyUser, primaryDepartment, userState, type Directory } from './directory';
import { now, type HrmEnv } from './env';
import { requireAdmin } from './signed-in';
import { ssoProviderName } from './sso-login';
import { loadRollout, loadTenant } from './store';

/** At most this many points in the history: enough for a chart, few enough for 100,000 users. */
export const HISTORY_POINTS = 240;

const noStates = (): Record<UserLinkState, number> => ({ not_started: 0, code_sent: 0, link_sent: 0, linked: 0 });

type Figures = Omit<Readiness, 'phase' | 'activationAt' | 'history' | 'sso'> & {
  linkedTimes: number[];
  /** Users with an external reference (single sign-on), by state. */
  ssoUsers: number;
  ssoByState: Record<UserLinkState, number>;
};

const cache = new WeakMap<Directory, { version: number; figures: Figures }>();

function figuresOf(directory: Directory): Figures {
  const cached = cache.get(directory);
  if (cached && cached.version === directory.version) return cached.figures;
  const byState = noStates();
  const departments = new Map<string, DepartmentReadiness>();
  const linkedTimes: number[] = [];
  let total = 0;
  let timeclockOnly = 0;
  let ssoUsers = 0;
  const ssoByState = noStates();
  for (const user of directory.all()) {
    total++;
    // R11: counted under their department, but apart from those who need an account.
    const name = primaryDepartment(user) || 'No department';
    let department = departments.get(name);
    if (!department) departments.set(name, (department = { department: name, eligible: 0, timeclockOnly: 0, byState: noStates() }));
    if (isTimeclockOnlyUser(user)) {
      timeclockOnly++;
      department.timeclockOnly++;
      continue;
    }
    const state = userState(user);
    byState[state]++;
    if (user.externalReference !== undefined) {
      ssoUsers++;
      ssoByState[state]++;
    }
    department.eligible++;
    department.byState[state]++;
    if (state === 'linked' && user.link?.context.linkedAt != null) linkedTimes.push(user.link.context.linkedAt);
  }
  linkedTimes.sort((a, b) => a - b);
  const eligible = total - timeclockOnly;
  const figures: Figures = {
    total,
    timeclockOnly,
    eligible,
    byState,
    linkedShare: eligible === 0 ? 0 : byState.linked / eligible,
    byDepartment: [...departments.values()].sort((a, b) => b.eligible - a.eligible || a.department.localeCompare(b.department)),
    lockedOut: eligible - byState.linked,
    linkedTimes,
    ssoUsers,
    ssoByState,
  };
  cache.set(directory, { version: directory.version, figures });
  return figures;
}

/** Linked users over time as a step series, thinned to HISTORY_POINTS, from `since` (or the first link) to `until`. */
export function linkedHistory(linkedTimes: readonly number[], since: number | null, until: number): Array<{ at: number; linked: number }> {
  const points: Array<{ at: number; linked: number }> = [];
  const start = since ?? linkedTimes[0] ?? until;
  points.push({ at: Math.min(start, until), linked: linkedTimes.filter((t) => t <= start).length });
  const n = linkedTimes.length;
  const stride = Math.max(1, Math.ceil(n / HISTORY_POINTS));
  for (let i = stride - 1; i < n; i += stride) {
    const at = linkedTimes[i]!;
    if (at <= start) continue;
    // Every user linked at the same moment counts in that point.
    let count = i + 1;
    while (count < n && linkedTimes[count] === at) count++;
    if (points[points.length - 1]!.at === at) points[points.length - 1]!.linked = count;
    else points.push({ at, linked: count });
  }
  if (points[points.length - 1]!.at < until) points.push({ at: until, linked: n });
  else points[points.length - 1]!.linked = n;
  return points;
}

export async function readiness(env: HrmEnv): Promise<Readiness> {
  const directory = await env.directory();
  const rollout = await loadRollout(env.db);
  const { linkedTimes, ssoUsers, ssoByState, ...figures } = figuresOf(directory);
  const { sso } = await loadTenant(env.db);
  return {
    ...figures,
    sso: sso ? { providerName: ssoProviderName(sso), users: ssoUsers, byState: ssoByState } : null,
    phase: rolloutPhase(rollout),
    activationAt: rollout.context.activationAt,
    history: linkedHistory(linkedTimes, rollout.context.preparationStartedAt, now(env)),
  };
}

/** GET /api/readiness → Readiness. */
export async function getReadiness(env: HrmEnv, request: Request): Promise<Response> {
  await requireAdmin(env, request);
  return json<Readiness>(await readiness(env));
}
