// Owns filling a fresh Connect database from a workspace template: the accounts people already have from other
// products (R4: "If you already have a Connect account…", e.g. Erik's from Expense), the registered clients and
// the organisation with its first administrators' invitations (R28) and its groups (R21: HR staff).
// Ids and salts come from ctx.random in template order, so the same seed gives the same ids. Signing keys are made on
// first use (oidc/keys.ts), so a reset also means new keys.
import { normalizeEmail } from '../../../src/domain/email';
import { hashPassword } from '../../shared/crypto';
import type { ServerContext } from '../../shared/server';
import type { WorkspaceTemplate } from '../../templates/template';
import { HRM_CLIENT, registeredClient, REGISTRATIONS } from './clients';
import type { AccountRow, ConnectDb, GroupRow, InvitedAdmin, OrganisationRow } from './db';
import { DEFAULT_LOCKOUT, newAccount } from './rules';

export async function seedConnect(db: ConnectDb, ctx: ServerContext, template: WorkspaceTemplate): Promise<void> {
  const at = ctx.clock.now();
  const accounts: AccountRow[] = [];
  const passwords = new Map<string, string>();
  for (const person of template.people) {
    if (!person.connectAccount) continue;
    const id = `acc_${ctx.random.hex(8)}`;
    const { password } = person.connectAccount;
    // An account without a password (generated tenants) is one whose owner signs in with "Forgot your password?".
    const salt = password === undefined ? null : ctx.random.hex(16);
    if (password !== undefined) passwords.set(id, password);
    accounts.push({
      ...newAccount({
        id,
        email: normalizeEmail(person.connectAccount.email),
        name: person.name,
        createdAt: at,
        apps: [...person.connectAccount.apps],
        externalIds: {},
      }),
      passwordSalt: salt,
      passwordChangedAt: password === undefined ? null : at,
    });
  }
  const clientSalt = ctx.random.hex(16);
  const organisation = seedOrganisation(ctx, template, accounts, at);
  const groups = seedGroups(ctx, template, organisation.id);

  // Hashes before the transaction: a non-IndexedDB await inside a Dexie transaction commits it.
  for (const account of accounts) {
    const password = passwords.get(account.id);
    if (password !== undefined) account.passwordHash = await hashPassword(password, account.passwordSalt!);
  }
  const hrmSecret = { hash: await hashPassword(template.tenant.hrmClientSecret, clientSalt), salt: clientSalt };
  const clients = REGISTRATIONS.map((registration) => registeredClient(registration, registration.id === HRM_CLIENT.id ? hrmSecret : null));

  const tables = [
    db.accounts,
    db.sessions,
    db.resetTokens,
    db.clients,
    db.audit,
    db.signingKeys,
    db.authRequests,
    db.codes,
    db.grants,
    db.accessTokens,
    db.refreshTokens,
    db.organisations,
    db.loginThrottles,
    db.passwordChanges,
    db.activations,
    db.domains,
    db.totpFactors,
    db.totpEnrolments,
    db.recoveryCodes,
    db.rememberedDevices,
    db.pendingSignIns,
    db.groups,
  ];
  await db.transaction('rw', tables, async () => {
    await Promise.all(tables.map((table) => table.clear()));
    await db.accounts.bulkAdd(accounts);
    await db.clients.bulkAdd(clients);
    await db.organisations.add(organisation);
    await db.groups.bulkAdd(groups);
  });
}

/**
 * The tenant at Connect: named after the template's tenant, managing its company domain, with Connect's default
 * lockout settings. R28: each first administrator the template names is invited — an account without a password
 * is made for one who has none (the activation link sets it), and the activation mail goes out when the workspace
 * starts (mail.test is seeded after Connect). Adds those accounts to `accounts`.
 */
function seedOrganisation(ctx: ServerContext, template: WorkspaceTemplate, accounts: AccountRow[], at: number): OrganisationRow {
  const id = `org_${ctx.random.hex(8)}`;
  const invited: InvitedAdmin[] = [];
  for (const email of (template.tenant.connectAdmins ?? []).map(normalizeEmail)) {
    let account = accounts.find((a) => a.email === email);
    if (!account) {
      const person = template.people.find((p) => p.email !== undefined && normalizeEmail(p.email) === email);
      account = newAccount({
        id: `acc_${ctx.random.hex(8)}`,
        email,
        name: person?.name ?? email,
        createdAt: at,
        apps: [],
        externalIds: {},
      });
      accounts.push(account);
    }
    const accountId = account.id;
    if (!invited.some((i) => i.accountId === accountId)) invited.push({ accountId, sentAt: null, expiresAt: null });
  }
  return {
    id,
    name: template.tenant.name,
    domains: [{ name: normalizeEmail(template.tenant.companyDomain), verifiedAt: null }],
    lockout: { ...DEFAULT_LOCKOUT },
    admins: [],
    invited,
    createdAt: at,
    // R21: "2FA is not mandatory today"; an administrator sets who must use it.
    twoFactor: { requiredGroupIds: [], everyoneFrom: null },
  };
}

/** The template's groups, each with the emails of the people who have its HRM role (the HRM user's email). */
function seedGroups(ctx: ServerContext, template: WorkspaceTemplate, organisationId: string): GroupRow[] {
  return (template.tenant.connectGroups ?? []).map((group) => ({
    id: `grp_${ctx.random.hex(8)}`,
    organisationId,
    name: group.name,
    members: [
      ...new Set(template.people.filter((p) => p.roles.includes(group.role) && p.email !== undefined).map((p) => normalizeEmail(p.email!))),
    ].sort(),
  }));
}
