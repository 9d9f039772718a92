// Owns the DNS provider's database (one per workspace): customer accounts and their console sessions, the zones they
// own, each zone's records as the console shows them, the log of changes resolvers catch up with (propagation), and
// the files of each domain's website root. Versions are append-only.
import Dexie, { type EntityTable } from 'dexie';
import type { RecordType } from '../../../src/contracts/dns';
import { databaseName } from '../../shared/server';

export interface DnsAccountRow {
  id: string;
  /** Normalised; unique. */
  email: string;
  name: string;
  passwordHash: string;
  passwordSalt: string;
}

export interface DnsSessionRow {
  /** The cookie's value. */
  id: string;
  accountId: string;
  /** World time. */
  expiresAt: number;
}

export interface ZoneRow {
  /** The domain, lower case, without the trailing dot: "company.com". */
  name: string;
  ownerId: string;
  createdAt: number;
}

/** A record as the zone holds it now (the authoritative data); resolvers may still see an older version. */
export interface RecordRow {
  id: string;
  zone: string;
  /** "@" or a name relative to the zone. */
  host: string;
  /** The full name, without the trailing dot. */
  name: string;
  type: RecordType;
  value: string;
  ttl: number;
  createdAt: number;
  updatedAt: number;
}

/**
 * One change of one record at one name, as resolvers will come to see it: `value` null is a deletion. A record moved
 * to another host is a deletion at the old name and a creation at the new one.
 */
export interface ChangeRow {
  seq?: number;
  recordId: string;
  zone: string;
  name: string;
  type: RecordType;
  value: string | null;
  ttl: number;
  at: number;
  /** World time from which resolvers answer with this change (rules.ts visibleAfter). */
  visibleAt: number;
}

/** A file at a domain's website root (https://<zone>/<path>). */
export interface FileRow {
  zone: string;
  path: string;
  content: string;
  contentType: string;
  uploadedAt: number;
}

export class DnsDb extends Dexie {
  accounts!: EntityTable<DnsAccountRow, 'id'>;
  sessions!: EntityTable<DnsSessionRow, 'id'>;
  zones!: EntityTable<ZoneRow, 'name'>;
  records!: EntityTable<RecordRow, 'id'>;
  changes!: EntityTable<ChangeRow, 'seq'>;
  files!: Dexie.Table<FileRow, [string, string]>;

  constructor(workspaceId: string) {
    super(databaseName(workspaceId, 'dns'));
    this.version(1).stores({
      accounts: 'id, &email',
      sessions: 'id, accountId',
      zones: 'name, ownerId',
      records: 'id, zone',
      // By zone: a resolver answers from one zone's changes; by visibleAt: the clock's next propagation event.
      changes: '++seq, zone, visibleAt',
      files: '[zone+path], zone',
    });
  }
}
