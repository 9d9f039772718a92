// The admin console's page helpers: when a secret or certificate is shown as expiring (within 30 days of world time)
// or expired, and the redirect URI box telling a server's problem back as the URI it is about.
import { describe, expect, it } from 'vitest';
import { expiryLabel, expiryState } from '../../../../src/app/routes/idp/console/expiry';
import { redirectUriError, urisOf } from '../../../../src/app/routes/idp/console/redirect-uris';
import { DAY } from '../../../../src/domain/clock';

const NOW = Date.UTC(2027, 0, 15, 12);

describe('expiry on the world clock', () => {
  it('is valid beyond 30 days, a warning within them, and expired from the moment itself', () => {
    expect([expiryState(NOW + 31 * DAY, NOW), expiryLabel(NOW + 31 * DAY, NOW)]).toEqual(['valid', '']);
    expect([expiryState(NOW + 30 * DAY, NOW), expiryLabel(NOW + 30 * DAY, NOW)]).toEqual(['expiring', 'Expires in 30 days']);
    expect(expiryLabel(NOW + DAY - 1, NOW)).toBe('Expires tomorrow');
    expect([expiryState(NOW, NOW), expiryLabel(NOW, NOW)]).toEqual(['expired', 'Expired']);
    expect(expiryState(NOW - DAY, NOW)).toBe('expired');
  });
});

describe('the redirect URI box', () => {
  it('takes one URI a line, leaving blank lines out', () => {
    expect(urisOf(' https://a.test/cb \n\n  \nhttp://localhost:8080/cb\n')).toEqual(['https://a.test/cb', 'http://localhost:8080/cb']);
  });

  it('names the URI a problem is about, and leaves other fields’ problems to the form', () => {
    const uris = ['https://a.test/cb', 'http://b.test/cb'];
    const problem = (field?: string) => ({ status: 400, title: 'Bad Request', code: 'redirect_uri_invalid', message: 'Use https.', field });
    expect(redirectUriError(problem('redirectUris.1'), uris)).toBe('“http://b.test/cb”: Use https.');
    expect(redirectUriError(problem('redirectUris'), uris)).toBe('Use https.');
    expect(redirectUriError(problem('redirectUris.0'), [])).toBe('Use https.');
    expect(redirectUriError(problem('name'), uris)).toBeNull();
    expect(redirectUriError(problem(), uris)).toBeNull();
  });
});
