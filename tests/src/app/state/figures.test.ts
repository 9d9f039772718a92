import { describe, expect, it } from 'vitest';
import { formatMoney, formatPercent, shareOf } from '../../../../src/app/state/figures';

describe('figures', () => {
  it('takes a share of nothing as 0', () => {
    expect(shareOf(3, 0)).toBe(0);
    expect(shareOf(1, 4)).toBe(0.25);
  });

  it('never rounds a share up to 100% or down to 0% before it is', () => {
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0.457)).toBe('45.7%');
    expect(formatPercent(99_999 / 100_000)).toBe('99.9%');
    expect(formatPercent(1 / 100_000)).toBe('<0.1%');
  });

  it('writes amounts in whole kronor, the currency kept on the amount’s line', () => {
    expect(formatMoney(1_234_567)).toBe('SEK\u00a01,234,567');
    expect(formatMoney(0)).toBe('SEK\u00a00');
  });
});
