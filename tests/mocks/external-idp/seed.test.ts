// The identity providers' databases as a workspace starts: the directory, its users and applications from the
// template at the provider they are at, empty at the others; the authenticator on the persona's phone.
import { describe, expect } from 'vitest';
import { verifyPassword } from '../../../mocks/shared/crypto';
import { ExternalIdpDb } from '../../../mocks/shared/external-idp/db';
import { demoTenant } from '../../../mocks/templates/demo-tenant';
import { IDP_DISPLAY_NAMES } from '../../../src/contracts/idp';
import { test } from '../../support/world-test';
import { CLIENT_ID, CLIENT_SECRET, IDP_NAMES, idpTemplate, REDIRECT_URI, TENANT_ID, TOTP_SECRET, USERS } from './support';

for (const idp of IDP_NAMES)
  describe(`${idp}.test seed`, () => {
    const it = test.override({ template: idpTemplate(idp) });

    it('holds the directory, each user once by username, and Connect’s application with its secret hashed', async ({ world }) => {
      const db = new ExternalIdpDb(world.workspace.id, idp);
      try {
        expect(await db.tenant.get('tenant')).toMatchObject({ tenantId: TENANT_ID, name: 'Demo Company', domains: ['company.com'] });
        const users = await db.users.toArray();
        expect(users.map((u) => u.username).sort()).toEqual(
          Object.values(USERS)
            .map((u) => u.username)
            .sort(),
        );
        const lena = await db.users.where('username').equals(USERS.lena.username).first();
        expect(lena).toMatchObject({ email: null, totpSecret: null, disabledAt: null, isAdmin: false });
        expect(await db.users.where('username').equals(USERS.oskar.username).first()).toMatchObject({ disabledAt: expect.any(Number) });
        expect(await db.users.where('username').equals(USERS.karin.username).first()).toMatchObject({ isAdmin: true });
        expect(await db.users.where('username').equals(USERS.johan.username).first()).toMatchObject({
          totpSecret: TOTP_SECRET,
          groups: ['HR staff', 'Everyone'],
        });
        const anna = (await db.users.where('username').equals(USERS.anna.username).first())!;
        expect(await verifyPassword(USERS.anna.password, { hash: anna.passwordHash, salt: anna.passwordSalt })).toBe(true);
        expect(await verifyPassword('anna-idp-2', { hash: anna.passwordHash, salt: anna.passwordSalt })).toBe(false);

        const app = (await db.applications.get(CLIENT_ID))!;
        expect(app).toMatchObject({ name: 'Connect', redirectUris: [REDIRECT_URI], certificates: [] });
        expect(app.secrets).toHaveLength(1);
        expect(app.secrets[0]!.hint).toBe(CLIENT_SECRET.slice(0, 3));
        expect(JSON.stringify(app)).not.toContain(CLIENT_SECRET);
        expect(await verifyPassword(CLIENT_SECRET, { hash: app.secrets[0]!.hash, salt: app.secrets[0]!.salt })).toBe(true);
      } finally {
        db.close();
      }
    });

    it('leaves the other providers empty', async ({ world }) => {
      for (const other of IDP_NAMES.filter((n) => n !== idp)) {
        const db = new ExternalIdpDb(world.workspace.id, other);
        try {
          expect(await db.tenant.count()).toBe(0);
          expect(await db.users.count()).toBe(0);
        } finally {
          db.close();
        }
      }
    });

    it('puts the provider’s account on the phone of a persona who has an authenticator there', async ({ world }) => {
      const phone = await world.workspace.world.phones.get('johan');
      expect(phone?.accounts).toEqual([
        expect.objectContaining({ issuer: IDP_DISPLAY_NAMES[idp], label: USERS.johan.username, secret: TOTP_SECRET }),
      ]);
      expect(await world.workspace.world.phones.get('anna')).toBeUndefined();
    });
  });

describe('a template without identity providers', () => {
  const it = test.override({ template: demoTenant });
  it('seeds every provider empty and no phone', async ({ world }) => {
    for (const idp of IDP_NAMES) {
      const db = new ExternalIdpDb(world.workspace.id, idp);
      try {
        expect(await db.users.count()).toBe(0);
        expect(await db.applications.count()).toBe(0);
      } finally {
        db.close();
      }
    }
    expect(await world.workspace.world.phones.count()).toBe(0);
  });
});
