import { describe, expect, it } from 'vitest';
import { CookieJar } from '../../../src/domain/cookie-jar';

describe('CookieJar', () => {
  it('sends a cookie only to the host that set it', () => {
    const jar = new CookieJar();
    jar.apply('https://hrm.test/api/session', [{ name: 'hrm_session', value: 'abc', path: '/' }], 0);
    expect(jar.header('https://hrm.test/my-profile', 0)).toBe('hrm_session=abc');
    expect(jar.header('https://connect.test/account', 0)).toBe('');
  });

  it('expires cookies on world time and deletes on Max-Age 0', () => {
    const jar = new CookieJar();
    jar.apply('https://hrm.test/', [{ name: 's', value: '1', maxAge: 60 }], 1_000);
    expect(jar.header('https://hrm.test/', 60_999)).toBe('s=1');
    expect(jar.header('https://hrm.test/', 61_000)).toBe('');
    jar.apply('https://hrm.test/', [{ name: 't', value: '2' }], 0);
    expect(jar.header('https://hrm.test/', 0)).toBe('s=1; t=2');
    jar.apply('https://hrm.test/', [{ name: 't', value: '', maxAge: 0 }], 0);
    expect(jar.header('https://hrm.test/', 0)).toBe('s=1');
  });

  it('round-trips through JSON (persisted per persona)', () => {
    const jar = new CookieJar();
    jar.apply('https://connect.test/', [{ name: 'connect_session', value: 'x', path: '/' }], 0);
    expect(new CookieJar(JSON.parse(JSON.stringify(jar))).header('https://connect.test/account', 0)).toBe('connect_session=x');
  });
});

describe('CookieJar SameSite (RFC 6265bis §5.6.7)', () => {
  const crossSite = (topLevelSafeNavigation: boolean) => ({ sameSite: false, topLevelSafeNavigation });

  function jarWithEveryKind(): CookieJar {
    const jar = new CookieJar();
    jar.apply(
      'https://hrm.test/',
      [
        { name: 'strict', value: '1', sameSite: 'Strict' },
        { name: 'lax', value: '2', sameSite: 'Lax' },
        { name: 'none', value: '3', sameSite: 'None' },
        { name: 'unsaid', value: '4' },
      ],
      0,
    );
    return jar;
  }

  it('sends every cookie on a same-site request', () => {
    expect(jarWithEveryKind().header('https://hrm.test/', 0, { sameSite: true, topLevelSafeNavigation: false })).toBe(
      'strict=1; lax=2; none=3; unsaid=4',
    );
  });

  it('sends only SameSite=None cookies on a cross-site fetch or form post', () => {
    expect(jarWithEveryKind().header('https://hrm.test/', 0, crossSite(false))).toBe('none=3');
  });

  it('adds Lax cookies (and those set without SameSite, Lax by default) on a cross-site top-level GET navigation, never Strict ones', () => {
    expect(jarWithEveryKind().header('https://hrm.test/', 0, crossSite(true))).toBe('lax=2; none=3; unsaid=4');
  });

  it('keeps the attribute through JSON, and reads cookies saved without it as Lax', () => {
    const saved = JSON.parse(JSON.stringify(jarWithEveryKind())) as Array<{ name: string; sameSite?: string }>;
    expect(saved.map((c) => [c.name, c.sameSite])).toEqual([
      ['strict', 'Strict'],
      ['lax', 'Lax'],
      ['none', 'None'],
      ['unsaid', 'Lax'],
    ]);
    const older = new CookieJar([{ host: 'hrm.test', name: 'old', value: '5', path: '/', expiresAt: null }]);
    expect(older.header('https://hrm.test/', 0, crossSite(false))).toBe('');
    expect(older.header('https://hrm.test/', 0, crossSite(true))).toBe('old=5');
  });
});
