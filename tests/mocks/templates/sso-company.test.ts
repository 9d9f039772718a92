import { describe, expect } from 'vitest';
import { TEMPLATES, templateSource } from '../../../mocks/templates';
import { mailboxesOf } from '../../../mocks/templates/template';
import {
  buildSsoCompany,
  SSO_COMPANY_HRM_REDIRECT_URI,
  SSO_COMPANY_PERSONAS,
  SSO_COMPANY_SIZE,
} from '../../../mocks/templates/sso-company';
import { HrmDb } from '../../../mocks/servers/hrm/db';
import { mergeChunks } from '../../../mocks/servers/hrm/directory';
import { loadTenant } from '../../../mocks/servers/hrm/store';
import { ORIGINS } from '../../../src/contracts/origins';
import { it } from '../../support/world-test';

describe('the “SSO company (Entra ID)” template', () => {
  it('is in the workspace menu and builds the same company for the same seed, another for another seed', () => {
    expect(TEMPLATES.map((t) => t.id)).toContain('sso-entra');
    const source = templateSource('sso-entra')!;
    expect(source.name).toBe(`SSO company (Entra ID, ${SSO_COMPANY_SIZE} employees, preparation)`);
    const a = source.build('seed-a');
    expect(JSON.stringify(source.build('seed-a'))).toBe(JSON.stringify(a));
    const b = source.build('seed-b');
    expect(b.people.map((p) => p.name)).not.toEqual(a.people.map((p) => p.name));
    // The featured personas are the same whatever the seed.
    const featured = (t: typeof a) =>
      t.people.filter((p) => p.persona).map(({ key, name, loginId, persona }) => ({ key, name, loginId, persona }));
    expect(featured(b)).toEqual(featured(a));
  });

  it('is a mid-size company in preparation with the cutover scheduled, its users in Entra ID', () => {
    const t = buildSsoCompany('any');
    expect(t.people).toHaveLength(SSO_COMPANY_SIZE);
    expect(t.tenant).toMatchObject({
      phase: 'preparation',
      companyDomain: 'northwind.test',
      connectAdmins: ['helena.dahl@northwind.test'],
    });
    expect(t.tenant.activationAt).toBeGreaterThan(t.startsAt);
    const [entra] = t.tenant.identityProviders!;
    expect(entra).toMatchObject({ provider: 'entra', tenantName: 'Northwind Traders', domains: ['northwind.test'] });
    const hrmApp = entra!.applications.find((a) => a.clientId === t.tenant.hrmSso!.clientId)!;
    expect(hrmApp.redirectUris).toEqual([SSO_COMPANY_HRM_REDIRECT_URI]);
    // The HRM's secret at Entra expires the week after the planned activation.
    const afterCutover = hrmApp.secret!.expiresAt - t.tenant.activationAt!;
    expect(afterCutover).toBeGreaterThan(0);
    expect(afterCutover).toBeLessThanOrEqual(7 * 86_400_000);
  });

  it('has every featured persona, and each case single sign-on trips on among the colleagues too', () => {
    const t = buildSsoCompany('cases');
    const byKey = new Map(t.people.map((p) => [p.key, p]));
    expect(t.people.filter((p) => p.persona).map((p) => p.key)).toEqual([...SSO_COMPANY_PERSONAS]);
    expect(byKey.get('tomas')!.idpAccount).toMatchObject({ admin: true });
    expect(byKey.get('tomas')!.dnsAccount!.zones).toEqual(['northwind.test']);
    expect(byKey.get('helena')!.roles).toContain('admin');
    expect(byKey.get('jonas')!.idpAccount!.totpSecret).toMatch(/^[A-Z2-7]{32}$/);
    const anna = byKey.get('anna')!;
    expect(anna.idpAccount!.username).toBe('a.berg@northwind.onmicrosoft.test');
    expect(anna.idpAccount!.email).toBe('anna.berg@northwind.test');
    expect(anna.externalReference).toBe(anna.idpAccount!.username);
    expect(byKey.get('omar')!.idpAccount!.email).toBeNull();
    const peter = byKey.get('peter')!;
    expect(peter.idpAccount).toBeUndefined();
    expect(peter.externalReference).toBeUndefined();
    expect(peter.roles).toContain('admin');

    const colleagues = t.people.filter((p) => !p.persona);
    expect(colleagues.some((p) => p.idpAccount && p.idpAccount.username !== p.idpAccount.email && p.idpAccount.email)).toBe(true);
    expect(colleagues.some((p) => p.idpAccount?.email === null)).toBe(true);
    expect(colleagues.some((p) => p.idpAccount?.totpSecret)).toBe(true);
    // Every Entra user's external reference at the HRM is their Entra username; usernames are unique.
    for (const p of t.people) if (p.idpAccount) expect(p.externalReference).toBe(p.idpAccount.username);
    const usernames = t.people.flatMap((p) => (p.idpAccount ? [p.idpAccount.username.toLowerCase()] : []));
    expect(new Set(usernames).size).toBe(usernames.length);
    // Everyone who reads mail has a password for the mailbox, and the same address is nobody else's.
    const mailboxes = t.people.flatMap(mailboxesOf);
    expect(new Set(mailboxes).size).toBe(mailboxes.length);
  });
});

describe('a workspace from the template', () => {
  it.override({ template: buildSsoCompany('workspace'), seed: 'workspace' });

  it('seeds the HRM’s single sign-on at Entra ID and each SSO user’s external reference, with no HRM password', async ({ world }) => {
    const db = new HrmDb(world.workspace.id);
    try {
      const tenant = await loadTenant(db);
      expect(tenant.sso).toEqual({
        provider: 'entra',
        issuer: `${ORIGINS.entra}/${world.template.tenant.identityProviders![0]!.tenantId}/v2.0`,
        clientId: world.template.tenant.hrmSso!.clientId,
        clientSecret: world.template.tenant.identityProviders![0]!.applications[0]!.secret!.value,
        referenceClaim: 'preferred_username',
      });
      const users = mergeChunks(await db.people.toArray(), await db.states.toArray()).flat();
      const anna = users.find((u) => u.name === 'Anna Berg')!;
      expect(anna).toMatchObject({
        externalReference: 'a.berg@northwind.onmicrosoft.test',
        password: null,
        email: 'anna.berg@northwind.test',
      });
      const peter = users.find((u) => u.name === 'Peter Holm')!;
      expect(peter.externalReference).toBeUndefined();
      expect(peter.password).not.toBeNull();
    } finally {
      db.close();
    }
  });

  it('shows each persona with a user at Entra ID how they sign in there, not the HRM user ID they never type', async ({ world }) => {
    const personas = await world.workspace.world.personas.toArray();
    const anna = personas.find((p) => p.id === 'anna')!;
    expect(anna.idpSignIn).toEqual({ provider: 'Entra ID', username: 'a.berg@northwind.onmicrosoft.test', password: 'entra-anna-1' });
    expect(personas.find((p) => p.id === 'tomas')!.idpSignIn?.username).toBe('tomas.lindqvist@northwind.test');
    // The consultant has no user at Entra ID: his card keeps the HRM's user ID for /HRM-NoSSO.
    const peter = personas.find((p) => p.id === 'peter')!;
    expect(peter.idpSignIn).toBeUndefined();
    expect(peter.hrmLoginId).toBe('30006');
  });

  it('puts the company’s domain at the DNS provider for the IT administrator', async ({ world }) => {
    const browser = world.browser('tomas');
    const answer = await browser.api('https://dns.test/api/session', {
      body: { email: 'tomas.lindqvist@northwind.test', password: 'dns-tomas-1' },
    });
    expect(answer.status).toBe(200);
    expect((await browser.api('https://dns.test/api/zones/northwind.test/records')).status).toBe(200);
  });
});
