// Owns the HRM's scheduled file export to the customer's file server (R18): every day at 02:00 UTC on the world clock
// from the cutover, and at "Export now", a CSV of the employees is posted to the target folder through the simulation's network, from the
// HRM's outbound address (RFC 7239 `Forwarded: for=`), which changes at the move. The run and what the file server
// answered are stored and shown; a file server whose allow-list lacks the new address refuses, in its own words.
import { rolloutPhase } from '../../../machines/rollout';
import type { FileExportRun, FileExportSettings } from '../../../src/contracts/hrm-integrations';
import { HRM_OUTBOUND_IP, INTEGRATIONS_ORIGIN } from '../../../src/contracts/origins';
import { json, problem } from '../../shared/http';
import type { WorkspaceTemplate } from '../../templates/template';
import { readBody } from './api-clients';
import type { FileExportRunRow, IntegrationSettingsRow } from './db';
import { now, type HrmEnv } from './env';
import { recordIntegrationCall } from './integration-calls';
import { requireAdmin } from './signed-in';
import { loadRollout } from './store';

const TIMER = 'fileExport';
const DAY = 86_400_000;
/** The daily run's hour, UTC. */
export const EXPORT_HOUR_UTC = 2;
export const FILE_EXPORT_URL_MAX = 500;
const RUNS_SHOWN = 10;

/** Where the file export goes when the template has a file server. */
export const SEEDED_FILE_EXPORT_URL = `${INTEGRATIONS_ORIGIN}/file-server/inbox/`;

export const FILE_EXPORT_MESSAGES = {
  urlMalformed: 'Enter the folder’s full address, e.g. https://files.example.com/inbox/.',
  urlNotHttps: 'Use an https:// address: the file holds employee data.',
  urlNoFolder: 'End the folder address with “/”: the file name is added after it.',
  urlWithQuery: 'Leave out “?” and “#” parts: the file name is added at the end of the address.',
  urlTooLong: `Keep the address to ${FILE_EXPORT_URL_MAX} characters.`,
  versionMissing: 'The page did not say which version of the settings it showed: reload the page and save again.',
  stale: 'Someone saved the file export settings after you opened this page: reload the page to see them, then save again.',
  off: 'There is no file export: enter the folder address first.',
} as const;

/** The next daily run after `at`: 02:00 UTC. */
export function nextExportAt(at: number): number {
  const day = Math.floor(at / DAY) * DAY;
  const today = day + EXPORT_HOUR_UTC * 3_600_000;
  return today > at ? today : today + DAY;
}

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; lines end in CRLF. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export async function employeesCsv(env: HrmEnv): Promise<string> {
  const lines = ['employeeNumber,name,department'];
  const rows: string[][] = [];
  for (const user of (await env.directory()).all()) {
    const employment = user.employments.find((e) => e.status === 'active') ?? user.employments[0];
    rows.push([user.employeeNumber, user.name, employment?.department ?? '']);
  }
  rows.sort((a, b) => a[0]!.localeCompare(b[0]!, 'en', { numeric: true }));
  for (const row of rows) lines.push(row.map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function seededIntegrationSettings(template: WorkspaceTemplate): IntegrationSettingsRow {
  const fileServer = template.tenant.integrations?.fileServer;
  return {
    key: 'integrations',
    fileExportUrl: fileServer ? SEEDED_FILE_EXPORT_URL : null,
    fileServerName: fileServer?.name ?? 'File server',
    customerNumber: template.tenant.customerNumber ?? null,
    version: 1,
  };
}

export async function loadIntegrationSettings(env: HrmEnv): Promise<IntegrationSettingsRow> {
  return (
    (await env.db.integrationSettings.get('integrations')) ?? {
      key: 'integrations',
      fileExportUrl: null,
      fileServerName: 'File server',
      customerNumber: null,
      version: 0,
    }
  );
}

function runOf(row: FileExportRunRow): FileExportRun {
  return { ...row };
}

export async function fileExportSettings(env: HrmEnv): Promise<FileExportSettings> {
  const settings = await loadIntegrationSettings(env);
  const rollout = await loadRollout(env.db);
  const runs = await env.db.fileExportRuns.orderBy('number').reverse().limit(RUNS_SHOWN).toArray();
  return {
    targetUrl: settings.fileExportUrl,
    fileServerName: settings.fileServerName,
    version: settings.version,
    nextRunAt: settings.fileExportUrl
      ? firstScheduledRun(now(env), rollout.context.activationAt, rolloutPhase(rollout) === 'activation')
      : null,
    runs: runs.map(runOf),
  };
}

/** The newest run, for the checklist. */
export async function lastFileExportRun(env: HrmEnv): Promise<FileExportRunRow | undefined> {
  return env.db.fileExportRuns.orderBy('number').last();
}

/**
 * The first daily run a timer waits for: from the cutover on (R18), when the export's source address changes. Before
 * it the export runs on "Export now" only, so a month of preparation is not a month of daily timers ahead of the
 * cutover on the world clock.
 */
export function firstScheduledRun(at: number, activationAt: number | null, moved: boolean): number | null {
  if (moved) return nextExportAt(at);
  return activationAt === null ? null : nextExportAt(Math.max(at, activationAt));
}

/** Sets the world-clock timer of the next daily run, or clears it when there is no target or no cutover yet. */
export async function armFileExportTimer(env: HrmEnv): Promise<void> {
  const settings = await loadIntegrationSettings(env);
  const rollout = await loadRollout(env.db);
  const at = settings.fileExportUrl
    ? firstScheduledRun(now(env), rollout.context.activationAt, rolloutPhase(rollout) === 'activation')
    : null;
  if (at === null) {
    env.ctx.timers.clear(TIMER);
    return;
  }
  // A routine job: it runs when the clock passes it, and is never the next event a jump of the clock goes to.
  env.ctx.timers.set(
    TIMER,
    at,
    'File export',
    async () => {
      try {
        // A cutover moved later than the timer was set for: the timer waits for it.
        if (rolloutPhase(await loadRollout(env.db)) === 'activation') await runFileExport(env, 'schedule');
      } finally {
        await armFileExportTimer(env);
      }
    },
    { routine: true, period: DAY },
  );
}

/** What a refusing or failing file server said: its problem's message as it is, else its status. */
async function answerOf(response: Response, host: string): Promise<string> {
  try {
    const body = (await response.clone().json()) as { message?: unknown; detail?: unknown };
    if (typeof body.message === 'string' && body.message) return body.message;
    if (typeof body.detail === 'string' && body.detail) return body.detail;
  } catch {
    // Not JSON: the status says enough.
  }
  return `${host} answered ${response.status} ${response.statusText}`.trim();
}

/** Posts today's file and stores the run; null when there is no target. */
export async function runFileExport(env: HrmEnv, trigger: FileExportRun['trigger']): Promise<FileExportRunRow | null> {
  const settings = await loadIntegrationSettings(env);
  if (!settings.fileExportUrl) return null;
  const at = now(env);
  const moved = rolloutPhase(await loadRollout(env.db)) === 'activation';
  const sourceAddress = moved ? HRM_OUTBOUND_IP.new : HRM_OUTBOUND_IP.old;
  const url = `${settings.fileExportUrl}employees-${new Date(at).toISOString().slice(0, 10)}.csv`;
  const host = new URL(url).host;
  let outcome: FileExportRunRow['outcome'];
  let message: string | null = null;
  try {
    const response = await env.ctx.network.fetch(
      new Request(url, {
        method: 'POST',
        headers: { 'content-type': 'text/csv; charset=utf-8', forwarded: `for=${sourceAddress}` },
        body: await employeesCsv(env),
      }),
      { initiator: 'server:hrm.test' },
    );
    if (response.ok) outcome = 'ok';
    else {
      outcome = response.status < 500 ? 'refused' : 'failed';
      message = await answerOf(response, host);
    }
  } catch (error) {
    outcome = 'failed';
    message = `${host} could not be reached: ${error instanceof Error ? error.message : String(error)}`;
  }
  // Numbered, not drawn from the seeded random stream: a daily run must not shift every id drawn after it.
  const run: FileExportRunRow = { id: '', number: 0, at, trigger, url, sourceAddress, outcome, message };
  await env.db.transaction('rw', env.db.fileExportRuns, async () => {
    run.number = ((await env.db.fileExportRuns.orderBy('number').last())?.number ?? 0) + 1;
    run.id = `fex_${run.number}`;
    await env.db.fileExportRuns.add(run);
  });
  await recordIntegrationCall(env, {
    kind: 'fileExport',
    client: settings.fileServerName,
    address: moved ? 'new' : 'old',
    path: url,
    outcome: outcome === 'ok' ? 'ok' : 'refused',
  });
  return run;
}

/** GET /api/file-export */
export async function getFileExport(env: HrmEnv, request: Request): Promise<Response> {
  await requireAdmin(env, request);
  return json<FileExportSettings>(await fileExportSettings(env));
}

/** The folder URL as given, checked; null: no export. */
export function fileExportUrlProblem(value: unknown): { url: string | null } | { message: string } {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) return { url: null };
  if (typeof value !== 'string') return { message: FILE_EXPORT_MESSAGES.urlMalformed };
  const text = value.trim();
  if (text.length > FILE_EXPORT_URL_MAX) return { message: FILE_EXPORT_MESSAGES.urlTooLong };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { message: FILE_EXPORT_MESSAGES.urlMalformed };
  }
  if (url.protocol !== 'https:')
    return { message: url.protocol === 'http:' ? FILE_EXPORT_MESSAGES.urlNotHttps : FILE_EXPORT_MESSAGES.urlMalformed };
  if (url.search || url.hash || text.includes('?') || text.includes('#')) return { message: FILE_EXPORT_MESSAGES.urlWithQuery };
  if (!url.pathname.endsWith('/')) return { message: FILE_EXPORT_MESSAGES.urlNoFolder };
  return { url: url.toString() };
}

/** PUT /api/file-export {targetUrl, version}: a save from a page older than the last save is refused. */
export async function saveFileExport(env: HrmEnv, request: Request): Promise<Response> {
  await requireAdmin(env, request);
  const body = (await readBody(request)) as Record<string, unknown> | null;
  const input = typeof body === 'object' && body !== null ? body : {};
  const checked = fileExportUrlProblem(input['targetUrl']);
  if ('message' in checked) return problem(422, 'invalid_request', checked.message, 'targetUrl');
  const version = input['version'];
  if (typeof version !== 'number' || !Number.isInteger(version))
    return problem(400, 'invalid_request', FILE_EXPORT_MESSAGES.versionMissing, 'version');
  const current = await loadIntegrationSettings(env);
  const saved = await env.db.transaction('rw', env.db.integrationSettings, async () => {
    const stored = (await env.db.integrationSettings.get('integrations')) ?? current;
    if (stored.version !== version) return false;
    await env.db.integrationSettings.put({ ...stored, fileExportUrl: checked.url, version: stored.version + 1 });
    return true;
  });
  if (!saved) return problem(409, 'stale_write', FILE_EXPORT_MESSAGES.stale, 'targetUrl');
  await armFileExportTimer(env);
  return json<FileExportSettings>(await fileExportSettings(env));
}

/** POST /api/file-export/runs: "Export now". */
export async function exportNow(env: HrmEnv, request: Request): Promise<Response> {
  await requireAdmin(env, request);
  const run = await runFileExport(env, 'manual');
  if (!run) return problem(409, 'file_export_off', FILE_EXPORT_MESSAGES.off);
  return json<FileExportRun>(runOf(run), { status: 201 });
}
