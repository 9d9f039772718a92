import { describe, expect, it } from 'vitest';
import { pageRange } from '../../../../src/app/state/paging';

describe('page range', () => {
  it('shows the first page with only Next', () => {
    expect(pageRange(0, 50, 120)).toEqual({ first: 1, last: 50, total: 120, previous: null, next: 50 });
  });

  it('shows the last, partial page with only Previous', () => {
    expect(pageRange(100, 50, 120)).toEqual({ first: 101, last: 120, total: 120, previous: 50, next: null });
  });

  it('shows nothing for an empty result', () => {
    expect(pageRange(0, 50, 0)).toEqual({ first: 0, last: 0, total: 0, previous: null, next: null });
  });

  it('goes back to the start from an offset that is not a multiple of the limit', () => {
    expect(pageRange(20, 50, 120).previous).toBe(0);
  });
});
