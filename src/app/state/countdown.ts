// Owns the countdown to the rollout's next phase change, read from the world clock: "Activation in 27 days 23 h" on
// the Rollout page, "Activation in 27 d 23 h" in the HRM admin's header. No runes here: tested in Node.
import type { RolloutPhase } from '../../contracts/hrm';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const PHASE_NAMES: Readonly<Record<RolloutPhase, string>> = {
  setup: 'Setup',
  preparation: 'Preparation',
  activation: 'Activation',
};

/** The time left, to the minute: "27 days 23 h", "5 h 12 min", "3 min"; `compact` shortens days to "d". */
export function timeLeft(ms: number, compact = false): string {
  const minutes = Math.max(0, Math.ceil(ms / MINUTE));
  const days = Math.floor(minutes / (DAY / MINUTE));
  const hours = Math.floor((minutes % (DAY / MINUTE)) / 60);
  const mins = minutes % 60;
  if (days > 0) return `${days} ${compact ? 'd' : days === 1 ? 'day' : 'days'}${hours > 0 ? ` ${hours} h` : ''}`;
  if (hours > 0) return `${hours} h${mins > 0 ? ` ${mins} min` : ''}`;
  return `${mins} min`;
}

/**
 * "Activation in 27 days 23 h" while the change is ahead; "Activation is due now" once the world clock has reached it
 * (the server applies it with the next event); null when nothing is scheduled.
 */
export function phaseCountdown(next: { at: number; phase: RolloutPhase } | null | undefined, now: number, compact = false): string | null {
  if (!next) return null;
  const name = PHASE_NAMES[next.phase];
  if (next.at <= now) return `${name} is due now`;
  return `${name} in ${timeLeft(next.at - now, compact)}`;
}
