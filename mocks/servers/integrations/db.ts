// Owns the integrations server's database (one per workspace): console accounts and sessions, each integration's
// configuration with its version, the run log of every call an integration made or received, the SMS provider's
// messages and the file server's received files. Versions are append-only.
import Dexie, { type EntityTable } from 'dexie';
import type {
  ApiClientConfig,
  CalendarConfig,
  FileServerConfig,
  ReceivedFile,
  RunLogEntry,
  SmsConfig,
  SmsMessage,
} from '../../../src/contracts/integrations';
import { databaseName } from '../../shared/server';

export interface IntegrationsAccountRow {
  id: string;
  /** Normalised; unique. */
  email: string;
  name: string;
  passwordHash: string;
  passwordSalt: string;
}

export interface IntegrationsSessionRow {
  /** The cookie's value. */
  id: string;
  accountId: string;
  /** World time. */
  expiresAt: number;
}

interface Versioned {
  version: number;
  updatedAt: number;
}

export type IntegrationRow =
  | (Versioned & { id: 'payroll-export'; config: ApiClientConfig })
  | (Versioned & { id: 'calendar-app'; config: CalendarConfig })
  | (Versioned & { id: 'sms'; config: SmsConfig })
  | (Versioned & { id: 'file-server'; config: FileServerConfig });

export type RunRow = Omit<RunLogEntry, 'seq'> & { seq?: number; integration: IntegrationRow['id'] };

export type SmsMessageRow = SmsMessage;

export interface FileRow extends ReceivedFile {
  seq?: number;
  content: string;
}

export class IntegrationsDb extends Dexie {
  accounts!: EntityTable<IntegrationsAccountRow, 'id'>;
  sessions!: EntityTable<IntegrationsSessionRow, 'id'>;
  integrations!: EntityTable<IntegrationRow, 'id'>;
  runs!: EntityTable<RunRow, 'seq'>;
  smsMessages!: EntityTable<SmsMessageRow, 'id'>;
  files!: EntityTable<FileRow, 'seq'>;

  constructor(workspaceId: string) {
    super(databaseName(workspaceId, 'integrations'));
    this.version(1).stores({
      accounts: 'id, &email',
      sessions: 'id, accountId',
      integrations: 'id',
      // By integration: each console page lists its own integration's log, newest first.
      runs: '++seq, integration',
      smsMessages: 'id, receivedAt',
      files: '++seq, fileName',
    });
  }
}
