// Owns the state hash of a workspace: one SHA-256 over every server database and the world's relevant parts, read as
// they are stored, in a canonical form (tables and keys sorted), so that two runs of a scenario from the same seed can
// be compared byte for byte. What cannot be deterministic is left out, each with its reason (LEFT_OUT below, and the
// docs/scenarios.md): it is the one place that says what "the same result" does not cover.
import Dexie from 'dexie';
import { databaseName } from '../shared/server';

/** The databases of a workspace, in hashing order: the servers', then the world's. */
export const HASHED_DATABASES = [
  'hrm',
  'connect',
  'mail',
  'expense',
  'dns',
  'entra',
  'google',
  'okta',
  'ping',
  'integrations',
  'world',
] as const;

/** A field left out of a table's rows: "*" for any table of the database. */
interface LeftOut {
  database: (typeof HASHED_DATABASES)[number];
  table: string;
  /** Dotted paths inside each row; "*" as a path leaves out the whole table. */
  fields: string[];
  why: string;
}

/**
 * What the hash leaves out, and why. Everything else of every database is hashed: users, links and journeys, codes'
 * digests, sessions, grants, audit logs, mails and their read flags, DNS records, the clock's world time, the random
 * streams' states, personas and their cookies and phones.
 */
export const LEFT_OUT: readonly LeftOut[] = [
  {
    database: 'connect',
    table: 'signingKeys',
    fields: ['*'],
    why: 'signing keys are real WebCrypto keys: generated, never seeded, so each run has its own',
  },
  ...(['entra', 'google', 'okta', 'ping'] as const).map((database) => ({
    database,
    table: 'signingKeys',
    fields: ['*'],
    why: 'an identity provider’s signing keys are real WebCrypto keys, as Connect’s are',
  })),
  {
    database: 'connect',
    table: 'identityProviders',
    fields: ['credential.privateJwk', 'credential.publicJwk', 'credential.certificatePem', 'credential.thumbprint'],
    why: 'Connect’s key for private_key_jwt and its certificate are real WebCrypto keys, never seeded; the kid and validity are kept',
  },
  {
    database: 'connect',
    table: 'passkeys',
    fields: ['publicKey'],
    why: 'a passkey’s public key is made by the authenticator with WebCrypto, never seeded (its credential ID counts by its alias)',
  },
  {
    database: 'connect',
    table: 'passkeyCeremonies',
    fields: ['response'],
    why: 'the authenticator’s raw answer carries its fresh public key and a randomized ECDSA signature; the decoded answer and the verdict are kept',
  },
  {
    database: 'world',
    table: 'browsers',
    fields: ['passkeys.sandbox.*.privateKey'],
    why: 'the sandbox authenticator’s private keys are WebCrypto keys, never seeded',
  },
  {
    database: 'world',
    table: 'traffic',
    fields: ['*'],
    why: 'the traffic log is the simulation’s record of the exchanges, not state: real durations, and bodies that carry signed tokens',
  },
  {
    database: 'world',
    table: 'trafficDetails',
    fields: ['*'],
    why: 'the traffic log’s headers and bodies (see traffic)',
  },
  {
    database: 'world',
    table: 'meta',
    fields: ['clock.anchorReal', 'workspaceId'],
    why: 'the real time the clock was anchored at, and the workspace’s own id; the world time (anchorWorld) is kept',
  },
];

/**
 * A JSON Web Token stored anywhere (the HRM's and Expense's sessions keep their ID and access tokens) is hashed by its
 * claims alone: its header names the run's key (kid) and its signature is made with it. The claims are all seeded.
 */
const JWT = /^eyJ[\w-]*\.(eyJ[\w-]*)\.[\w-]+$/;
export const JWT_RULE = 'JWTs anywhere in a row count by their claims: header (kid) and signature left out';

export type DatabaseDump = Record<string, Record<string, unknown[]>>;

/** Every hashed database of the workspace, rows in primary-key order, with what LEFT_OUT names removed. */
export async function dumpWorkspace(workspaceId: string): Promise<DatabaseDump> {
  const dump: DatabaseDump = {};
  for (const name of HASHED_DATABASES) {
    const full = databaseName(workspaceId, name);
    if (!(await Dexie.exists(full))) continue;
    // Opened without a schema: Dexie reads the stored one, whatever version this server is at.
    const db = new Dexie(full);
    try {
      await db.open();
      const tables: Record<string, unknown[]> = {};
      for (const table of [...db.tables].sort((a, b) => a.name.localeCompare(b.name))) {
        const rules = LEFT_OUT.filter((r) => r.database === name && (r.table === table.name || r.table === '*'));
        if (rules.some((r) => r.fields.includes('*'))) continue;
        const rows = await table.toArray();
        tables[table.name] = rows.map((row) =>
          leaveOut(
            row,
            rules.flatMap((r) => r.fields),
          ),
        );
      }
      dump[name] = tables;
    } finally {
      db.close();
    }
  }
  return dump;
}

/**
 * The workspace's state hash: SHA-256 (hex) of its canonical dump, where each passkey's credential ID (the digest of
 * an unseeded public key) is named by its alias, "passkey-1", "passkey-2"…, in the order Connect first saw them.
 */
export async function stateHash(workspaceId: string): Promise<string> {
  return sha256Hex(canonicalText(await dumpWorkspace(workspaceId)));
}

/** The dump as the hash reads it: canonical JSON with credential IDs aliased. */
export function canonicalText(dump: DatabaseDump): string {
  let text = canonicalJson(dump);
  credentialIds(dump).forEach((id, i) => {
    text = text.split(id).join(`passkey-${i + 1}`);
  });
  return text;
}

/** Credential IDs in a stable order: as the ceremonies (numbered) met them, then Connect's passkeys, then the sandbox's. */
function credentialIds(dump: DatabaseDump): string[] {
  const ids: string[] = [];
  const add = (id: unknown) => {
    if (typeof id === 'string' && id.length >= 16 && !ids.includes(id)) ids.push(id);
  };
  for (const row of (dump.connect?.passkeyCeremonies ?? []) as Array<{ decoded?: { credentialId?: unknown } | null }>)
    add(row.decoded?.credentialId);
  const passkeys = [...((dump.connect?.passkeys ?? []) as Array<{ id: unknown; createdAt: number }>)].sort(
    (a, b) => a.createdAt - b.createdAt,
  );
  for (const row of passkeys) add(row.id);
  for (const row of (dump.world?.browsers ?? []) as Array<{ passkeys?: { sandbox?: Array<{ id: unknown }> } }>)
    for (const c of row.passkeys?.sandbox ?? []) add(c.id);
  return ids;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** JSON with object keys sorted at every level; binary data as hex, Maps and Sets as sorted entries. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value));
}

function canonical(value: unknown): unknown {
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
    return {
      $bytes: [...new Uint8Array(value instanceof ArrayBuffer ? value : value)].map((b) => b.toString(16).padStart(2, '0')).join(''),
    };
  }
  if (ArrayBuffer.isView(value)) return canonical(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  if (value instanceof Date) return { $date: value.getTime() };
  if (value instanceof Map) return { $map: [...value.entries()].map(([k, v]) => [canonical(k), canonical(v)]) };
  if (value instanceof Set) return { $set: [...value].map(canonical) };
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = canonical((value as Record<string, unknown>)[key]);
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
  if (typeof value === 'string') {
    const jwt = JWT.exec(value);
    if (jwt) return { $jwtClaims: jwt[1] };
  }
  return value;
}

/** The row without the fields at `paths` (dotted; "*" steps into every element of an array). */
function leaveOut(row: unknown, paths: readonly string[]): unknown {
  if (paths.length === 0 || row === null || typeof row !== 'object') return row;
  const copy = structuredClone(row) as Record<string, unknown>;
  for (const path of paths) remove(copy, path.split('.'));
  return copy;
}

function remove(at: unknown, parts: readonly string[]): void {
  if (at === null || typeof at !== 'object') return;
  const [head, ...rest] = parts;
  if (head === '*') {
    if (Array.isArray(at)) for (const item of at) remove(item, rest);
    return;
  }
  if (rest.length === 0) delete (at as Record<string, unknown>)[head!];
  else remove((at as Record<string, unknown>)[head!], rest);
}
