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
