import { describe, expect, it } from 'vitest';
import {
  NO_SELECTION,
  SELECTION_LIMIT,
  ariaSort,
  bulkQuestion,
  filterOf,
  isSelected,
  jobPercent,
  nextSort,
  pageOffsets,
  pageState,
  queryFromSearch,
  rangeLabel,
  sameFilter,
  bulkDisabledReason,
  bulkTarget,
  defaultColumns,
  parseColumns,
  rowActions,
  selectionCount,
  selectionProblem,
  selectionRequest,
  skippedByReason,
  statusLabel,
  togglePage,
  toggleUser,
  type UserSelection,
} from '../../../../src/app/state/users-query';

describe('Users view paging', () => {
  it('names the range shown and the total, grouped as the server writes numbers', () => {
    expect(rangeLabel({ offset: 0, total: 17_000, shown: 50 })).toBe('1–50 of 17,000');
    expect(rangeLabel({ offset: 16_950, total: 17_000, shown: 50 })).toBe('16,951–17,000 of 17,000');
    expect(rangeLabel({ offset: 50, total: 73, shown: 23 })).toBe('51–73 of 73');
    expect(rangeLabel({ offset: 0, total: 0, shown: 0 })).toBe('No users');
    expect(rangeLabel({ offset: 0, total: 0, shown: 0 }, 'No recipients')).toBe('No recipients');
  });

  it('leads first/previous/next/last to their offsets, and nowhere at the ends', () => {
    expect(pageOffsets({ offset: 0, limit: 50, total: 17_000 })).toEqual({ first: null, prev: null, next: 50, last: 16_950 });
    expect(pageOffsets({ offset: 100, limit: 50, total: 17_000 })).toEqual({ first: 0, prev: 50, next: 150, last: 16_950 });
    expect(pageOffsets({ offset: 16_950, limit: 50, total: 17_000 })).toEqual({ first: 0, prev: 16_900, next: null, last: null });
    expect(pageOffsets({ offset: 0, limit: 50, total: 50 })).toEqual({ first: null, prev: null, next: null, last: null });
    expect(pageOffsets({ offset: 0, limit: 50, total: 51 }).last).toBe(50);
    expect(pageOffsets({ offset: 0, limit: 50, total: 0 })).toEqual({ first: null, prev: null, next: null, last: null });
  });
});

describe('Users view sorting', () => {
  it('turns the direction on the same column and starts another column ascending', () => {
    expect(nextSort({ sort: 'name', dir: 'asc' }, 'name')).toEqual({ sort: 'name', dir: 'desc' });
    expect(nextSort({ sort: 'name', dir: 'desc' }, 'name')).toEqual({ sort: 'name', dir: 'asc' });
    expect(nextSort({ sort: 'name', dir: 'desc' }, 'lastLogin')).toEqual({ sort: 'lastLogin', dir: 'asc' });
  });

  it('marks only the sorted column for assistive technology', () => {
    expect(ariaSort({ sort: 'status', dir: 'desc' }, 'status')).toBe('descending');
    expect(ariaSort({ sort: 'status', dir: 'asc' }, 'status')).toBe('ascending');
    expect(ariaSort({ sort: 'status', dir: 'asc' }, 'name')).toBe('none');
  });
});

describe('Users view query', () => {
  it('reads the filter, sort and direction a Users address names, and ignores what the server would refuse', () => {
    expect(queryFromSearch('?status=not_linked&q=%20sara%20&department=Finance&sort=lastLogin&dir=desc')).toEqual({
      sort: 'lastLogin',
      dir: 'desc',
      offset: 0,
      limit: 50,
      q: 'sara',
      status: 'not_linked',
      department: 'Finance',
    });
    expect(queryFromSearch('?status=unknown&sort=salary&dir=up')).toEqual({ sort: 'name', dir: 'asc', offset: 0, limit: 50 });
  });

  it('keeps only who a query is about for "all matching the filter"', () => {
    expect(filterOf({ q: '  ', status: 'all', department: '', sort: 'name', offset: 100 })).toEqual({});
    expect(filterOf({ q: ' sara ', status: 'not_linked', department: 'Finance', dir: 'desc' })).toEqual({
      q: 'sara',
      status: 'not_linked',
      department: 'Finance',
    });
  });

  it('sees paging and sorting as the same users, a new search or status as others', () => {
    expect(sameFilter({ q: 'sara', offset: 0 }, { q: 'sara ', offset: 50, sort: 'status' })).toBe(true);
    expect(sameFilter({ status: 'all' }, {})).toBe(true);
    expect(sameFilter({ q: 'sara' }, { q: 'sar' })).toBe(false);
    expect(sameFilter({ status: 'linked' }, { status: 'not_linked' })).toBe(false);
  });

  it('shows Timeclock-only users as such whatever their link state (R11)', () => {
    expect(statusLabel({ state: 'not_started', timeclockOnly: true })).toBe('Timeclock-only');
    expect(statusLabel({ state: 'link_sent', timeclockOnly: false })).toBe('Link sent');
  });
});

describe('Users view selection', () => {
  const page = ['a', 'b', 'c'];

  it('ticks and unticks users one by one, across pages', () => {
    let selection: UserSelection = NO_SELECTION;
    selection = toggleUser(selection, 'a', page);
    selection = toggleUser(selection, 'z', ['z']);
    expect(selectionCount(selection, 1000)).toBe(2);
    expect(pageState(selection, page)).toBe('some');
    selection = toggleUser(selection, 'a', page);
    expect(isSelected(selection, 'a')).toBe(false);
    expect(selectionRequest(selection, {})).toEqual({ userIds: ['z'] });
  });

  it('"select this page" ticks the whole page, and unticks it when it already was', () => {
    const some = toggleUser(NO_SELECTION, 'a', page);
    const all = togglePage(some, page);
    expect(pageState(all, page)).toBe('all');
    expect(selectionCount(all, 99)).toBe(3);
    const none = togglePage(all, page);
    expect(pageState(none, page)).toBe('none');
    expect(pageState(NO_SELECTION, [])).toBe('none');
  });

  it('"all matching the filter" counts the total and sends the filter, not ids', () => {
    const matching: UserSelection = { mode: 'matching' };
    expect(selectionCount(matching, 17_000)).toBe(17_000);
    expect(pageState(matching, page)).toBe('all');
    expect(selectionRequest(matching, { q: 'ek', status: 'not_linked', offset: 50, sort: 'name' })).toEqual({
      filter: { q: 'ek', status: 'not_linked' },
    });
    // Unticking one of them leaves the rest of the page chosen; unticking the page clears everything.
    expect(selectionRequest(toggleUser(matching, 'b', page), {})).toEqual({ userIds: ['a', 'c'] });
    expect(togglePage(matching, page)).toEqual(NO_SELECTION);
  });

  it('says when more users are ticked than one request may carry', () => {
    const ids = new Set(Array.from({ length: SELECTION_LIMIT + 1 }, (_, i) => `u${i}`));
    expect(selectionProblem({ mode: 'ids', ids })).toMatch(/at most 5,000 users/);
    expect(selectionProblem({ mode: 'matching' })).toBeNull();
  });

  it('asks before sending, naming how many users get a mail', () => {
    expect(bulkQuestion('verification_link', 1234)).toBe('Send verification emails to 1,234 users?');
    expect(bulkQuestion('reminder', 1)).toBe('Send a reminder to 1 user?');
  });
});

describe('mail job figures', () => {
  it('lists skipped recipients by reason, the most frequent first', () => {
    expect(skippedByReason({ 'already linked': 12, 'Timeclock-only: needs no account': 40, 'no email address': 12, gone: 0 })).toEqual([
      { reason: 'Timeclock-only: needs no account', count: 40 },
      { reason: 'already linked', count: 12 },
      { reason: 'no email address', count: 12 },
    ]);
  });

  it('reads progress as a share of the recipients', () => {
    expect(jobPercent({ processed: 0, total: 17_000 })).toBe(0);
    expect(jobPercent({ processed: 8_500, total: 17_000 })).toBe(50);
    expect(jobPercent({ processed: 0, total: 0 })).toBe(100);
  });
});

describe('Users view bulk buttons with nobody ticked', () => {
  it('mail everyone matching the filter, so "Select all N matching" is not a required step', () => {
    expect(bulkTarget(NO_SELECTION, 73)).toEqual({ count: 73, everyone: true });
    expect(selectionRequest(NO_SELECTION, { status: 'not_linked', offset: 50 })).toEqual({ filter: { status: 'not_linked' } });
    const one = toggleUser(NO_SELECTION, 'a', ['a']);
    expect(bulkTarget(one, 73)).toEqual({ count: 1, everyone: false });
    expect(bulkTarget({ mode: 'matching' }, 73)).toEqual({ count: 73, everyone: true });
  });

  it('say why they cannot be used: nobody matches, too many ticked, or a job starting', () => {
    expect(bulkDisabledReason({ selection: NO_SELECTION, total: 5, busy: false })).toBeNull();
    expect(bulkDisabledReason({ selection: NO_SELECTION, total: 0, busy: false })).toMatch(/^No users match this filter/);
    const ids = new Set(Array.from({ length: SELECTION_LIMIT + 1 }, (_, i) => `u${i}`));
    expect(bulkDisabledReason({ selection: { mode: 'ids', ids }, total: 9_000, busy: false })).toMatch(/at most 5,000/);
    expect(bulkDisabledReason({ selection: NO_SELECTION, total: 5, busy: true })).toMatch(/Starting/);
  });
});

describe('Users view columns', () => {
  it('show Status, Connect email, User ID and Last login by default, employments and roles only when chosen', () => {
    expect(defaultColumns()).toEqual(['status', 'connectEmail', 'loginId', 'lastLogin']);
    expect(parseColumns(null)).toEqual(defaultColumns());
  });

  it('read back a remembered choice in table order, dropping what no longer exists', () => {
    expect(parseColumns('roles,status,gone')).toEqual(['status', 'roles']);
    // Every column hidden (Name stays) is a choice too; only an unreadable value falls back to the default.
    expect(parseColumns('')).toEqual([]);
    expect(parseColumns('gone,other')).toEqual(defaultColumns());
  });
});

describe('Users view row actions', () => {
  it('offer mail only to users it can reach', () => {
    expect(rowActions({ state: 'not_started', timeclockOnly: false })).toEqual(['details', 'verification_link', 'reminder']);
    expect(rowActions({ state: 'code_sent', timeclockOnly: false })).toEqual(['details', 'verification_link', 'reminder']);
    expect(rowActions({ state: 'linked', timeclockOnly: false })).toEqual(['details']);
    expect(rowActions({ state: 'not_started', timeclockOnly: true })).toEqual(['details']);
  });
});
