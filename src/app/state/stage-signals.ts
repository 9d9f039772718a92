// Owns what the stage reads off the world to adapt itself: whether a workspace is still unused (so "Start here" opens)
// and whether two-factor authentication is in play for the persona on stage (so their phone opens).
import { TWO_FACTOR_VIEWS } from '../../contracts/connect-two-factor';
import { IDP_VIEWS } from '../../contracts/idp';
import type { PageBody } from '../../contracts/wire';

/** A workspace nobody has used yet: no persona's browser has gone past the page it opened on. */
export function isUnused(histories: ReadonlyArray<{ history: readonly string[] }>): boolean {
  return histories.every((browser) => browser.history.length <= 1);
}

/** The pages that ask for a code from the phone or set one up: Connect's second step and its setup, an identity provider's code step. */
function asksForPhone(page: PageBody | null): boolean {
  if (!page) return false;
  if (page.view === TWO_FACTOR_VIEWS.verify || page.view === TWO_FACTOR_VIEWS.setup) return true;
  return page.view === IDP_VIEWS.signIn && (page.data as { step?: unknown } | null)?.step === 'code';
}

/**
 * Whether two-factor authentication is in play for the persona on stage, so their phone is shown open: an account in
 * the authenticator app, a passkey, a QR code on the screen, or a page asking for a code.
 */
export function twoFactorInPlay(now: { phoneAccounts: number; passkeys: number; qrOnScreen: boolean; page: PageBody | null }): boolean {
  return now.phoneAccounts > 0 || now.passkeys > 0 || now.qrOnScreen || asksForPhone(now.page);
}
