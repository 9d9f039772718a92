import { describe, expect, it } from 'vitest';
import { cookieContext, fetchSite, siteOf } from '../../../src/domain/fetch-metadata';

describe('siteOf', () => {
  it('is the scheme and registrable domain under the one-label .test suffix', () => {
    expect(siteOf('https://hrm.test')).toBe('https://hrm.test');
    expect(siteOf('https://www.hrm.test')).toBe('https://hrm.test');
    expect(siteOf('http://localhost:4173')).toBe('http://localhost');
    expect(siteOf('http://127.0.0.1:4173')).toBe('http://127.0.0.1');
  });
});

describe('fetchSite (Fetch Metadata §2.4)', () => {
  it('is none when no page started the request', () => {
    expect(fetchSite(null, ['https://hrm.test/api/security'])).toBe('none');
  });

  it('tells same-origin, same-site and cross-site apart: hrm.test and connect.test are different sites', () => {
    expect(fetchSite('https://hrm.test', ['https://hrm.test/api/me'])).toBe('same-origin');
    expect(fetchSite('https://www.hrm.test', ['https://hrm.test/api/me'])).toBe('same-site');
    expect(fetchSite('https://expense.test', ['https://hrm.test/api/me'])).toBe('cross-site');
    expect(fetchSite('https://hrm.test', ['https://connect.test/connect/authorize'])).toBe('cross-site');
  });

  it('is the weakest relation along a redirect chain', () => {
    expect(
      fetchSite('https://hrm.test', [
        'https://hrm.test/auth/login',
        'https://connect.test/connect/authorize',
        'https://hrm.test/auth/callback',
      ]),
    ).toBe('cross-site');
  });
});

describe('cookieContext', () => {
  it('lets Lax cookies go only with a cross-site top-level GET or HEAD navigation', () => {
    expect(cookieContext('cross-site', true, 'GET')).toEqual({ sameSite: false, topLevelSafeNavigation: true });
    expect(cookieContext('cross-site', true, 'POST')).toEqual({ sameSite: false, topLevelSafeNavigation: false });
    expect(cookieContext('cross-site', false, 'GET')).toEqual({ sameSite: false, topLevelSafeNavigation: false });
    expect(cookieContext('none', false, 'POST').sameSite).toBe(true);
    expect(cookieContext('same-site', false, 'DELETE').sameSite).toBe(true);
  });
});
