// Owns the list of a workspace's databases: the world's and one per simulated server, each by the name it has after
// the workspace id (`rollout-rehearsal/<id>/<name>`), with the Dexie class that declares its tables.
import type Dexie from 'dexie';
import { WorldDb } from '../world/db';
import { HrmDb } from '../servers/hrm/db';
import { ConnectDb } from '../servers/connect/db';
import { MailDb } from '../servers/mail/db';
import { ExpenseDb } from '../servers/expense/db';
import { DnsDb } from '../servers/dns/db';
import { EntraDb } from '../servers/entra/db';
import { GoogleDb } from '../servers/google/db';
import { OktaDb } from '../servers/okta/db';
import { PingDb } from '../servers/ping/db';
import { IntegrationsDb } from '../servers/integrations/db';

export const WORKSPACE_DATABASES = {
  world: WorldDb,
  hrm: HrmDb,
  connect: ConnectDb,
  mail: MailDb,
  expense: ExpenseDb,
  entra: EntraDb,
  google: GoogleDb,
  okta: OktaDb,
  ping: PingDb,
  integrations: IntegrationsDb,
  dns: DnsDb,
} as const satisfies Record<string, new (workspaceId: string) => Dexie>;

export type DatabaseName = keyof typeof WORKSPACE_DATABASES;
export const DATABASE_NAMES = Object.keys(WORKSPACE_DATABASES) as DatabaseName[];

/** Every database of a workspace at one moment, each as dexie-export-import's JSON text. */
export type DatabaseTexts = Record<DatabaseName, string>;
