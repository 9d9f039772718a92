// Owns the public REST API's clients (R18): creating one (its key shown once, stored only as a SHA-256 digest),
// revoking one, listing them with the travel expense reports received, and finding the client of a Bearer key.
import { z } from 'zod';
import type { ApiClientSummary, ApiClientsAnswer, CreatedApiClient, TravelExpenseReport } from '../../../src/contracts/hrm-integrations';
import { sha256Hex } from '../../shared/crypto';
import { json, problem } from '../../shared/http';
import { storageFailureOf } from '../../shared/storage-failure';
import type { WorkspaceTemplate } from '../../templates/template';
import type { ApiClientRow, TravelExpenseRow } from './db';
import { now, type HrmEnv } from './env';
import { requireAdmin } from './signed-in';

export const API_CLIENT_NAME_MAX = 80;
const KEY_PREFIX_LENGTH = 8;

export const API_CLIENT_MESSAGES = {
  nameRequired: 'Enter a name for the API client, e.g. the system that will call the API.',
  nameTooLong: `Keep the name to ${API_CLIENT_NAME_MAX} characters.`,
  nameTaken: (name: string) => `An API client named “${name}” already exists: choose another name, or revoke that one first.`,
  notFound: (id: string) => `There is no API client ${id}: reload the page to see the current list.`,
  alreadyRevoked: (name: string) => `The key of “${name}” was already revoked: reload the page to see the current list.`,
} as const;

export function summaryOf(row: ApiClientRow): ApiClientSummary {
  return {
    id: row.id,
    name: row.name,
    keyPrefix: row.keyPrefix,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
  };
}

export function reportOf(row: TravelExpenseRow): TravelExpenseReport {
  const { number: _number, ...report } = row;
  return report;
}

/** A client row for `key`: the digest is computed outside any transaction (a WebCrypto await would commit it). */
export async function apiClientRow(id: string, name: string, key: string, at: number): Promise<ApiClientRow> {
  return {
    id,
    name,
    keyHash: await sha256Hex(key),
    keyPrefix: key.slice(0, KEY_PREFIX_LENGTH),
    createdAt: at,
    revokedAt: null,
    lastUsedAt: null,
  };
}

/** The template's API client, configured with its key before the workspace starts. */
export async function seededApiClients(template: WorkspaceTemplate, at: number): Promise<ApiClientRow[]> {
  const client = template.tenant.integrations?.apiClient;
  return client ? [await apiClientRow('apc_seeded', client.name, client.key, at)] : [];
}

export type KeyCheck = { ok: true; client: ApiClientRow } | { ok: false; reason: 'missing' | 'unknown' | 'revoked'; client?: ApiClientRow };

/** The client of the request's Bearer key (RFC 6750 §2.1), or why there is none. */
export async function clientOfRequest(env: HrmEnv, request: Request): Promise<KeyCheck> {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) return { ok: false, reason: 'missing' };
  const client = await env.db.apiClients
    .where('keyHash')
    .equals(await sha256Hex(match[1]!))
    .first();
  if (!client) return { ok: false, reason: 'unknown' };
  if (client.revokedAt !== null) return { ok: false, reason: 'revoked', client };
  return { ok: true, client };
}

/** Notes when a client was last seen; a storage failure must not turn its answer into an error. */
export async function touchClient(env: HrmEnv, client: ApiClientRow): Promise<void> {
  try {
    await env.db.apiClients.update(client.id, { lastUsedAt: now(env) });
  } catch (error) {
    if (storageFailureOf(error) === null) throw error;
  }
}

async function answer(env: HrmEnv): Promise<ApiClientsAnswer> {
  const clients = await env.db.apiClients.orderBy('id').toArray();
  clients.sort((a, b) => a.createdAt - b.createdAt || a.name.localeCompare(b.name));
  const reports = await env.db.travelExpenses.orderBy('number').reverse().limit(20).toArray();
  return { clients: clients.map(summaryOf), recentReports: reports.map(reportOf) };
}

export async function apiClientsAnswer(env: HrmEnv): Promise<ApiClientsAnswer> {
  return answer(env);
}

/** GET /api/api-clients */
export async function listApiClients(env: HrmEnv, request: Request): Promise<Response> {
  await requireAdmin(env, request);
  return json<ApiClientsAnswer>(await answer(env));
}

/** Reads a JSON body without the shared 400 for a wrong field: each field gets its own 422 at the field. */
export async function readBody(request: Request): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type.trim()))
    throw problem(415, 'unsupported_media_type', 'Send the request body as JSON (application/json).');
  try {
    return await request.json();
  } catch {
    throw problem(400, 'invalid_request', 'The request body is not valid JSON: send a JSON object.');
  }
}

const NameBody = z.object({ name: z.unknown() });

/** POST /api/api-clients {name} → 201 {client, key}: the key is shown this once. */
export async function createApiClient(env: HrmEnv, request: Request): Promise<Response> {
  await requireAdmin(env, request);
  const parsed = NameBody.safeParse(await readBody(request));
  const raw = parsed.success ? parsed.data.name : undefined;
  if (typeof raw !== 'string' || raw.trim() === '') return problem(422, 'invalid_request', API_CLIENT_MESSAGES.nameRequired, 'name');
  const name = raw.trim().replace(/\s+/g, ' ');
  if ([...name].length > API_CLIENT_NAME_MAX) return problem(422, 'invalid_request', API_CLIENT_MESSAGES.nameTooLong, 'name');
  const key = `hrm_${env.ctx.random.hex(24)}`;
  const row = await apiClientRow(`apc_${env.ctx.random.hex(6)}`, name, key, now(env));
  const taken = await env.db.transaction('rw', env.db.apiClients, async () => {
    const active = await env.db.apiClients.filter((c) => c.revokedAt === null && c.name.toLowerCase() === name.toLowerCase()).count();
    if (active > 0) return true;
    await env.db.apiClients.add(row);
    return false;
  });
  if (taken) return problem(422, 'name_taken', API_CLIENT_MESSAGES.nameTaken(name), 'name');
  return json<CreatedApiClient>({ client: summaryOf(row), key }, { status: 201 });
}

/** DELETE /api/api-clients/:id: revokes the key; a second revoke (another tab) is refused, not repeated. */
export async function revokeApiClient(
  env: HrmEnv,
  request: Request,
  params: Record<string, string | readonly string[] | undefined>,
): Promise<Response> {
  await requireAdmin(env, request);
  const id = String(params['id'] ?? '');
  const outcome = await env.db.transaction('rw', env.db.apiClients, async () => {
    const row = await env.db.apiClients.get(id);
    if (!row) return { kind: 'missing' as const };
    if (row.revokedAt !== null) return { kind: 'revoked' as const, row };
    const revoked = { ...row, revokedAt: now(env) };
    await env.db.apiClients.put(revoked);
    return { kind: 'ok' as const, row: revoked };
  });
  if (outcome.kind === 'missing') return problem(404, 'not_found', API_CLIENT_MESSAGES.notFound(id));
  if (outcome.kind === 'revoked') return problem(409, 'already_revoked', API_CLIENT_MESSAGES.alreadyRevoked(outcome.row.name));
  return json<ApiClientSummary>(summaryOf(outcome.row));
}
