import { describe, expect, it } from 'vitest';
import { WorldClock } from '../../../mocks/runtime/world-clock';
import { ManualClock, type WorldClockState } from '../../../src/domain/clock';

function clockAt(world: number, real = new ManualClock(0)) {
  const saved: WorldClockState[] = [];
  const state: WorldClockState = { anchorWorld: world, anchorReal: real.now(), speed: 1, paused: true };
  return { clock: new WorldClock(state, real, async (s) => void saved.push(s)), saved, real };
}

describe('WorldClock timers', () => {
  it('a jump fires each timer it passes at its own moment, in time order, and ends at the target', async () => {
    const { clock } = clockAt(1_000);
    const fired: Array<[string, number]> = [];
    clock.set('b', 3_000, 'B', async () => void fired.push(['b', clock.now()]));
    clock.set('a', 2_000, 'A', async () => void fired.push(['a', clock.now()]));
    clock.set('c', 9_000, 'C', async () => void fired.push(['c', clock.now()]));
    expect(clock.nextEvent()).toEqual({ at: 2_000, label: 'A' });
    await clock.jumpTo(5_000);
    expect(fired).toEqual([
      ['a', 2_000],
      ['b', 3_000],
    ]);
    expect(clock.now()).toBe(5_000);
    expect(clock.nextEvent()).toEqual({ at: 9_000, label: 'C' });
  });

  it('a routine timer fires when the clock passes it, but "Next event" jumps past it to the next real event', async () => {
    const { clock } = clockAt(0);
    const fired: Array<[string, number]> = [];
    clock.set('nightly', 100, 'Nightly export', async () => void fired.push(['nightly', clock.now()]), { routine: true });
    clock.set('phase', 500, 'Activation', async () => void fired.push(['phase', clock.now()]));
    expect(clock.nextEvent()).toEqual({ at: 500, label: 'Activation' });
    await clock.jumpToNextEvent();
    expect(fired).toEqual([
      ['nightly', 100],
      ['phase', 500],
    ]);
    expect(clock.now()).toBe(500);
    clock.set('nightly', 600, 'Nightly export', async () => {}, { routine: true });
    expect(clock.nextEvent()).toBeNull();
  });

  it('a recurring routine timer fires once when a jump passes several of its periods, at the last of them', async () => {
    const { clock } = clockAt(0);
    const fired: number[] = [];
    const arm = (at: number) =>
      clock.set(
        'refresh',
        at,
        'Refresh',
        async () => {
          fired.push(clock.now());
          arm(clock.now() + 100);
        },
        { routine: true, period: 100 },
      );
    arm(100);
    await clock.jumpTo(1_050);
    expect(fired).toEqual([1_000]);
    await clock.advance(50);
    await clock.advance(100);
    expect(fired).toEqual([1_000, 1_100, 1_200]);
  });

  it('a timer set by a timer fires in the same jump when it is due by then', async () => {
    const { clock } = clockAt(0);
    const fired: number[] = [];
    clock.set('chain', 10, 'first', async () => {
      fired.push(clock.now());
      clock.set('chain', 20, 'second', async () => void fired.push(clock.now()));
    });
    await clock.advance(100);
    expect(fired).toEqual([10, 20]);
  });

  it('a timer already due fires at once; a cleared one never fires', async () => {
    const { clock } = clockAt(500);
    const fired: string[] = [];
    clock.set('late', 100, 'Late', async () => void fired.push('late'));
    clock.set('gone', 600, 'Gone', async () => void fired.push('gone'));
    clock.clear('gone');
    await clock.settled();
    expect(fired).toEqual(['late']);
    await clock.advance(1_000);
    expect(fired).toEqual(['late']);
  });

  it('"jump to next event" goes exactly there; a failing timer does not stop the clock', async () => {
    const { clock } = clockAt(0);
    clock.set('boom', 50, 'Boom', async () => {
      throw new Error('timer failed');
    });
    const errors = console.error;
    console.error = () => undefined;
    try {
      await clock.jumpToNextEvent();
    } finally {
      console.error = errors;
    }
    expect(clock.now()).toBe(50);
    expect(clock.nextEvent()).toBeNull();
    await clock.advance(10);
    expect(clock.now()).toBe(60);
  });

  it('refuses to move backwards and keeps its time', async () => {
    const { clock } = clockAt(1_000);
    await expect(clock.jumpTo(999)).rejects.toThrow(/only moves forward/);
    await expect(clock.advance(-1)).rejects.toThrow(/only moves forward/);
    expect(clock.now()).toBe(1_000);
  });

  it('while playing, wakes up in real time for the next timer', async () => {
    const real = new ManualClock(0);
    const pending: Array<{ at: number; run: () => void }> = [];
    const state: WorldClockState = { anchorWorld: 0, anchorReal: 0, speed: 60, paused: true };
    const clock = new WorldClock(state, real, async () => undefined, {
      setTimeout: (run, ms) => pending.push({ at: real.now() + ms, run }),
      clearTimeout: () => pending.splice(0),
    });
    const fired: number[] = [];
    clock.set('t', 60_000, 'T', async () => void fired.push(clock.now()));
    await clock.play(60);
    // One world minute at 60× is one real second.
    expect(pending.map((p) => p.at)).toEqual([1_000]);
    real.advance(1_000);
    pending.shift()!.run();
    await clock.settled();
    expect(fired).toEqual([60_000]);
  });
});

describe('WorldClock at the last world time', () => {
  const LAST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

  it('refuses a jump or an advance past 31 Dec 9999, naming the limit, and stays where it was', async () => {
    const { clock, saved } = clockAt(Date.UTC(2026, 2, 2));
    await expect(clock.jumpTo(8.64e15)).rejects.toThrow('The clock cannot go past 31 Dec 9999');
    await expect(clock.advance(8.64e15)).rejects.toThrow('The clock cannot go past 31 Dec 9999');
    await expect(clock.jumpTo(LAST + 1)).rejects.toThrow('The clock cannot go past 31 Dec 9999');
    expect(clock.now()).toBe(Date.UTC(2026, 2, 2));
    expect(saved).toEqual([]);
    await clock.jumpTo(LAST);
    expect(new Date(clock.now()).toISOString()).toBe('9999-12-31T23:59:59.999Z');
  });

  it('playing at speed stops at 31 Dec 9999 instead of reaching a date JavaScript cannot hold', async () => {
    const real = new ManualClock(0);
    const { clock } = clockAt(LAST - 1_000, real);
    await clock.play(600);
    real.advance(1e12);
    expect(clock.now()).toBe(LAST);
    expect(() => new Date(clock.now()).toISOString()).not.toThrow();
    await expect(clock.play(1)).rejects.toThrow('The clock cannot go past 31 Dec 9999');
    await clock.pause();
    expect(clock.state()).toMatchObject({ anchorWorld: LAST, paused: true });
    await expect(clock.advance(1)).rejects.toThrow('The clock cannot go past 31 Dec 9999');
  });
});
