// The SSO company (Northwind Traders, Entra ID) before the migration, in the parts that need no identity provider of
// its own on stage: the consultant without an Entra user logs in at /HRM-NoSSO, the readiness dashboard counts the
// users who sign in with Entra ID apart, and after activation /HRM-NoSSO says it is no longer needed.
import { expect, test, type Page } from '@playwright/test';
import { buildSsoCompany } from '../../mocks/templates/sso-company';
import { activate, choosePersona, createWorkspace, go, logInToHrm, openStage } from './support';

const SEED = 'northwind-e2e';
const template = buildSsoCompany(SEED);
const ssoUsers = template.people.filter((p) => p.externalReference !== undefined).length;
const needAccount = template.people.filter((p) => !p.roles.every((r) => r === 'timeclock')).length;

async function createNorthwind(page: Page): Promise<void> {
  await createWorkspace(page, { name: 'Northwind', template: template.name, seed: SEED, persona: 'Peter Holm' });
}

test('the consultant logs in at /HRM-NoSSO and sees the users who sign in with Entra ID counted apart', async ({ page }) => {
  await openStage(page);
  await createNorthwind(page);

  const peter = await choosePersona(page, 'Peter Holm');
  await go(peter, 'https://hrm.test/HRM-NoSSO');
  await expect(peter.getByRole('heading', { name: 'Log in to Northwind Traders' })).toBeVisible();
  await expect(peter.getByText('This is the login for those without a work account at Entra ID.')).toBeVisible();
  await logInToHrm(page, peter, '30006', 'consultant-hrm-1');

  await go(peter, 'https://hrm.test/rollout');
  await expect(peter.getByRole('heading', { name: 'Readiness' })).toBeVisible();
  const apart = (text: string) => peter.getByRole('paragraph').filter({ hasText: text });
  await expect(apart('sign in with Entra ID')).toHaveText(
    `${ssoUsers} users sign in with Entra ID: a verified email is needed, no Connect password. Verified so far: 0 of ${ssoUsers}.`,
  );
  await expect(apart('with a password')).toHaveText(`${needAccount - ssoUsers} user logs in with a password: linked so far 0.`);
});

test('after activation /HRM-NoSSO says it is no longer needed and leads to the usual login, which is Connect', async ({ page }) => {
  await openStage(page);
  await createNorthwind(page);
  await activate(page);

  const peter = await choosePersona(page, 'Peter Holm');
  await go(peter, 'https://web.hrm.test/HRM-NoSSO');
  await expect(peter.getByRole('heading', { name: 'This address is no longer needed' })).toBeVisible();
  await expect(peter.getByLabel('User ID')).toHaveCount(0);
  await peter.getByRole('button', { name: 'Go to the login' }).click();
  await expect(peter.getByRole('heading', { name: 'Northwind Traders now logs in with Connect' })).toBeVisible();
});
