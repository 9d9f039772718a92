import { describe, expect } from 'vitest';
import type { LinkStatus, Readiness } from '../../../src/contracts/hrm';
import { buildSsoCompany } from '../../../mocks/templates/sso-company';
import { createTestWorld, type TestBrowser, type TestWorld } from '../../support/harness';
import { StandInEntra } from '../../support/stand-in-entra';
import { it } from '../../support/world-test';
import { body, expectProblem, HRM, openPage, sendCode, signIn, verify } from './support';

const template = buildSsoCompany('sso-preparation-test');
it.override({ template, seed: 'sso-preparation-test' });

/** A browser signed in to the HRM through Entra ID as `username`. */
async function viaEntra(world: TestWorld, idp: StandInEntra, username: string): Promise<TestBrowser> {
  idp.signedIn = username;
  const browser = world.browser(username);
  await openPage(browser, `${HRM}/`);
  return browser;
}

function entra(world: TestWorld): StandInEntra {
  const idp = new StandInEntra(world);
  idp.install();
  return idp;
}

async function readiness(admin: TestBrowser): Promise<Readiness> {
  const response = await admin.api(`${HRM}/api/readiness`);
  expect(response.status).toBe(200);
  return body<Readiness>(response);
}

const ssoPeople = template.people.filter((p) => p.externalReference !== undefined && !p.roles.every((r) => r === 'timeclock'));
const passwordPeople = template.people.filter((p) => p.externalReference === undefined && !p.roles.every((r) => r === 'timeclock'));

describe('preparation for users who sign in through Entra ID: they still verify an email', () => {
  it('an SSO user without an email at Entra ID verifies the address the HRM suggests, and is linked', async ({ world }) => {
    const idp = entra(world);
    const omar = await viaEntra(world, idp, 'omar.haddad@northwind.test');
    const before = await body<LinkStatus>(await omar.api(`${HRM}/api/me/connect`));
    expect(before).toMatchObject({ status: 'unlinked', canLink: true, suggestions: ['omar.haddad@gmail.com'] });

    const { code } = await sendCode(omar, 'omar.haddad@gmail.com');
    const linked = await body<LinkStatus>(await verify(omar, code));
    expect(linked).toMatchObject({ status: 'linked', email: 'omar.haddad@gmail.com' });
  });

  it('bad input at the email step gets a message at the field, as for everyone', async ({ world }) => {
    const idp = entra(world);
    const anna = await viaEntra(world, idp, 'a.berg@northwind.onmicrosoft.test');
    await expectProblem(await anna.api(`${HRM}/api/me/connect/verification-code`, { body: { email: '' } }), 422, 'email_required', 'email');
    await expectProblem(
      await anna.api(`${HRM}/api/me/connect/verification-code`, { body: { email: 'a.berg@' } }),
      422,
      'email_malformed',
      'email',
    );
  });
});

describe('the readiness dashboard counts users who sign in with Entra ID apart', () => {
  it('SSO users and password users, and who has verified an email among them', async ({ world }) => {
    const idp = entra(world);
    const admin = await viaEntra(world, idp, 'helena.dahl@northwind.test');
    const start = await readiness(admin);
    expect(start.sso).toEqual({
      providerName: 'Entra ID',
      users: ssoPeople.length,
      byState: { not_started: ssoPeople.length, code_sent: 0, link_sent: 0, linked: 0 },
    });
    // The existing figures keep their meaning: everyone who needs an account, password users and SSO users alike.
    expect(start.eligible).toBe(ssoPeople.length + passwordPeople.length);
    expect(start.lockedOut).toBe(start.eligible);

    // An SSO user verifies an email; then the consultant, who logs in with a password, does too.
    const anna = await viaEntra(world, idp, 'a.berg@northwind.onmicrosoft.test');
    await verify(anna, (await sendCode(anna, 'anna.berg@northwind.test')).code);
    const peter = await signIn(world, 'peter');
    await verify(peter, (await sendCode(peter, 'peter.holm@flexpartner.test')).code);

    const after = await readiness(admin);
    expect(after.sso!.byState).toEqual({ not_started: ssoPeople.length - 1, code_sent: 0, link_sent: 0, linked: 1 });
    expect(after.byState.linked).toBe(2);
    expect(after.byState.linked - after.sso!.byState.linked).toBe(1);
    expect(after.lockedOut).toBe(start.eligible - 2);
  });

  it('an HRM without single sign-on has no SSO figures', async () => {
    const world = await createTestWorld({ seed: 'no-sso-readiness' });
    try {
      const karin = await signIn(world, 'karin');
      expect((await readiness(karin)).sso).toBeNull();
    } finally {
      await world.close();
    }
  });
});
