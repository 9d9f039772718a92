// Owns filling a fresh identity provider database from a workspace template: the organisation's directory at this
// provider, its applications with their secrets, and the users of the people whose `idpAccount` is here. A template
// without this provider writes nothing. Ids and salts come from ctx.random in template order.
import { DAY } from '../../../src/domain/clock';
import { hashPassword } from '../crypto';
import type { ServerContext } from '../server';
import type { WorkspaceTemplate } from '../../templates/template';
import type { IdpBrand } from './brand';
import type { ExternalIdpDb, IdpApplicationRow, IdpUserRow } from './db';

/** A client secret's hint: its first three characters, as Entra's console shows them. */
export function secretHint(value: string): string {
  return value.slice(0, 3);
}

export async function seedExternalIdp(db: ExternalIdpDb, ctx: ServerContext, brand: IdpBrand, template: WorkspaceTemplate): Promise<void> {
  const directory = template.tenant.identityProviders?.find((p) => p.provider === brand.idp);
  if (!directory) return;
  const since = template.startsAt - 90 * DAY;

  const users: Array<IdpUserRow & { password: string }> = [];
  for (const person of template.people) {
    const account = person.idpAccount;
    if (!account || account.provider !== brand.idp) continue;
    users.push({
      id: brand.newUserId(ctx.random),
      username: account.username.trim().toLowerCase(),
      email: account.email === null ? null : account.email.trim().toLowerCase(),
      name: person.name,
      passwordHash: '',
      passwordSalt: ctx.random.hex(16),
      password: account.password,
      totpSecret: account.totpSecret ?? null,
      totpLastStep: null,
      groups: [...(account.groups ?? [])],
      disabledAt: account.disabled ? since : null,
      isAdmin: account.admin ?? false,
      createdAt: since,
    });
  }
  const applications: Array<IdpApplicationRow & { secretValue: string | null }> = directory.applications.map((app) => ({
    clientId: app.clientId,
    name: app.name,
    redirectUris: [...app.redirectUris],
    secrets: app.secret
      ? [
          {
            id: brand.newId(ctx.random),
            hint: secretHint(app.secret.value),
            description: 'Client secret',
            hash: '',
            salt: ctx.random.hex(16),
            createdAt: since,
            expiresAt: app.secret.expiresAt,
          },
        ]
      : [],
    certificates: [],
    createdAt: since,
    secretValue: app.secret?.value ?? null,
  }));

  // Hashes before the transaction: a non-IndexedDB await inside a Dexie transaction commits it.
  for (const user of users) user.passwordHash = await hashPassword(user.password, user.passwordSalt);
  for (const app of applications) {
    const secret = app.secrets[0];
    if (secret && app.secretValue !== null) secret.hash = await hashPassword(app.secretValue, secret.salt);
  }

  await db.transaction('rw', [db.tenant, db.users, db.applications], async () => {
    await db.tenant.put({
      id: 'tenant',
      tenantId: directory.tenantId,
      name: directory.tenantName,
      domains: directory.domains.map((d) => d.trim().toLowerCase()),
      createdAt: since,
    });
    await db.users.bulkAdd(users.map(({ password: _password, ...row }) => row));
    await db.applications.bulkAdd(applications.map(({ secretValue: _secretValue, ...row }) => row));
  });
}
