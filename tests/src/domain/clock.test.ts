import { describe, expect, it } from 'vitest';
import { advanceClock, jumpClockTo, pauseClock, playClock, worldTimeAt, type WorldClockState } from '../../../src/domain/clock';

const start: WorldClockState = { anchorWorld: 1_000_000, anchorReal: 0, speed: 1, paused: true };

describe('world clock', () => {
  it('stands still while paused', () => {
    expect(worldTimeAt(start, 50_000)).toBe(1_000_000);
  });

  it('runs at the chosen speed while playing, from the moment play was pressed', () => {
    const playing = playClock(start, 10_000, 60);
    expect(worldTimeAt(playing, 10_000)).toBe(1_000_000);
    expect(worldTimeAt(playing, 11_000)).toBe(1_060_000);
  });

  it('keeps the world time reached when paused again', () => {
    const playing = playClock(start, 0, 10);
    const paused = pauseClock(playing, 2_000);
    expect(worldTimeAt(paused, 99_000)).toBe(1_020_000);
  });

  it('jumps forward by a duration and to a date, never backwards', () => {
    expect(worldTimeAt(advanceClock(start, 0, 30 * 60_000), 0)).toBe(1_000_000 + 30 * 60_000);
    expect(worldTimeAt(jumpClockTo(start, 0, 5_000_000), 0)).toBe(5_000_000);
    expect(() => jumpClockTo(start, 0, 999_999)).toThrow(/only moves forward/);
    expect(() => advanceClock(start, 0, -1)).toThrow(/only moves forward/);
    expect(() => playClock(start, 0, 0)).toThrow(/positive/);
  });
});
