// Owns the shape of every row of the DNS provider's database: what a workspace file's DNS database is checked against
// before anything is written.
import { z } from 'zod';
import { RECORD_TYPES, type RecordType } from '../../../src/contracts/dns';
import { count, date, membersOf, rowOf, text, type RowSchemas } from '../../shared/row-schema';
import type { ChangeRow, DnsAccountRow, DnsSessionRow, FileRow, RecordRow, ZoneRow } from './db';

const recordType = membersOf<RecordType>()(RECORD_TYPES);
const ttl = count;

export const DNS_ROW_SCHEMAS: RowSchemas = {
  accounts: rowOf<DnsAccountRow>({ id: text.min(1), email: text, name: text, passwordHash: text, passwordSalt: text }),
  sessions: rowOf<DnsSessionRow>({ id: text.min(1), accountId: text, expiresAt: date }),
  zones: rowOf<ZoneRow>({ name: text.min(1), ownerId: text, createdAt: date }),
  records: rowOf<RecordRow>({
    id: text.min(1),
    zone: text,
    host: text,
    name: text,
    type: recordType,
    value: text,
    ttl,
    createdAt: date,
    updatedAt: date,
  }),
  changes: rowOf<ChangeRow>({
    seq: z.number().int().positive().optional(),
    recordId: text,
    zone: text,
    name: text,
    type: recordType,
    value: text.nullable(),
    ttl,
    at: date,
    visibleAt: date,
  }),
  files: rowOf<FileRow>({ zone: text, path: text, content: text, contentType: text, uploadedAt: date }),
};
