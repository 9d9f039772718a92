import { describe, expect, it } from 'vitest';
import { phaseCountdown, timeLeft } from '../../../../src/app/state/countdown';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('phaseCountdown: the time to the next phase from the world clock', () => {
  it('counts days and hours to activation, shorter in the header', () => {
    const next = { at: 28 * DAY, phase: 'activation' as const };
    expect(phaseCountdown(next, 1 * HOUR)).toBe('Activation in 27 days 23 h');
    expect(phaseCountdown(next, 1 * HOUR, true)).toBe('Activation in 27 d 23 h');
    expect(phaseCountdown({ at: DAY + 2 * HOUR, phase: 'preparation' }, 0)).toBe('Preparation in 1 day 2 h');
  });

  it('counts hours and minutes on the last day, rounding up to the minute', () => {
    expect(timeLeft(5 * HOUR + 12 * MIN)).toBe('5 h 12 min');
    expect(timeLeft(3 * HOUR)).toBe('3 h');
    expect(timeLeft(2 * MIN + 1)).toBe('3 min');
    expect(timeLeft(2 * DAY)).toBe('2 days');
  });

  it('says when the change is due, and nothing when none is scheduled', () => {
    expect(phaseCountdown({ at: 10, phase: 'activation' }, 10)).toBe('Activation is due now');
    expect(phaseCountdown(null, 0)).toBeNull();
    expect(phaseCountdown(undefined, 0)).toBeNull();
  });
});
