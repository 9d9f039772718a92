// A return address (`return_to`) sends the browser back to a path on the server it came from, never to another host
// and never into a server error, however it is spelled.
import { describe, expect } from 'vitest';
import { ORIGINS } from '../../src/contracts/origins';
import { MAX_RETURN_TO_LENGTH, safeReturnTo } from '../../mocks/shared/return-to';
import { it } from '../support/world-test';
import { signIn } from '../mocks/hrm/support';
import { body } from '../support/api';

const HOSTILE: [string, string][] = [
  ['a tab between two slashes', '/\t/evil.test/phish'],
  ['a newline between two slashes', '/\n/evil.test'],
  ['a carriage return between two slashes', '/\r/evil.test'],
  ['an ideographic full stop', '/。/evil.test'],
  ['a fullwidth solidus', '/／evil.test'],
  ['a protocol-relative address', '//evil.test'],
  ['a slash and a backslash', '/\\evil.test'],
  ['a backslash later in the path', '/ok\\..\\..\\evil.test'],
  ['an absolute URL of another host', 'https://evil.test'],
  ['an absolute URL of the same host', 'https://hrm.test/my-profile'],
  ['a javascript: URL', 'javascript:alert(1)'],
  ['a data: URL', 'data:text/html,<script>alert(1)</script>'],
  ['percent-encoded slashes', '%2F%2Fevil.test'],
  ['an encoded second slash', '/%2Fevil.test'],
  ['an encoded backslash', '/%5Cevil.test'],
  ['an encoded tab', '/%09/evil.test'],
  ['a malformed percent-escape', '/%E0%A4%A'],
  ['a relative path', 'my-profile'],
  ['a space', '/my profile'],
  ['a NUL', '/my-profile\u0000'],
  ['a value longer than any address', `/${'a'.repeat(MAX_RETURN_TO_LENGTH)}`],
  ['five million characters', `/${'a'.repeat(5_000_000)}`],
  ['nothing', ''],
];

describe('safeReturnTo', () => {
  it.each(HOSTILE)('falls back to the default page for %s', (_, value) => {
    expect(safeReturnTo(value, ORIGINS.hrm)).toBe('/');
    expect(safeReturnTo(value, ORIGINS.connect, '/account')).toBe('/account');
  });

  it('falls back for no value at all', () => {
    expect(safeReturnTo(null, ORIGINS.hrm)).toBe('/');
    expect(safeReturnTo(undefined, ORIGINS.hrm)).toBe('/');
  });

  it.each([
    ['/my-profile', '/my-profile'],
    ['/my-profile?tab=connect#link', '/my-profile?tab=connect#link'],
    ['/admin/users?q=Sm%C3%A5land', '/admin/users?q=Sm%C3%A5land'],
    ['/a/../my-profile', '/my-profile'],
  ])('keeps the path %s on the same host', (value, expected) => {
    expect(safeReturnTo(value, ORIGINS.hrm)).toBe(expected);
  });
});

describe('GET https://hrm.test/login?return_to=… for a signed-in browser', () => {
  it.for([
    ['%2F%09%2Fevil.test%2Fphish'],
    ['/%E3%80%82/evil.test'],
    ['%2F%2Fevil.test'],
    ['%2F%5Cevil.test'],
    ['https%3A%2F%2Fevil.test'],
    ['javascript%3Aalert(1)'],
  ])('return_to=%s ends on the HRM start page', async ([encoded], { world }) => {
    const browser = await signIn(world, world.template.people[0]!.key);
    const result = await browser.navigate(`${ORIGINS.hrm}/login?return_to=${encoded}`);
    expect(result.hops.map((h) => h.status)).not.toContain(500);
    expect(new URL(result.url).origin).toBe(ORIGINS.hrm);
    expect(new URL(result.url).pathname).toBe('/');
    expect(result.outcome.kind).toBe('page');
  });

  it('a path on the HRM is where the browser ends', async ({ world }) => {
    const browser = await signIn(world, world.template.people[0]!.key);
    const result = await browser.navigate(`${ORIGINS.hrm}/login?return_to=${encodeURIComponent('/my-profile')}`);
    expect(result.url).toBe(`${ORIGINS.hrm}/my-profile`);
  });
});

describe('the sign-in APIs answer only same-host return addresses', () => {
  it('the HRM login API answers the start page for a tab-smuggled host', async ({ world }) => {
    const p = world.template.people[0]!;
    const response = await world
      .browser()
      .api(`${ORIGINS.hrm}/api/session?return_to=%2F%09%2Fevil.test`, { body: { loginId: p.loginId, password: p.password } });
    expect(response.status).toBe(200);
    expect(await body<{ redirectTo: string }>(response)).toEqual({ redirectTo: '/' });
  });
});
