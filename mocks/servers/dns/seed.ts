// Owns filling a fresh DNS provider database from a workspace template: each person's provider account and the zones
// it owns (the company's domain, run by its IT administrator), with the records a company's zone already has (mail's
// SPF and DMARC), long propagated. Ids and salts come from ctx.random in template order.
import { DAY } from '../../../src/domain/clock';
import { normalizeEmail } from '../../../src/domain/email';
import { hashPassword } from '../../shared/crypto';
import type { ServerContext } from '../../shared/server';
import type { WorkspaceTemplate } from '../../templates/template';
import type { ChangeRow, DnsAccountRow, DnsDb, RecordRow, ZoneRow } from './db';
import { APEX, fullName, normalizeName, visibleAfter } from './rules';

/** Records every seeded zone starts with, set up a month before the workspace starts. */
function existingRecords(zone: string): Array<Pick<RecordRow, 'host' | 'type' | 'value' | 'ttl'>> {
  return [
    { host: APEX, type: 'TXT', value: 'v=spf1 include:_spf.mail.test ~all', ttl: 3600 },
    { host: '_dmarc', type: 'TXT', value: `v=DMARC1; p=none; rua=mailto:dmarc@${zone}`, ttl: 3600 },
  ];
}

export async function seedDns(db: DnsDb, ctx: ServerContext, template: WorkspaceTemplate): Promise<void> {
  const since = template.startsAt - 30 * DAY;
  const accounts: Array<DnsAccountRow & { password: string }> = [];
  const zones: ZoneRow[] = [];
  const records: RecordRow[] = [];
  const changes: ChangeRow[] = [];
  for (const person of template.people) {
    if (!person.dnsAccount) continue;
    const id = `dnsacc_${ctx.random.hex(8)}`;
    const { email, password } = person.dnsAccount;
    accounts.push({ id, email: normalizeEmail(email), name: person.name, passwordHash: '', passwordSalt: ctx.random.hex(16), password });
    for (const zoneName of person.dnsAccount.zones) {
      const zone = normalizeName(zoneName);
      zones.push({ name: zone, ownerId: id, createdAt: since });
      for (const record of existingRecords(zone)) {
        const row: RecordRow = {
          id: `rec_${ctx.random.hex(8)}`,
          zone,
          name: fullName(record.host, zone),
          createdAt: since,
          updatedAt: since,
          ...record,
        };
        records.push(row);
        changes.push({
          recordId: row.id,
          zone,
          name: row.name,
          type: row.type,
          value: row.value,
          ttl: row.ttl,
          at: since,
          visibleAt: visibleAfter(since, row.ttl),
        });
      }
    }
  }
  // Hashes before the transaction: a non-IndexedDB await inside a Dexie transaction commits it.
  for (const account of accounts) account.passwordHash = await hashPassword(account.password, account.passwordSalt);

  const tables = [db.accounts, db.sessions, db.zones, db.records, db.changes, db.files];
  await db.transaction('rw', tables, async () => {
    await Promise.all(tables.map((table) => table.clear()));
    await db.accounts.bulkAdd(accounts.map(({ password: _password, ...row }) => row));
    await db.zones.bulkAdd(zones);
    await db.records.bulkAdd(records);
    await db.changes.bulkAdd(changes);
  });
}
