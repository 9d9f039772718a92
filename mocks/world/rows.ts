// Owns the shape of every row of the world database, as the simulation reads it when a workspace opens: the checks a
// workspace file's world passes before anything is written.
import { z } from 'zod';
import type { ExchangeSummary } from '../../src/contracts/network';
import type { AuthenticatorChoice, Persona, PhoneAccount, SandboxCredential } from '../../src/contracts/simulation';
import type { SameSite } from '../../src/contracts/wire';
import type { TotpAlgorithm } from '../../src/domain/totp';
import type { StoredCookie } from '../../src/domain/cookie-jar';
import type { WorldClockState } from '../../src/domain/clock';
import { date, dateOrNull, jwk, membersOf, rowOf, text, textOrNull, texts, type RowSchemas } from '../shared/row-schema';
import type { ExchangeDetails, StoredBrowser, StoredPhone, WorldMeta } from './db';
import { localeSchema } from '../../src/domain/locale';

/** Faster than any speed the clock bar offers (600): a sane bound, so a file cannot make world time race past 9999. */
export const MAX_CLOCK_SPEED = 86_400;

const clock = rowOf<WorldClockState>({
  anchorWorld: date,
  anchorReal: z.number().finite().nonnegative(),
  speed: z.number().positive().max(MAX_CLOCK_SPEED),
  paused: z.boolean(),
});

const meta = rowOf<WorldMeta>({
  key: z.literal('world'),
  workspaceId: text,
  templateId: text.min(1),
  seed: text.min(1),
  clock,
  randomStates: z.record(z.string(), z.tuple([z.number().int(), z.number().int(), z.number().int(), z.number().int()])),
  running: z.boolean().optional(),
  restarts: z.number().int().nonnegative().optional(),
  currentPersonaId: textOrNull,
  language: localeSchema.optional(),
});

const persona = rowOf<Persona>({
  id: text.min(1),
  name: text,
  role: text,
  note: text,
  hrmLoginId: text,
  hrmPassword: text,
  idpSignIn: z.object({ provider: text, username: text, password: text }).optional(),
  mailboxes: texts,
  order: z.number().finite(),
  language: localeSchema.optional(),
});

const summaryFields = {
  id: z.number().int().nonnegative(),
  at: date,
  initiator: text,
  method: text,
  url: text,
  status: z.number().int(),
  location: textOrNull,
  durationMs: z.number().finite().nonnegative(),
  navigationId: z.number().int().optional(),
  mimeType: text.optional(),
};
const traffic = rowOf<ExchangeSummary>(summaryFields);

const headers = z.record(z.string(), z.string());
const trafficDetails = rowOf<ExchangeDetails>({
  id: z.number().int().nonnegative(),
  requestHeaders: headers,
  requestBody: textOrNull,
  requestBodySize: z.number().int().nonnegative().optional(),
  responseHeaders: headers,
  responseBody: textOrNull,
  responseBodySize: z.number().int().nonnegative().optional(),
});

const cookie = rowOf<StoredCookie>({
  host: text,
  name: text,
  value: text,
  path: text,
  expiresAt: dateOrNull,
  sameSite: membersOf<SameSite>()(['Strict', 'Lax', 'None']).optional(),
});

const sandboxCredential = rowOf<SandboxCredential>({
  id: text,
  rpId: text,
  userHandle: text,
  userName: text,
  userDisplayName: text,
  privateKey: jwk,
  signCount: z.number().int().nonnegative(),
});

const browser = rowOf<StoredBrowser>({
  personaId: text.min(1),
  history: texts,
  index: z.number().int().min(-1),
  cookies: z.array(cookie),
  passkeys: z
    .object({ authenticator: membersOf<AuthenticatorChoice>()(['automatic', 'device', 'sandbox']), sandbox: z.array(sandboxCredential) })
    .optional(),
});

const phone = rowOf<StoredPhone>({
  personaId: text.min(1),
  accounts: z.array(
    rowOf<PhoneAccount>({
      issuer: text,
      label: text,
      secret: text,
      algorithm: membersOf<TotpAlgorithm>()(['SHA1', 'SHA256', 'SHA512']),
      digits: z.number().int().positive().max(10),
      period: z.number().int().positive(),
      addedAt: date,
    }),
  ),
  clockOffsetSeconds: z.number().int(),
});

export const WORLD_ROW_SCHEMAS: RowSchemas = { meta, traffic, trafficDetails, personas: persona, browsers: browser, phones: phone };
