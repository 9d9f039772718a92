// Benchmarks of Connect's admin portal at the scale of the largest customers (never asserted in tests): the Users tab's
// first and last page, a search and a filter, and the audit log's page of one category, over 17,000 accounts.
import { bench, describe } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import { ConnectDb, type AccountRow, type AuditRow } from '../../mocks/servers/connect/db';
import { newAccount } from '../../mocks/servers/connect/rules';
import { createTestWorld, type TestBrowser, type TestWorld } from '../support/harness';

const CONNECT = 'https://connect.test';
const ACCOUNTS = 17_000;

let world: TestWorld | undefined;
let karin: TestBrowser;

/** One workspace for every figure: Karin activated and signed in, 17,000 accounts and a login of each in the audit log. */
async function bigWorkspace(): Promise<void> {
  if (world) return;
  globalThis.indexedDB = new IDBFactory();
  world = await createTestWorld();
  karin = world.browser('karin');
  await karin.api('https://mail.test/api/session', { body: { address: 'karin.berg@company.com', password: 'karin-hrm-1' } });
  const listing = (await (await karin.api(`https://mail.test/api/mailboxes/karin.berg@company.com/messages`)).json()) as {
    messages: Array<{ id: string }>;
  };
  const mail = (await (await karin.api(`https://mail.test/api/messages/${listing.messages[0]!.id}`)).json()) as { text: string };
  const token = /token=([0-9a-f]{64})/.exec(mail.text)![1]!;
  await karin.api(`${CONNECT}/api/activate`, {
    body: { token, password: 'karin-admin-passphrase', confirmPassword: 'karin-admin-passphrase' },
  });
  await karin.api(`${CONNECT}/api/session`, { body: { email: 'karin.berg@company.com', password: 'karin-admin-passphrase' } });

  const db = new ConnectDb(world.workspace.id);
  const at = world.now();
  const accounts: AccountRow[] = [];
  const audit: AuditRow[] = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const n = String(i).padStart(5, '0');
    const email = `person.${n}@company.com`;
    accounts.push(newAccount({ id: `acc_bench${n}`, email, name: `Person ${n}`, createdAt: at, apps: ['HRM'], externalIds: {} }));
    audit.push({ at, type: 'login', accountId: `acc_bench${n}`, email, detail: `Person ${n} logged in with a password` });
  }
  await db.accounts.bulkAdd(accounts);
  await db.audit.bulkAdd(audit);
  db.close();
}

async function get(path: string): Promise<void> {
  const response = await karin.api(`${CONNECT}${path}`);
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
}

describe('Connect admin portal at 17,000 accounts', () => {
  const options = { setup: bigWorkspace, iterations: 20, warmupIterations: 2 };
  bench('Users tab: first page', () => get('/api/admin/users'), options);
  bench('Users tab: last page', () => get(`/api/admin/users?offset=${ACCOUNTS - 25}`), options);
  bench('Users tab: search "person 169"', () => get('/api/admin/users?q=person%20169'), options);
  bench('Users tab: the blocked', () => get('/api/admin/users?filter=blocked'), options);
  bench('Audit log: logins, a page deep', () => get('/api/admin/audit?category=logins&offset=8000'), options);
});
