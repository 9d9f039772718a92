// Owns filling a fresh HRM database from a workspace template: users with salted PBKDF2 hashes, employments,
// an unlinked journey per user, and the tenant's settings and rollout phase. Clock and random come from ctx.
import { initialTransition, transition } from 'xstate';
import { linkingMachine } from '../../../machines/linking';
import { rolloutMachine } from '../../../machines/rollout';
import { normalizeEmail } from '../../../src/domain/email';
import { hashPassword } from '../../shared/crypto';
import type { ServerContext } from '../../shared/server';
import type { WorkspaceTemplate } from '../../templates/template';
import type { EmploymentRow, HrmDb, LinkRow, UserRow } from './db';
import { linkRow, persistRollout } from './store';

export async function seedHrm(db: HrmDb, ctx: ServerContext, template: WorkspaceTemplate): Promise<void> {
  const users: UserRow[] = [];
  const employments: EmploymentRow[] = [];
  // Ids and salts are drawn in template order, so the same seed gives the same ids.
  for (const person of template.people) {
    const id = `usr_${ctx.random.hex(8)}`;
    const salt = ctx.random.hex(16);
    users.push({
      id,
      loginId: person.loginId,
      name: person.name,
      email: person.email ? normalizeEmail(person.email) : null,
      roles: [...person.roles],
      timeclockOnly: person.roles.length > 0 && person.roles.every((r) => r === 'timeclock') ? 1 : 0,
      passwordHash: '',
      passwordSalt: salt,
      employeeNumber: person.loginId,
    });
    for (const e of person.employments) {
      employments.push({
        id: `emp_${ctx.random.hex(8)}`,
        userId: id,
        title: e.title,
        department: e.department,
        email: e.email ? normalizeEmail(e.email) : null,
        mailingsActivated: e.mailingsActivated ? 1 : 0,
        status: e.status ?? 'active',
      });
    }
  }
  // Hashes before the transaction: a non-IndexedDB await inside a Dexie transaction commits it.
  const passwords = new Map(template.people.map((p) => [p.loginId, p.password]));
  for (const user of users) user.passwordHash = await hashPassword(passwords.get(user.loginId)!, user.passwordSalt);

  const [unlinked] = initialTransition(linkingMachine);
  const links: LinkRow[] = users.map((u) => linkRow(u.id, unlinked));

  let [rollout] = initialTransition(rolloutMachine);
  if (template.tenant.phase === 'preparation') [rollout] = transition(rolloutMachine, rollout, { type: 'START_PREPARATION', now: ctx.clock.now() });

  await db.transaction('rw', [db.users, db.employments, db.links, db.sessions, db.settings, db.audit], async () => {
    await Promise.all([db.users.clear(), db.employments.clear(), db.links.clear(), db.sessions.clear(), db.settings.clear(), db.audit.clear()]);
    await db.users.bulkAdd(users);
    await db.employments.bulkAdd(employments);
    await db.links.bulkAdd(links);
    await db.settings.bulkPut([
      { key: 'tenant', name: template.tenant.name, hrmClientSecret: template.tenant.hrmClientSecret, companyDomain: template.tenant.companyDomain },
      { key: 'security', allowedDomains: template.tenant.allowedDomains.map((d) => d.trim().toLowerCase()) },
      { key: 'rollout', snapshot: persistRollout(rollout) },
    ]);
  });
}
