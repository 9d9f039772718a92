// Tests "Only SSO" (R22): at a domain that signs in only with its identity provider, a password and "Forgot your
// password?" are refused with the reason and the provider's name — right password or not, account or not.
import { describe, expect } from 'vitest';
import { it } from '../../../support/world-test';
import { updateProvider } from '../../../support/fake-idp';
import { expectProblem, inbox } from '../../../support/api';
import { CONNECT, login, requestReset, reset } from '../support';
import { entries, ERIK, ssoWorld } from './support';
import { registerPasskey, sandbox, signedInErik, signInWithPasskey } from '../passkeys-support';
import type { PasswordLoginResponse } from '../../../../src/contracts/connect';
import { adminApi, adminUser, signedInAdmin } from '../admin-support';
import { readMessage } from '../support';

describe('Only SSO', () => {
  it('refuses the right password with sso_required, naming the provider, and audits it', async ({ world }) => {
    await ssoWorld(world, { fields: { ssoOnly: true } });
    const browser = world.browser('erik');
    const problem = await expectProblem(await login(browser, ERIK.email, ERIK.password), 403, 'sso_required');
    expect(problem.message).toBe('Your organisation signs you in with Example ID. Use “Sign in with Example ID”.');
    const refused = await entries(world, 'sso.refused');
    expect(refused.map((e) => e.email)).toEqual([ERIK.email]);
    expect((await browser.api(`${CONNECT}/api/me`)).status).toBe(401);
  });

  it('answers an email without an account exactly as one with an account', async ({ world }) => {
    await ssoWorld(world, { fields: { ssoOnly: true } });
    const known = await login(world.browser(), ERIK.email, 'anything');
    const unknown = await login(world.browser(), 'nobody.here@company.com', 'anything');
    expect({ status: unknown.status, body: await unknown.json() }).toEqual({ status: known.status, body: await known.json() });
  });

  it('refuses "Forgot your password?" and sends no mail', async ({ world }) => {
    await ssoWorld(world, { fields: { ssoOnly: true } });
    const browser = world.browser('erik');
    const before = (await inbox(browser, ERIK.email)).messages.length;
    const response = await browser.api(`${CONNECT}/api/password/forgot`, { body: { email: ERIK.email } });
    await expectProblem(response, 403, 'sso_required');
    await browser.settled();
    expect((await inbox(browser, ERIK.email)).messages).toHaveLength(before);
  });

  it('with the provider switched off, refuses with sso_unavailable and whom to contact', async ({ world }) => {
    const { provider } = await ssoWorld(world, { fields: { ssoOnly: true } });
    await updateProvider(world, provider.id, { enabled: false });
    const problem = await expectProblem(await login(world.browser(), ERIK.email, ERIK.password), 403, 'sso_unavailable');
    expect(problem.message).toContain('Contact your administrator');
  });

  it('refuses a passkey made before the domain went Only SSO, starts no session, and audits it', async ({ world }) => {
    const { provider } = await ssoWorld(world);
    const { authenticator } = sandbox();
    expect((await registerPasskey(await signedInErik(world, 'erik-setup'), authenticator)).status).toBe(201);
    await updateProvider(world, provider.id, { ssoOnly: true });
    const browser = world.browser('erik');
    const problem = await expectProblem(await signInWithPasskey(browser, authenticator), 403, 'sso_required');
    expect(problem.message).toBe('Your organisation signs you in with Example ID. Use “Sign in with Example ID”.');
    expect((await browser.api(`${CONNECT}/api/me`)).status).toBe(401);
    expect((await entries(world, 'sso.refused')).map((e) => e.detail)).toEqual([
      `Passkey sign-in refused for ${ERIK.email}: company.com signs in only with Example ID`,
    ]);
  });

  it('leaves passwords alone without Only SSO, and at other domains', async ({ world }) => {
    const { provider } = await ssoWorld(world);
    expect((await login(world.browser(), ERIK.email, ERIK.password)).status).toBe(200);
    await updateProvider(world, provider.id, { ssoOnly: true });
    expect((await login(world.browser(), 'someone@elsewhere.example', 'whatever-password')).status).toBe(401);
  });
});

describe('Only SSO and a reset link mailed before it', () => {
  it('refuses to set a password with the link, and the old password stays refused too', async ({ world }) => {
    const { provider } = await ssoWorld(world);
    const browser = world.browser('erik');
    const { token } = await requestReset(browser, ERIK.email);
    await updateProvider(world, provider.id, { ssoOnly: true });
    const problem = await expectProblem(await reset(browser, token, 'a-brand-new-passphrase-1'), 403, 'sso_required');
    expect(problem.message).toBe('Your organisation signs you in with Example ID. Use “Sign in with Example ID”.');
    expect((await entries(world, 'sso.refused')).map((e) => e.detail)).toEqual([
      `Password reset refused for ${ERIK.email}: company.com signs in only with Example ID`,
    ]);
    await updateProvider(world, provider.id, { ssoOnly: false });
    expect((await login(browser, ERIK.email, 'a-brand-new-passphrase-1')).status).toBe(401);
  });
});

describe('Only SSO and a temporary password sent before it', () => {
  it('refuses the change its sign-in began, in the words of a refused password, audited; no password is set', async ({ world }) => {
    const { provider } = await ssoWorld(world);
    // Karin sends Erik a temporary password; he signs in with it and is asked to choose a new one.
    const karin = await signedInAdmin(world);
    const id = (await adminUser(karin, ERIK.email)).id;
    expect((await adminApi(karin, `/users/${id}/temporary-password`, { method: 'POST' })).status).toBe(200);
    const mail = (await inbox(world.browser(), ERIK.email)).messages.find((m) => m.subject === 'Your temporary Connect password')!;
    const temporary = /Temporary password: (\S+)/.exec((await readMessage(world.browser(), mail.id)).text)![1]!;
    const erik = world.browser('erik');
    const answer = (await (await login(erik, ERIK.email, temporary)).json()) as PasswordLoginResponse;
    if (answer.next !== 'change_password') throw new Error(`Expected the change step, got ${JSON.stringify(answer)}`);

    // Meanwhile company.com goes Only SSO: the new password is refused as a password sign-in would be.
    await updateProvider(world, provider.id, { ssoOnly: true });
    const chosen = 'a-brand-new-passphrase-1';
    const problem = await expectProblem(
      await erik.api(`${CONNECT}/api/password/change`, { body: { token: answer.changeToken, password: chosen, confirmPassword: chosen } }),
      403,
      'sso_required',
    );
    expect(problem.message).toBe('Your organisation signs you in with Example ID. Use “Sign in with Example ID”.');
    expect((await erik.api(`${CONNECT}/api/me`)).status).toBe(401);
    expect((await entries(world, 'sso.refused')).map((e) => e.detail)).toEqual([
      `Temporary password change refused for ${ERIK.email}: company.com signs in only with Example ID`,
    ]);
    // Nothing was set: with Only SSO off again, the password he chose does not sign him in.
    await updateProvider(world, provider.id, { ssoOnly: false });
    expect((await login(world.browser('erik-later'), ERIK.email, chosen)).status).toBe(401);
  });
});
