// Owns the shape of every row of the integrations server's database: what a workspace file's integrations database is
// checked against before anything is written.
import { z } from 'zod';
import type { CalendarSubscription, RunLogEntry } from '../../../src/contracts/integrations';
import { count, date, dateOrNull, membersOf, rowOf, text, textOrNull, texts, type RowSchemas } from '../../shared/row-schema';
import type { FileRow, IntegrationRow, IntegrationsAccountRow, IntegrationsSessionRow, RunRow, SmsMessageRow } from './db';

const version = z.number().int().positive();
const subscription = rowOf<CalendarSubscription>({
  personName: text,
  url: text,
  events: count.nullable(),
  lastRefreshAt: dateOrNull,
  lastError: textOrNull,
  etag: textOrNull.optional(),
});

const integration: z.ZodType<IntegrationRow> = z.discriminatedUnion('id', [
  z.object({ id: z.literal('payroll-export'), version, updatedAt: date, config: z.object({ name: text, baseUrl: text, apiKey: text }) }),
  z.object({
    id: z.literal('calendar-app'),
    version,
    updatedAt: date,
    config: z.object({ name: text, subscriptions: z.array(subscription) }),
  }),
  z.object({ id: z.literal('sms'), version, updatedAt: date, config: z.object({ name: text, callbackUrl: text }) }),
  z.object({ id: z.literal('file-server'), version, updatedAt: date, config: z.object({ name: text, allowList: texts }) }),
]);

export const INTEGRATIONS_ROW_SCHEMAS: RowSchemas = {
  accounts: rowOf<IntegrationsAccountRow>({ id: text.min(1), email: text, name: text, passwordHash: text, passwordSalt: text }),
  sessions: rowOf<IntegrationsSessionRow>({ id: text.min(1), accountId: text, expiresAt: date }),
  integrations: integration,
  runs: rowOf<RunRow>({
    seq: z.number().int().positive().optional(),
    integration: membersOf<RunRow['integration']>()(['payroll-export', 'calendar-app', 'sms', 'file-server']),
    runId: text,
    at: date,
    trigger: membersOf<RunLogEntry['trigger']>()(['schedule', 'manual', 'reply', 'inbound']),
    method: text,
    url: text,
    status: z.number().int().min(100).max(599).nullable(),
    ok: z.boolean(),
    message: text,
    details: texts,
  }),
  smsMessages: rowOf<SmsMessageRow>({
    id: text.min(1),
    to: text,
    text,
    reference: text,
    receivedAt: date,
    reply: z.enum(['YES', 'NO']).nullable(),
  }),
  files: rowOf<FileRow>({
    seq: z.number().int().positive().optional(),
    fileName: text,
    size: count,
    rows: count,
    receivedAt: date,
    from: text,
    content: text,
  }),
};
