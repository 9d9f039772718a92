import { describe, expect, it } from 'vitest';
import { mailToOpen, READING_GRACE_MS } from '../../../../src/app/state/new-mail';

const listing = (...ids: string[]) => ids.map((id) => ({ id }));

describe('mailToOpen: the inbox opens the newest mail that arrives', () => {
  it('opens the newest arrival while the inbox is on screen', () => {
    expect(mailToOpen(new Set(['a']), listing('c', 'b', 'a'), true, Infinity)).toBe('c');
  });

  it('opens nothing on the first listing, when nothing arrived, or when the inbox is off screen', () => {
    expect(mailToOpen(null, listing('a'), true, Infinity)).toBeNull();
    expect(mailToOpen(new Set(['a']), listing('a'), true, Infinity)).toBeNull();
    expect(mailToOpen(new Set(['a']), listing('b', 'a'), false, Infinity)).toBeNull();
  });

  it('leaves the reader on a mail they opened by hand moments ago, and opens arrivals again after', () => {
    expect(mailToOpen(new Set(['a']), listing('b', 'a'), true, READING_GRACE_MS - 1)).toBeNull();
    expect(mailToOpen(new Set(['a']), listing('b', 'a'), true, READING_GRACE_MS)).toBe('b');
  });
});
