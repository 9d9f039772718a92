// What the stage reads off the world to adapt: "Start here" opens on a workspace nobody has used, the phone opens when
// two-factor authentication is in play for the persona on stage.
import { describe, expect, it } from 'vitest';
import { TWO_FACTOR_VIEWS } from '../../../../src/contracts/connect-two-factor';
import { HRM_VIEWS } from '../../../../src/contracts/hrm';
import { IDP_VIEWS } from '../../../../src/contracts/idp';
import type { PageBody } from '../../../../src/contracts/wire';
import { isUnused, twoFactorInPlay } from '../../../../src/app/state/stage-signals';

const page = (view: string, data: unknown = {}): PageBody => ({ view, title: '', data });
const quiet = { phoneAccounts: 0, passkeys: 0, qrOnScreen: false, page: page(HRM_VIEWS.login) };

describe('an unused workspace', () => {
  it('is one where no persona’s browser has gone past the page it opened on', () => {
    expect(isUnused([])).toBe(true);
    expect(isUnused([{ history: [] }, { history: ['https://hrm.test/login'] }])).toBe(true);
    expect(isUnused([{ history: ['https://hrm.test/login'] }, { history: ['https://hrm.test/login', 'https://hrm.test/'] }])).toBe(false);
  });
});

describe('two-factor authentication in play', () => {
  it('is not on a plain login page with an empty phone and no passkey', () => {
    expect(twoFactorInPlay(quiet)).toBe(false);
    expect(twoFactorInPlay({ ...quiet, page: null })).toBe(false);
  });

  it('is when the phone holds an account, the persona has a passkey, or a QR code is on screen', () => {
    expect(twoFactorInPlay({ ...quiet, phoneAccounts: 1 })).toBe(true);
    expect(twoFactorInPlay({ ...quiet, passkeys: 1 })).toBe(true);
    expect(twoFactorInPlay({ ...quiet, qrOnScreen: true })).toBe(true);
  });

  it('is when a page asks for a code or sets up the app: Connect’s second step and setup, an identity provider’s code step', () => {
    expect(twoFactorInPlay({ ...quiet, page: page(TWO_FACTOR_VIEWS.verify) })).toBe(true);
    expect(twoFactorInPlay({ ...quiet, page: page(TWO_FACTOR_VIEWS.setup) })).toBe(true);
    expect(twoFactorInPlay({ ...quiet, page: page(IDP_VIEWS.signIn, { step: 'code' }) })).toBe(true);
    expect(twoFactorInPlay({ ...quiet, page: page(IDP_VIEWS.signIn, { step: 'password' }) })).toBe(false);
    // The admin portal's two-factor policy tab asks nothing of the persona's phone.
    expect(twoFactorInPlay({ ...quiet, page: page(TWO_FACTOR_VIEWS.admin) })).toBe(false);
  });
});
