// Owns a passkey as the second step of a sign-in (R21: "use as a second factor"), over HTTP: the options for the
// account whose first step passed, and the check of the authenticator's answer. The second step's own server code
// owns the pending sign-in — which account, which first-step amr — and what follows a verified passkey (the session,
// cookies, the audit line, counting failures toward the lockout); it resolves the account, calls these two, and serves
// them at PASSKEY_API.secondFactorOptions and PASSKEY_API.secondFactor.
import type { AuthenticationResponseJSON, PasskeyRequestOptions } from '../../../../src/contracts/connect-passkeys';
import { json, readJson } from '../../../shared/http';
import type { AccountRow, PasskeyRow } from '../db';
import type { ConnectEnv } from '../env';
import { AuthenticationBody, refused } from './api';
import { browserIdOf, passkeyBrowser, secondFactorOptions, verifySecondFactor, type PasskeyRefusal } from './ceremonies';
import { amrWithPasskeySecondFactor, refusalMessage } from './rules';

/**
 * POST PASSKEY_API.secondFactorOptions for `account` → PasskeyRequestOptions (and the browser cookie the first time);
 * 409 passkey_none when the account has no passkey, so the step should not have offered one.
 */
export async function startPasskeySecondFactor(env: ConnectEnv, request: Request, account: AccountRow): Promise<Response> {
  const browser = passkeyBrowser(env, request);
  const options = await secondFactorOptions(env, account, browser.id);
  if (!options)
    return refused({
      ok: false,
      code: 'passkey_none',
      message: refusalMessage('passkey_none', ''),
      detail: `${account.email} has no passkey`,
    });
  return json<PasskeyRequestOptions>(options, { cookies: browser.cookies });
}

export type PasskeySecondFactorCheck =
  | {
      ok: true;
      passkey: PasskeyRow;
      /** The sign-in's methods (RFC 8176): the first step's, the passkey's, and "mfa". */
      amr: string[];
    }
  | {
      ok: false;
      refusal: PasskeyRefusal;
      /** The problem to answer with (its status and code by refusal, rules.ts refusalStatus). */
      response: Response;
    };

/**
 * Reads PASSKEY_API.secondFactor's body (PasskeyAuthenticationRequest) and checks the answer for `account`: a passkey
 * of its own, answering a challenge this browser asked for that account, user presence enough. The counter is
 * updated and the ceremony recorded for the x-ray; nothing else is written. A malformed body throws a 400 problem.
 */
export async function checkPasskeySecondFactor(
  env: ConnectEnv,
  request: Request,
  account: AccountRow,
  firstStepAmr: readonly string[],
): Promise<PasskeySecondFactorCheck> {
  const body = await readJson(request, AuthenticationBody);
  const outcome = await verifySecondFactor(env, account, {
    browserId: browserIdOf(request),
    ceremonyId: body.ceremonyId,
    response: body.response as AuthenticationResponseJSON,
  });
  if (!outcome.ok) {
    const refusal: PasskeyRefusal = { ok: false, code: outcome.code, message: outcome.message, detail: outcome.detail };
    return { ok: false, refusal, response: refused(refusal) };
  }
  return { ok: true, passkey: outcome.passkey, amr: amrWithPasskeySecondFactor(firstStepAmr, outcome.amr) };
}
