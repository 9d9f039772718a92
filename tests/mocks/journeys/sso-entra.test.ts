// Tests the single sign-on journey of an Entra ID customer with every server real: the HRM's own sign-in through
// entra.test before the migration, Tomas registering Connect at Entra and Helena adding Entra ID at Connect with a
// certificate (private_key_jwt, RFC 7523) and testing it, then after activation the brokered sign-in (R20, R21, R22,
// R24): Entra's MFA meets Connect's policy, Only SSO refuses passwords, an unverified domain never goes to Entra, and
// an expired client secret stops the next sign-in with its reason.
import { describe, expect } from 'vitest';
import type { ConnectErrorPageData } from '../../../src/contracts/connect';
import type { HrmShellData } from '../../../src/contracts/hrm';
import { SSO_TEST_STEPS } from '../../../src/contracts/connect-sso';
import { buildSsoCompany, SSO_COMPANY_HRM_CLIENT_ID } from '../../../mocks/templates/sso-company';
import { it } from '../../support/world-test';
import { testWorkspaceOptions, testWorldOf } from '../../support/harness';
import { Workspace } from '../../../mocks/runtime/workspace';
import { link, WEB } from '../hrm/support';
import { auditLog, connectDb, login } from '../connect/support';
import {
  activation,
  changeProvider,
  CONNECT,
  dataOf,
  entraAtConnect,
  ENTRA,
  EXPENSE,
  HRM,
  identify,
  pathOf,
  person,
  providers,
  signInAtEntra,
  testConnection,
  tomasAtEntra,
  viewOf,
  helenaAtConnect,
  verifyDomain,
  addProvider,
  entraInput,
  openWithSso,
  HELENA_CONNECT_PASSWORD,
} from './sso-support';
import { SSO_REDIRECT_URI, type IdentityProvidersPageData } from '../../../src/contracts/connect-sso';
import type { WorkspaceTemplate } from '../../../mocks/templates/template';
import { DAY } from '../../../src/domain/clock';
import { expiryState, expiryWords } from '../../../src/app/routes/connect/sso-words';
import { body } from '../../support/api';
import { idpConsoleApi, type ConsoleUser } from '../../../src/contracts/idp-console';

const template = buildSsoCompany('sso-journey');
it.override({ template, seed: 'sso-journey' });

describe('an SSO customer on Entra ID, from preparation through activation', () => {
  it('before: the HRM signs Helena in through Entra ID and the consultant uses /HRM-NoSSO; after: Jonas signs in through Connect and Entra', async ({
    world,
  }) => {
    // Before the migration: the HRM's own single sign-on at the real entra.test (its app registration and secret).
    const helenaHrm = world.browser('helena');
    const atEntra = await helenaHrm.navigate(`${HRM}/my-profile`);
    expect(pathOf(atEntra).slice(0, 3)).toEqual([`${HRM}/my-profile`, `${HRM}/login`, `${HRM}/sso/login`]);
    expect(new URL(atEntra.hops[3]!.url).searchParams.get('client_id')).toBe(SSO_COMPANY_HRM_CLIENT_ID);
    expect(dataOf<{ application: string }>(atEntra).application).toBe('Flex HRM');
    const helenaIn = await signInAtEntra(world, helenaHrm, atEntra, 'helena');
    expect(pathOf(helenaIn)).toEqual([`${ENTRA}/signin/resume`, `${HRM}/sso/callback`, `${HRM}/my-profile`]);
    expect(dataOf<HrmShellData>(helenaIn)).toMatchObject({ user: { name: 'Helena Dahl' }, phase: 'preparation' });

    const peter = world.browser('peter');
    const noSso = await peter.navigate(`${HRM}/HRM-NoSSO`);
    expect(viewOf(noSso)).toBe('hrm/login');
    const consultant = person(world, 'peter');
    const loggedIn = await peter.api(`${HRM}/api/session`, { body: { loginId: consultant.loginId, password: consultant.password } });
    expect(loggedIn.status, await loggedIn.clone().text()).toBe(200);

    // Jonas signs in to the HRM through Entra (his phone's code there) and verifies his email during preparation.
    const jonas = world.browser('jonas');
    const jonasSteps: string[] = [];
    await signInAtEntra(world, jonas, await jonas.navigate(`${HRM}/my-profile`), 'jonas', jonasSteps);
    expect(jonasSteps).toEqual(['signInUsername', 'signInPassword', 'signInCode']);
    await link(jonas, person(world, 'jonas').email!);

    // Tomas registers Connect at Entra, Helena verifies northwind.test and adds Entra ID with Connect's certificate.
    const { helena, provider } = await entraAtConnect(world);
    expect(provider.certificate).not.toBeNull();
    const { run, landed } = await testConnection(world, helena, provider, 'helena');
    expect(viewOf(landed!)).toBe('connect/admin/identity-provider-test');
    expect(run.outcome).toBe('passed');
    expect(run.steps.map((s) => [s.step, s.ok])).toEqual(SSO_TEST_STEPS.map((s) => [s, true]));
    expect(run.steps.at(-1)!.data).toMatchObject({ email: 'helena.dahl@northwind.test' });
    // Connect's 2FA policy requires everyone: the provider's MFA must count for it (R21).
    const policy = await helena.api(`${CONNECT}/api/admin/two-factor/policy`, {
      method: 'PUT',
      body: { requiredGroupIds: [], everyoneFrom: world.now() },
    });
    expect(policy.status).toBe(200);

    await activation(world);

    // After activation: the HRM, at its new address (R18), sends Jonas to Connect; the email step offers Entra ID; Entra
    // asks its own code.
    const toConnect = await jonas.navigate(`${WEB}/my-profile`);
    expect(viewOf(toConnect)).toBe('connect/login');
    const { returnTo } = dataOf<{ returnTo: string }>(toConnect);
    const offered = await identify(jonas, person(world, 'jonas').email!, returnTo);
    expect(offered.body).toMatchObject({ next: 'sso', sso: { providerName: 'Entra ID', offer: 'button' } });
    const sent = await jonas.navigate(new URL(offered.body.sso!.startUrl, CONNECT).toString(), { from: CONNECT });
    expect(new URL(sent.hops[1]!.url).searchParams.get('login_hint')).toBe('jonas.berglund@northwind.test');
    const steps: string[] = [];
    const back = await signInAtEntra(world, jonas, sent, 'jonas', steps);
    expect(steps).toEqual(['signInUsername', 'signInPassword', 'signInCode']);
    expect(pathOf(back)).toEqual([
      `${ENTRA}/signin/resume`,
      `${CONNECT}/connect/sso/callback`,
      `${CONNECT}/connect/authorize/resume`,
      `${WEB}/auth/callback`,
      `${WEB}/my-profile`,
    ]);
    expect(dataOf<HrmShellData>(back).user.name).toBe('Jonas Berglund');

    // Expense signs him in with no page at all: Connect's session answers at once.
    const expense = await jonas.navigate(`${EXPENSE}/auth/login`);
    expect(pathOf(expense)).toEqual([`${EXPENSE}/auth/login`, `${CONNECT}/connect/authorize`, `${EXPENSE}/auth/callback`, `${EXPENSE}/`]);
    expect(viewOf(expense)).toBe('expense/home');
    expect(dataOf<{ email: string }>(expense).email).toBe('jonas.berglund@northwind.test');

    // Connect asked neither a password nor a second factor; its account for Jonas has no password; the audit says SSO.
    const db = connectDb(world);
    try {
      const account = await db.accounts.where('email').equals('jonas.berglund@northwind.test').first();
      expect(account).toMatchObject({ passwordHash: null });
      expect(await db.totpFactors.get(account!.id)).toBeUndefined();
    } finally {
      db.close();
    }
    const audit = await auditLog(world);
    const logins = audit.filter((e) => e.type === 'sso.login');
    expect(logins.map((e) => e.email)).toContain('jonas.berglund@northwind.test');
    expect(audit.filter((e) => e.email === 'jonas.berglund@northwind.test').map((e) => e.type)).not.toContain('login');
  });
});

describe('after activation, the people Entra ID knows differently', () => {
  it('Anna, whose Entra username is not her mail: Connect maps her email claim, and asks its own second factor since Entra did no MFA', async ({
    world,
  }) => {
    const { helena } = await entraAtConnect(world);
    await helena.api(`${CONNECT}/api/admin/two-factor/policy`, {
      method: 'PUT',
      body: { requiredGroupIds: [], everyoneFrom: world.now() },
    });
    await activation(world);
    const anna = world.browser('anna');
    const offered = await identify(anna, 'anna.berg@northwind.test', undefined);
    expect(offered.body.next).toBe('sso');
    const sent = await anna.navigate(new URL(offered.body.sso!.startUrl, CONNECT).toString(), { from: CONNECT });
    const steps: string[] = [];
    const back = await signInAtEntra(world, anna, sent, 'anna', steps);
    // She types her UPN at Entra; Entra did password only, so Connect's policy (everyone) applies: its own second step.
    expect(steps).toEqual(['signInUsername', 'signInPassword']);
    expect(viewOf(back)).toBe('connect/two-factor-setup');
    expect(dataOf<{ email: string }>(back).email).toBe('anna.berg@northwind.test');
    const db = connectDb(world);
    try {
      expect(await db.accounts.where('email').equals('a.berg@northwind.onmicrosoft.test').count()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('Omar, who has no email at Entra: refused with the reason and no session, then signed in once Tomas adds his mail at Entra', async ({
    world,
  }) => {
    await entraAtConnect(world);
    await activation(world);
    const omar = world.browser('omar');
    const email = 'omar.haddad@northwind.test';
    const offered = await identify(omar, email, undefined);
    const refused = await signInAtEntra(
      world,
      omar,
      await omar.navigate(new URL(offered.body.sso!.startUrl, CONNECT).toString(), { from: CONNECT }),
      'omar',
    );
    expect(viewOf(refused)).toBe('connect/error');
    const page = dataOf<ConnectErrorPageData>(refused);
    expect(page.code).toBe('email_claim_missing');
    expect(page.message).toMatch(/Entra ID did not tell Connect your email address/);
    expect((await omar.api(`${CONNECT}/api/me`)).status).toBe(401);
    expect(
      (await auditLog(world))
        .filter((e) => e.type === 'sso.refused')
        .map((e) => e.detail)
        .join(),
    ).toContain('email_claim_missing');

    // Tomas gives Omar his mail address at Entra; Omar's next sign-in goes through (Entra remembers him: no login page).
    const tomas = await tomasAtEntra(world);
    const api = idpConsoleApi('entra');
    const { users } = await body<{ users: ConsoleUser[] }>(await tomas.api(`${ENTRA}${api.listUsers.path}?q=omar`));
    const omarAtEntra = users.find((u) => u.username === email)!;
    expect(omarAtEntra.email).toBeNull();
    const changed = await tomas.api(`${ENTRA}${api.changeUser.path.replace(':id', omarAtEntra.id)}`, {
      method: 'PUT',
      body: { version: omarAtEntra.version, email },
    });
    expect(changed.status, await changed.clone().text()).toBe(200);
    const again = await identify(omar, email, undefined);
    const signedIn = await omar.navigate(new URL(again.body.sso!.startUrl, CONNECT).toString(), { from: CONNECT });
    expect(viewOf(signedIn)).not.toBe('idp/sign-in');
    expect(pathOf(signedIn)).toContain(`${CONNECT}/connect/sso/callback`);
    expect((await omar.api(`${CONNECT}/api/me`)).status).toBe(200);
  });
});

describe('what Connect refuses', () => {
  it('Only SSO refuses a password for a northwind.test user, naming Entra ID, and "Forgot your password?" as well', async ({ world }) => {
    const { helena, provider } = await entraAtConnect(world);
    const { run } = await testConnection(world, helena, provider, 'helena');
    expect(run.outcome).toBe('passed');
    const [tested] = await providers(helena);
    const only = await changeProvider(helena, tested!, { ssoOnly: true });
    expect(only.ssoOnly).toBe(true);
    await activation(world);

    const jonas = world.browser('jonas');
    const offered = await identify(jonas, 'jonas.berglund@northwind.test', undefined);
    expect(offered.body.sso).toMatchObject({ providerName: 'Entra ID', ssoOnly: true });
    const password = await jonas.api(`${CONNECT}/api/session`, {
      body: { email: 'jonas.berglund@northwind.test', password: 'entra-jonas-1' },
    });
    expect(password.status).toBe(403);
    const problem = (await password.json()) as { code: string; detail?: string; message?: string };
    expect(problem.code).toBe('sso_required');
    expect(JSON.stringify(problem)).toContain('Entra ID');
    const reset = await jonas.api(`${CONNECT}/api/password/forgot`, { body: { email: 'jonas.berglund@northwind.test' } });
    expect(reset.status).toBe(403);
    expect((await auditLog(world)).some((e) => e.type === 'login' && e.email === 'jonas.berglund@northwind.test')).toBe(false);
  });

  it('an email at a domain the organisation has not verified never goes to Entra ID, and its password is not forwarded', async ({
    world,
  }) => {
    await entraAtConnect(world);
    await activation(world);
    const peter = world.browser('peter');
    const offered = await identify(peter, 'peter.holm@flexpartner.test', undefined);
    expect(offered.body.next).not.toBe('sso');
    expect(offered.body.sso).toBeUndefined();
    expect(offered.body.redirectTo).toBeUndefined();
    // Someone at northwind.onmicrosoft.test (Entra's own domain, never verified at Connect) is not routed to Entra either.
    const upn = await identify(peter, 'a.berg@northwind.onmicrosoft.test', undefined);
    expect(upn.body.sso).toBeUndefined();
    const password = await peter.api(`${CONNECT}/api/session`, {
      body: { email: 'a.berg@northwind.onmicrosoft.test', password: 'entra-anna-1' },
    });
    expect(password.status).toBe(401);
    // Entra's sign-in log has nothing from Connect for that user: the password stayed at Connect.
    const tomas = await tomasAtEntra(world);
    const log = await tomas.api(
      `${ENTRA}${idpConsoleApi('entra').listSignIns.path}?user=${encodeURIComponent('a.berg@northwind.onmicrosoft.test')}`,
    );
    expect(log.status).toBe(200);
    expect((await body<{ signIns: unknown[] }>(log)).signIns).toEqual([]);
  });
});

describe('the identity provider’s secret expires the week after activation', () => {
  const secret = 'Wk9~connect-pilot-secret-northwind';
  const pilotClientId = '7c3e9a15-2b6d-4f08-9e1a-5d4c3b2a1f60';
  const secretExpiresAt = template.tenant.activationAt! + 7 * DAY;
  // Connect's app registration was made for a pilot last year; its secret was never renewed.
  const withPilot: WorkspaceTemplate = {
    ...template,
    tenant: {
      ...template.tenant,
      identityProviders: template.tenant.identityProviders!.map((directory) => ({
        ...directory,
        applications: [
          ...directory.applications,
          {
            name: 'Connect',
            clientId: pilotClientId,
            redirectUris: [SSO_REDIRECT_URI],
            secret: { value: secret, expiresAt: secretExpiresAt },
          },
        ],
      })),
    },
  };
  it.override({ template: withPilot });

  it('the list warns before; once the world clock passes it the next sign-in fails saying the secret expired', async ({ world }) => {
    const tomas = await tomasAtEntra(world);
    const helena = await helenaAtConnect(world);
    await verifyDomain(world, helena, tomas);
    await addProvider(helena, entraInput(pilotClientId, { clientAuth: 'client_secret_basic', clientSecret: secret, secretExpiresAt }));
    await activation(world);

    // The week after activation: Jonas signs in, and the Identity providers list shows the secret about to expire.
    const jonas = world.browser('jonas');
    const first = await identify(jonas, 'jonas.berglund@northwind.test', undefined);
    const signedIn = await signInAtEntra(
      world,
      jonas,
      await jonas.navigate(new URL(first.body.sso!.startUrl, CONNECT).toString(), { from: CONNECT }),
      'jonas',
    );
    expect(pathOf(signedIn)).toContain(`${CONNECT}/connect/sso/callback`);
    expect((await jonas.api(`${CONNECT}/api/me`)).status).toBe(200);
    // Helena's Connect session from before the cutover has ended: she signs in to the admin portal through Entra too.
    const list = await openWithSso(world, helena, `${CONNECT}/admin/identity-providers`, 'helena');
    expect(viewOf(list)).toBe('connect/admin/identity-providers');
    const { providers: listed, now } = dataOf<IdentityProvidersPageData>(list);
    expect(listed[0]!.secretExpiresAt).toBe(secretExpiresAt);
    expect(expiryState(listed[0]!.secretExpiresAt!, now)).toBe('soon');
    expect(expiryWords(listed[0]!.secretExpiresAt!, now)).toBe('expires in 7 days');

    // Eight days later the secret has expired at Entra: the next sign-in stops at the token step with that reason.
    await world.advance(8 * DAY);
    const anna = world.browser('anna');
    const offered = await identify(anna, 'anna.berg@northwind.test', undefined);
    const refused = await signInAtEntra(
      world,
      anna,
      await anna.navigate(new URL(offered.body.sso!.startUrl, CONNECT).toString(), { from: CONNECT }),
      'anna',
    );
    expect(viewOf(refused)).toBe('connect/error');
    expect(dataOf<ConnectErrorPageData>(refused).code).toBe('client_secret_expired');
    expect((await anna.api(`${CONNECT}/api/me`)).status).toBe(401);
    const refusal = (await auditLog(world)).filter((e) => e.type === 'sso.refused').at(-1)!;
    expect(refusal.detail).toContain('client_secret_expired');
    // Entra no longer signs anyone in to Connect; without Only SSO Helena still has her password to fix it.
    expect((await login(helena, 'helena.dahl@northwind.test', HELENA_CONNECT_PASSWORD)).status).toBe(200);
    const after = dataOf<IdentityProvidersPageData>(await helena.navigate(`${CONNECT}/admin/identity-providers`));
    expect(expiryState(after.providers[0]!.secretExpiresAt!, after.now)).toBe('expired');
  });
});

describe('a reload in the middle of the brokered sign-in', () => {
  it('every server restarts on its database while Jonas is at Entra’s login page; he finishes there and lands in the HRM', async ({
    world,
  }) => {
    const jonas = world.browser('jonas');
    await signInAtEntra(world, jonas, await jonas.navigate(`${HRM}/my-profile`), 'jonas');
    await link(jonas, person(world, 'jonas').email!);
    await entraAtConnect(world);
    await activation(world);
    const toConnect = await jonas.navigate(`${WEB}/my-profile`);
    const offered = await identify(jonas, 'jonas.berglund@northwind.test', dataOf<{ returnTo: string }>(toConnect).returnTo);
    const atEntra = await jonas.navigate(new URL(offered.body.sso!.startUrl, CONNECT).toString(), { from: CONNECT });
    expect(viewOf(atEntra)).toBe('idp/sign-in');

    const id = world.workspace.id;
    const at = world.now();
    await world.workspace.close();
    const reopened = (await Workspace.open({ ...testWorkspaceOptions(), id }))!;
    const restarted = testWorldOf(reopened, world.template);
    try {
      expect(restarted.now()).toBe(at);
      const same = restarted.browser('jonas');
      same.jar.replaceAll(jonas.jar.toJSON());
      const back = await signInAtEntra(restarted, same, atEntra, 'jonas');
      expect(pathOf(back).at(-1)).toBe(`${WEB}/my-profile`);
      expect(dataOf<HrmShellData>(back).user.name).toBe('Jonas Berglund');
    } finally {
      await restarted.close();
    }
  });
});
