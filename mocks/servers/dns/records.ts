// Owns the console's record API: list a zone's records (with when resolvers see each), add, edit and delete TXT and
// CNAME records. Every change is logged with the moment it reaches resolvers (rules.ts visibleAfter).
import { z } from 'zod';
import type { DnsRecord, RecordListing } from '../../../src/contracts/dns';
import type { Result } from '../../../src/domain/errors';
import { json, problemFrom, readJson } from '../../shared/http';
import type { ChangeRow, RecordRow } from './db';
import { dnsProblem, now, param, requireAccount, requireZone, scheduleChange, type DnsEnv, type Params } from './env';
import {
  checkCoexistence,
  currentVersions,
  MESSAGES,
  parseHost,
  parseTtl,
  parseType,
  parseValue,
  stillVisibleDeletions,
  toDnsRecord,
  visibleAfter,
  type RecordCandidate,
} from './rules';

const RecordBody = z.object({
  host: z.string().max(300),
  type: z.string().max(16),
  value: z.string().max(4096),
  ttl: z.number().nullable().optional(),
});

/** A zone's records as the console shows them, and its deletions resolvers have not caught up with yet. */
export async function zoneListing(env: DnsEnv, zone: string): Promise<RecordListing> {
  const [records, changes] = await env.db.transaction('r', env.db.records, env.db.changes, () =>
    Promise.all([env.db.records.where('zone').equals(zone).toArray(), env.db.changes.where('zone').equals(zone).toArray()]),
  );
  return { zone, records: currentVersions(records, changes), deleted: stillVisibleDeletions(zone, changes, now(env)) };
}

/** Checks the fields in the order the form shows them: type, host, value, TTL. */
function candidateOf(body: z.infer<typeof RecordBody>, zone: string): Result<RecordCandidate & { ttl: number }> {
  const type = parseType(body.type);
  if (!type.ok) return type;
  const host = parseHost(body.host, zone);
  if (!host.ok) return host;
  const value = parseValue(type.value, body.value);
  if (!value.ok) return value;
  const ttl = parseTtl(body.ttl);
  if (!ttl.ok) return ttl;
  return { ok: true, value: { ...host.value, type: type.value, value: value.value, ttl: ttl.value } };
}

/** GET /api/zones/:zone/records → RecordListing. */
export async function listRecords(env: DnsEnv, request: Request, params: Params): Promise<Response> {
  const zone = await requireZone(env, await requireAccount(env, request), params);
  return json<RecordListing>(await zoneListing(env, zone.name));
}

/** POST /api/zones/:zone/records RecordInput → 201 DnsRecord. Resolvers see it once its TTL has passed. */
export async function addRecord(env: DnsEnv, request: Request, params: Params): Promise<Response> {
  const zone = await requireZone(env, await requireAccount(env, request), params);
  const candidate = candidateOf(await readJson(request, RecordBody), zone.name);
  if (!candidate.ok) return problemFrom(422, candidate.problem);
  const at = now(env);
  const row: RecordRow = { id: `rec_${env.ctx.random.hex(8)}`, zone: zone.name, createdAt: at, updatedAt: at, ...candidate.value };
  const change: ChangeRow = {
    recordId: row.id,
    zone: zone.name,
    name: row.name,
    type: row.type,
    value: row.value,
    ttl: row.ttl,
    at,
    visibleAt: visibleAfter(at, row.ttl),
  };

  const outcome = await env.db.transaction('rw', env.db.records, env.db.changes, async () => {
    const coexists = checkCoexistence(row, zone.name, await env.db.records.where('zone').equals(zone.name).toArray());
    if (!coexists.ok) return coexists;
    await env.db.records.add(row);
    change.seq = await env.db.changes.add(change);
    return coexists;
  });
  if (!outcome.ok) return problemFrom(422, outcome.problem);
  scheduleChange(env, change);
  return json<DnsRecord>(toDnsRecord(row, change.visibleAt), { status: 201 });
}

/**
 * PUT /api/zones/:zone/records/:id RecordInput → DnsRecord. Resolvers keep the old version until the TTL it was served
 * with has passed; a record moved to another host disappears from the old one on the same terms.
 */
export async function updateRecord(env: DnsEnv, request: Request, params: Params): Promise<Response> {
  const zone = await requireZone(env, await requireAccount(env, request), params);
  const candidate = candidateOf(await readJson(request, RecordBody), zone.name);
  if (!candidate.ok) return problemFrom(422, candidate.problem);
  const id = param(params, 'id');
  const at = now(env);

  const outcome = await env.db.transaction('rw', env.db.records, env.db.changes, async () => {
    const old = await env.db.records.get(id);
    if (!old || old.zone !== zone.name)
      return { ok: false as const, status: 404, problem: { code: 'not_found' as const, message: MESSAGES.recordNotFound(id) } };
    const others = (await env.db.records.where('zone').equals(zone.name).toArray()).filter((r) => r.id !== id);
    const coexists = checkCoexistence(candidate.value, zone.name, others);
    if (!coexists.ok) return { ok: false as const, status: 422, problem: coexists.problem };
    const row: RecordRow = { ...old, ...candidate.value, updatedAt: at };
    const unchanged = old.name === row.name && old.type === row.type && old.value === row.value && old.ttl === row.ttl;
    if (unchanged) return { ok: true as const, row, changes: [] as ChangeRow[] };
    const changes: ChangeRow[] = [];
    const base = { recordId: id, zone: zone.name, at };
    if (old.name !== row.name) {
      changes.push({ ...base, name: old.name, type: old.type, value: null, ttl: old.ttl, visibleAt: visibleAfter(at, old.ttl) });
      changes.push({ ...base, name: row.name, type: row.type, value: row.value, ttl: row.ttl, visibleAt: visibleAfter(at, row.ttl) });
    } else {
      changes.push({ ...base, name: row.name, type: row.type, value: row.value, ttl: row.ttl, visibleAt: visibleAfter(at, old.ttl) });
    }
    await env.db.records.put(row);
    for (const change of changes) change.seq = await env.db.changes.add(change);
    return { ok: true as const, row, changes };
  });
  if (!outcome.ok)
    return outcome.status === 404 ? dnsProblem(404, 'not_found', outcome.problem.message) : problemFrom(422, outcome.problem);
  for (const change of outcome.changes) scheduleChange(env, change);
  const listing = await zoneListing(env, zone.name);
  return json<DnsRecord>(listing.records.find((r) => r.id === id) ?? toDnsRecord(outcome.row, at));
}

/** DELETE /api/zones/:zone/records/:id → 204. Resolvers keep answering with it until its TTL has passed. */
export async function deleteRecord(env: DnsEnv, request: Request, params: Params): Promise<Response> {
  const zone = await requireZone(env, await requireAccount(env, request), params);
  const id = param(params, 'id');
  const at = now(env);
  const change = await env.db.transaction('rw', env.db.records, env.db.changes, async () => {
    const old = await env.db.records.get(id);
    if (!old || old.zone !== zone.name) return undefined;
    const deletion: ChangeRow = {
      recordId: id,
      zone: zone.name,
      name: old.name,
      type: old.type,
      value: null,
      ttl: old.ttl,
      at,
      visibleAt: visibleAfter(at, old.ttl),
    };
    await env.db.records.delete(id);
    deletion.seq = await env.db.changes.add(deletion);
    return deletion;
  });
  if (!change) return dnsProblem(404, 'not_found', MESSAGES.recordNotFound(id));
  scheduleChange(env, change);
  return new Response(null, { status: 204 });
}
