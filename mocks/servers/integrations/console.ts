// Owns the console's API: editing each integration (every field checked, an edit from a stale page refused with 409),
// the allow-list's additions and removals, "Run now" and "Refresh now", and an SMS reply.
import { z } from 'zod';
import type { IntegrationId } from '../../../src/contracts/integrations';
import { intParam, json, readJson } from '../../shared/http';
import type { Result } from '../../../src/domain/errors';
import type { IntegrationRow } from './db';
import {
  currentVersion,
  integrationsProblem,
  now,
  param,
  requireAccount,
  requireIntegration,
  type IntegrationsEnv,
  type Params,
} from './env';
import { postReply, refreshCalendar, runApiClient } from './outbound';
import { checkAddress, checkApiKey, checkUrl, MAX_URL_LENGTH, MESSAGES, normalizeAddress } from './rules';

const version = z.number().int().positive();
const field = z.string().max(MAX_URL_LENGTH * 2);
const ApiClientBody = z.object({ baseUrl: field, apiKey: field, version });
const CalendarBody = z.object({ urls: z.array(field).max(50), version });
const SmsBody = z.object({ callbackUrl: field, version });
const AddressBody = z.object({ address: z.string().max(200), version });
const ReplyBody = z.object({ answer: z.enum(['YES', 'NO']) });

function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw integrationsProblem(422, result.problem.code as never, result.problem.message, result.problem.field);
  return result.value;
}

function answer(row: IntegrationRow): Response {
  return json({ ...row.config, version: row.version });
}

/** Writes the edited row as the next version, refusing it when the page showed an older one. */
async function save<Id extends IntegrationId>(
  env: IntegrationsEnv,
  id: Id,
  seen: number,
  change: (row: Extract<IntegrationRow, { id: Id }>) => Extract<IntegrationRow, { id: Id }>['config'],
): Promise<Response> {
  let saved: IntegrationRow | undefined;
  await env.db.transaction('rw', env.db.integrations, async () => {
    const row = await currentVersion(env, id, seen);
    saved = { ...row, config: change(row), version: row.version + 1, updatedAt: now(env) } as IntegrationRow;
    await env.db.integrations.put(saved);
  });
  return answer(saved!);
}

/** PUT /api/integrations/payroll-export {baseUrl, apiKey, version} */
export async function updateApiClient(env: IntegrationsEnv, request: Request): Promise<Response> {
  await requireAccount(env, request);
  const body = await readJson(request, ApiClientBody);
  await requireIntegration(env, 'payroll-export');
  const baseUrl = valueOf(checkUrl(body.baseUrl, 'baseUrl'));
  const apiKey = valueOf(checkApiKey(body.apiKey));
  return save(env, 'payroll-export', body.version, (row) => ({ ...row.config, baseUrl, apiKey }));
}

/** PUT /api/integrations/calendar-app {urls, version}: one address per subscription, in order. */
export async function updateCalendar(env: IntegrationsEnv, request: Request): Promise<Response> {
  await requireAccount(env, request);
  const body = await readJson(request, CalendarBody);
  const row = await requireIntegration(env, 'calendar-app');
  if (body.urls.length !== row.config.subscriptions.length)
    throw integrationsProblem(
      422,
      'invalid_request',
      `urls: one address for each of the ${row.config.subscriptions.length} subscriptions, not ${body.urls.length}.`,
      'urls',
    );
  const urls = body.urls.map((url, i) => valueOf(checkUrl(url, `urls.${i}`)));
  return save(env, 'calendar-app', body.version, (current) => ({
    ...current.config,
    subscriptions: current.config.subscriptions.map((s, i) =>
      s.url === urls[i] ? s : { ...s, url: urls[i]!, events: null, lastRefreshAt: null, lastError: null, etag: null },
    ),
  }));
}

/** PUT /api/integrations/sms {callbackUrl, version} */
export async function updateSms(env: IntegrationsEnv, request: Request): Promise<Response> {
  await requireAccount(env, request);
  const body = await readJson(request, SmsBody);
  await requireIntegration(env, 'sms');
  const callbackUrl = valueOf(checkUrl(body.callbackUrl, 'callbackUrl'));
  return save(env, 'sms', body.version, (row) => ({ ...row.config, callbackUrl }));
}

/** POST /api/integrations/file-server/allow-list {address, version} */
export async function addAllowedAddress(env: IntegrationsEnv, request: Request): Promise<Response> {
  await requireAccount(env, request);
  const body = await readJson(request, AddressBody);
  await requireIntegration(env, 'file-server');
  valueOf(checkAddress(body.address, []));
  return save(env, 'file-server', body.version, (current) => {
    // Checked against the list as stored, inside the transaction: a duplicate cannot slip in between two tabs.
    const address = valueOf(checkAddress(body.address, current.config.allowList));
    return { ...current.config, allowList: [...current.config.allowList, address] };
  });
}

/** DELETE /api/integrations/file-server/allow-list/:address?version=N */
export async function removeAllowedAddress(env: IntegrationsEnv, request: Request, params: Params): Promise<Response> {
  await requireAccount(env, request);
  const seen = intParam(new URL(request.url).searchParams, 'version', 0, 1, Number.MAX_SAFE_INTEGER);
  if (seen === 0) throw integrationsProblem(400, 'invalid_request', 'version: the version of the allow-list the page showed.', 'version');
  await requireIntegration(env, 'file-server');
  const address = normalizeAddress(param(params, 'address')) ?? param(params, 'address');
  return save(env, 'file-server', seen, (current) => {
    if (!current.config.allowList.includes(address)) throw integrationsProblem(404, 'not_found', MESSAGES.addressNotListed(address));
    return { ...current.config, allowList: current.config.allowList.filter((a) => a !== address) };
  });
}

/** POST /api/integrations/payroll-export/runs */
export async function runApiClientNow(env: IntegrationsEnv, request: Request): Promise<Response> {
  await requireAccount(env, request);
  return json(await runApiClient(env, 'manual'));
}

/** POST /api/integrations/calendar-app/runs */
export async function refreshCalendarNow(env: IntegrationsEnv, request: Request): Promise<Response> {
  await requireAccount(env, request);
  return json(await refreshCalendar(env, 'manual'));
}

/** POST /api/integrations/sms/messages/:id/reply {answer} */
export async function replySms(env: IntegrationsEnv, request: Request, params: Params): Promise<Response> {
  await requireAccount(env, request);
  const body = await readJson(request, ReplyBody);
  await requireIntegration(env, 'sms');
  const message = await env.db.smsMessages.get(param(params, 'id'));
  if (!message) throw integrationsProblem(404, 'not_found', MESSAGES.messageNotFound);
  if (message.reply) throw integrationsProblem(409, 'already_replied', MESSAGES.alreadyReplied(message.reply));
  return json(await postReply(env, message, body.answer));
}
