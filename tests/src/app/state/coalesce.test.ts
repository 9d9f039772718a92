import { describe, expect, it } from 'vitest';
import { Coalesced } from '../../../../src/app/state/coalesce';

describe('coalesced refresh', () => {
  it('folds the asks that come during a run into one more run after it', async () => {
    let runs = 0;
    let release: () => void = () => {};
    const refresh = new Coalesced(async () => {
      runs++;
      if (runs === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    const first = refresh.run();
    const second = refresh.run();
    const third = refresh.run();
    release();
    await Promise.all([first, second, third]);
    expect(runs).toBe(2);
  });

  it('runs again when asked after a run has finished', async () => {
    let runs = 0;
    const refresh = new Coalesced(async () => {
      runs++;
    });
    await refresh.run();
    await refresh.run();
    expect(runs).toBe(2);
  });
});
