// Owns the HRM's public REST API at both of its addresses (R18): the new shared host (https://api.hrm.test/v1), open
// from the move, and the customer's old one (https://hrm.test/api/v1), which answers before the move, then forwards to
// the new one — the same handler, method, headers and body — while API forwarding runs, and then answers 410 naming the
// new address. Self-hosted installations get no forwarding. Every call of a known client is recorded for the checklist.
import { rolloutPhase, temporaryMeasures } from '../../../machines/rollout';
import {
  PUBLIC_API_BASE,
  type PublicEmployee,
  type TravelExpenseReport,
  type TravelExpenseRequest,
} from '../../../src/contracts/hrm-integrations';
import { json, problem, quoted } from '../../shared/http';
import { clientOfRequest, readBody, reportOf, touchClient, type KeyCheck } from './api-clients';
import type { ApiClientRow, TravelExpenseRow } from './db';
import { now, type HrmEnv } from './env';
import { recordIntegrationCall } from './integration-calls';
import { formatTenantDateTime } from './rules';
import { loadRollout, loadTenant } from './store';

type Address = 'old' | 'new';
type Resource = (env: HrmEnv, request: Request, client: ApiClientRow, address: Address) => Promise<Response>;

export const PUBLIC_API_MESSAGES = {
  keyMissing: 'Send the API key in the Authorization header as “Bearer <key>”. An administrator creates keys under General > API clients.',
  keyUnknown: 'This API key is not known: check it, or ask an administrator for a new one under General > API clients.',
  keyRevoked: (name: string) => `The API key of “${name}” was revoked: ask an administrator for a new one under General > API clients.`,
  notInUse: (tenant: string, activationAt: number | null) =>
    `The API address ${PUBLIC_API_BASE.new} opens for ${tenant} at the move to the new addresses${
      activationAt !== null ? `, on ${formatTenantDateTime(activationAt)}` : ', which is not scheduled yet'
    }. Until then use ${PUBLIC_API_BASE.old}.`,
  gone: (newUrl: string, endedAt: number | null) =>
    `The old API address ${PUBLIC_API_BASE.old} no longer answers${
      endedAt !== null ? ` (forwarding ended on ${formatTenantDateTime(endedAt)})` : ''
    }: use ${PUBLIC_API_BASE.new} with the same API key, here ${newUrl}.`,
} as const;

/** The same call at the new address: `/api/v1/<resource>` → `https://api.hrm.test/v1/<resource>`, query kept. */
export function newAddressOf(oldUrl: string): string {
  const url = new URL(oldUrl);
  return `${PUBLIC_API_BASE.new}${url.pathname.replace(/^\/api\/v1/, '')}${url.search}`;
}

function refusedKey(check: Exclude<KeyCheck, { ok: true }>): Response {
  const [code, message] =
    check.reason === 'missing'
      ? (['api_key_missing', PUBLIC_API_MESSAGES.keyMissing] as const)
      : check.reason === 'unknown'
        ? (['api_key_unknown', PUBLIC_API_MESSAGES.keyUnknown] as const)
        : (['api_key_revoked', PUBLIC_API_MESSAGES.keyRevoked(check.client!.name)] as const);
  const response = problem(401, code, message);
  // RFC 6750 §3: a Bearer-protected resource says so.
  response.headers.set('www-authenticate', `Bearer realm="HRM API", error="invalid_token"`);
  return response;
}

async function authenticated(
  env: HrmEnv,
  request: Request,
  resource: Resource,
  address: Address,
): Promise<{ response: Response; client: ApiClientRow | null }> {
  const check = await clientOfRequest(env, request);
  if (!check.ok) return { response: refusedKey(check), client: null };
  await touchClient(env, check.client);
  return { response: await resource(env, request, check.client, address), client: check.client };
}

/** The API's resource at the new address: open from the move; before it, it says when it opens. */
function atNewAddress(resource: Resource) {
  return async (env: HrmEnv, request: Request): Promise<Response> => {
    const rollout = await loadRollout(env.db);
    if (rolloutPhase(rollout) !== 'activation') {
      const tenant = await loadTenant(env.db);
      return problem(404, 'address_not_in_use', PUBLIC_API_MESSAGES.notInUse(tenant.name, rollout.context.activationAt));
    }
    const { response, client } = await authenticated(env, request, resource, 'new');
    if (client) await recordIntegrationCall(env, { kind: 'api', client: client.name, address: 'new', path: request.url, outcome: 'ok' });
    return response;
  };
}

/** The API's resource at the old address: answered before the move, forwarded while forwarding runs, then gone. */
function atOldAddress(resource: Resource) {
  return async (env: HrmEnv, request: Request): Promise<Response> => {
    const rollout = await loadRollout(env.db);
    if (rolloutPhase(rollout) !== 'activation') {
      const { response, client } = await authenticated(env, request, resource, 'old');
      if (client) await recordIntegrationCall(env, { kind: 'api', client: client.name, address: 'old', path: request.url, outcome: 'ok' });
      return response;
    }
    const successor = newAddressOf(request.url);
    if (!temporaryMeasures(rollout.context, now(env)).apiForwarding) {
      // Who it was, when the key says: the checklist shows what failed.
      const check = await clientOfRequest(env, request);
      const name = check.ok ? check.client.name : check.client?.name;
      if (name) await recordIntegrationCall(env, { kind: 'api', client: name, address: 'old', path: request.url, outcome: 'refused' });
      const endedAt = rollout.context.hosting === 'hosted' ? rollout.context.apiForwardingEndsAt : null;
      const response = problem(410, 'old_address_gone', PUBLIC_API_MESSAGES.gone(successor, endedAt));
      response.headers.set('link', `<${successor}>; rel="successor-version"`);
      return response;
    }
    // Forwarded as is: the same method, headers and body, to the handler of the new address.
    const forwarded = new Request(successor, {
      method: request.method,
      headers: request.headers,
      ...(request.method === 'GET' || request.method === 'HEAD' ? {} : { body: await request.arrayBuffer() }),
    });
    const { response, client } = await authenticated(env, forwarded, resource, 'old');
    if (client)
      await recordIntegrationCall(env, { kind: 'api', client: client.name, address: 'old', path: request.url, outcome: 'forwarded' });
    const headers = new Headers(response.headers);
    // RFC 9745: deprecated since the move (a structured-field date); RFC 8594: when it stops answering; RFC 8288 link.
    headers.set('deprecation', `@${Math.floor((rollout.context.activatedAt ?? now(env)) / 1000)}`);
    if (rollout.context.apiForwardingEndsAt !== null) headers.set('sunset', new Date(rollout.context.apiForwardingEndsAt).toUTCString());
    headers.set('link', `<${successor}>; rel="successor-version"`);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

const listEmployees: Resource = async (env) => {
  const directory = await env.directory();
  const employees: PublicEmployee[] = [];
  for (const user of directory.all()) {
    const employment = user.employments.find((e) => e.status === 'active') ?? user.employments[0];
    employees.push({
      employeeNumber: user.employeeNumber,
      name: user.name,
      department: employment?.department ?? '',
      title: employment?.title ?? '',
    });
  }
  employees.sort((a, b) => a.employeeNumber.localeCompare(b.employeeNumber, 'en', { numeric: true }));
  return json<PublicEmployee[]>(employees);
};

export const TRAVEL_EXPENSE_LIMITS = { amountMax: 1_000_000, descriptionMax: 200 } as const;

type FieldProblem = { field: keyof TravelExpenseRequest; message: string };

function isRealDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Each field of a travel expense, checked in the order the form lists them: the first wrong one is named. */
export function travelExpenseProblem(body: unknown): FieldProblem | TravelExpenseRequest {
  const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const { employeeNumber, date, amount, currency, description } = input;
  if (typeof employeeNumber !== 'string' || employeeNumber.trim() === '')
    return { field: 'employeeNumber', message: 'Give the employee number of the person who had the expense, e.g. "10001".' };
  if (typeof date !== 'string' || !isRealDate(date))
    return { field: 'date', message: 'Give the day of the expense as a date, YYYY-MM-DD, e.g. "2026-03-12".' };
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0)
    return { field: 'amount', message: 'Give the amount as a number greater than 0, e.g. 1250.50.' };
  if (amount > TRAVEL_EXPENSE_LIMITS.amountMax || Math.round(amount * 100) !== amount * 100)
    return {
      field: 'amount',
      message: `Give the amount with at most two decimals and at most ${TRAVEL_EXPENSE_LIMITS.amountMax.toLocaleString('en')}.`,
    };
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency))
    return { field: 'currency', message: 'Give the currency as its three-letter code in capitals, e.g. "SEK" or "EUR".' };
  if (typeof description !== 'string' || description.trim() === '')
    return { field: 'description', message: 'Describe the expense, e.g. "Train Stockholm–Göteborg".' };
  if ([...description].length > TRAVEL_EXPENSE_LIMITS.descriptionMax)
    return { field: 'description', message: `Keep the description to ${TRAVEL_EXPENSE_LIMITS.descriptionMax} characters.` };
  return { employeeNumber: employeeNumber.trim(), date, amount, currency, description: description.trim() };
}

const submitTravelExpense: Resource = async (env, request, client, address) => {
  const checked = travelExpenseProblem(await readBody(request));
  if ('field' in checked) return problem(422, 'invalid_request', checked.message, checked.field);
  const directory = await env.directory();
  let employee = null;
  for (const user of directory.all()) if (user.employeeNumber === checked.employeeNumber) employee = user;
  if (!employee)
    return problem(
      422,
      'employee_unknown',
      `There is no employee with number ${quoted(checked.employeeNumber)}: check the employee number.`,
      'employeeNumber',
    );
  const row: TravelExpenseRow = {
    id: `exp_${env.ctx.random.hex(8)}`,
    number: 0,
    receivedAt: now(env),
    client: client.name,
    address,
    employeeName: employee.name,
    ...checked,
  };
  await env.db.transaction('rw', env.db.travelExpenses, async () => {
    row.number = ((await env.db.travelExpenses.orderBy('number').last())?.number ?? 0) + 1;
    await env.db.travelExpenses.add(row);
  });
  return json<TravelExpenseReport>(reportOf(row), { status: 201 });
};

export const newListEmployees = atNewAddress(listEmployees);
export const newSubmitTravelExpense = atNewAddress(submitTravelExpense);
export const oldListEmployees = atOldAddress(listEmployees);
export const oldSubmitTravelExpense = atOldAddress(submitTravelExpense);
