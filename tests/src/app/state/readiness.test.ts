import { describe, expect, it } from 'vitest';
import { departmentFigures, linkedSeries, stateFigures, timeAxisLabels } from '../../../../src/app/state/readiness';

describe('readiness figures', () => {
  it('gives each link state its count and its share of the users who need an account', () => {
    const figures = stateFigures({ not_started: 15, code_sent: 3, link_sent: 2, linked: 7 }, 27);
    expect(figures.map((f) => [f.label, f.count])).toEqual([
      ['Not started', 15],
      ['Code sent', 3],
      ['Link sent', 2],
      ['Linked', 7],
    ]);
    expect(figures[3]!.share).toBeCloseTo(7 / 27);
  });

  it('counts no share when nobody needs an account', () => {
    expect(stateFigures({ not_started: 0, code_sent: 0, link_sent: 0, linked: 0 }, 0).every((f) => f.share === 0)).toBe(true);
  });

  it('puts a department’s pending codes and links together, Timeclock-only apart', () => {
    const [logistics] = departmentFigures([
      { department: 'Logistics', eligible: 4, timeclockOnly: 3, byState: { not_started: 1, code_sent: 1, link_sent: 1, linked: 1 } },
    ]);
    expect(logistics).toEqual({
      department: 'Logistics',
      eligible: 4,
      notStarted: 1,
      pending: 2,
      linked: 1,
      share: 0.25,
      timeclockOnly: 3,
    });
  });
});

describe('linked users over time', () => {
  it('is in time order with one point per moment, the last count of a moment winning', () => {
    const series = linkedSeries([
      { at: 3_000, linked: 2 },
      { at: 1_000, linked: 0 },
      { at: 2_000, linked: 1 },
      { at: 3_000, linked: 3 },
    ]);
    expect(series).toEqual([
      [1_000, 2_000, 3_000],
      [0, 1, 3],
    ]);
  });

  it('is recomputed from each new history rather than kept', () => {
    const history = [
      { at: 1_000, linked: 0 },
      { at: 2_000, linked: 1 },
    ];
    const first = linkedSeries(history);
    const later = linkedSeries([...history, { at: 5_000, linked: 4 }]);
    expect(first?.[0]).toEqual([1_000, 2_000]);
    expect(later?.[0]).toEqual([1_000, 2_000, 5_000]);
  });

  it('has nothing to draw with fewer than two moments (before preparation opens)', () => {
    expect(linkedSeries([])).toBeNull();
    expect(linkedSeries([{ at: 1_000, linked: 0 }])).toBeNull();
    expect(
      linkedSeries([
        { at: 1_000, linked: 0 },
        { at: 1_000, linked: 0 },
      ]),
    ).toBeNull();
  });
});

describe('time axis labels', () => {
  const noon = Date.UTC(2026, 2, 2, 12, 0);
  const HOUR = 3_600_000;

  it('writes the 24-hour time within a day, the date only under the first tick of the day', () => {
    const labels = timeAxisLabels([noon, noon + HOUR / 2], HOUR / 2);
    expect(labels[0]).toMatch(/^\d{2}:\d{2}\n\d{1,2} Mar$/);
    expect(labels[1]).toMatch(/^\d{2}:\d{2}$/);
  });

  it('writes only dates when ticks are days apart', () => {
    const labels = timeAxisLabels([noon, noon + 24 * HOUR], 24 * HOUR);
    expect(labels).toEqual([expect.stringMatching(/^\d{1,2} Mar$/), expect.stringMatching(/^\d{1,2} Mar$/)]);
    expect(labels[0]).not.toBe(labels[1]);
  });
});
