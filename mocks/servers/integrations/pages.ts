// Owns the console's pages (navigations answered with a view and its data): sign in, the four integrations at a
// glance, each integration's configuration with its run log, and not-found. Signed-out visitors sign in first.
import {
  INTEGRATIONS_PATHS,
  INTEGRATIONS_VIEWS,
  type ApiClientPageData,
  type CalendarPageData,
  type FileServerPageData,
  type IntegrationId,
  type IntegrationSummary,
  type IntegrationsLoginPageData,
  type IntegrationsOverviewPageData,
  type RunLogEntry,
  type SmsPageData,
} from '../../../src/contracts/integrations';
import { page, readCookie, redirect } from '../../shared/http';
import type { IntegrationRow, IntegrationsAccountRow } from './db';
import { now, sessionAccount, toEntry, type IntegrationsEnv } from './env';
import { MESSAGES, nextDailyRun, nextRefresh, SESSION_COOKIE, SHOWN_RUNS } from './rules';
import { CLEAR_SESSION_COOKIE, safeReturnTo } from './session';

function accountView(account: IntegrationsAccountRow) {
  return { email: account.email, name: account.name };
}

async function requireSignedIn(env: IntegrationsEnv, request: Request): Promise<IntegrationsAccountRow> {
  const account = await sessionAccount(env, request);
  if (account) return account;
  const url = new URL(request.url);
  const stale = readCookie(request, SESSION_COOKIE) !== undefined;
  throw redirect(
    `${INTEGRATIONS_PATHS.login}?return_to=${encodeURIComponent(url.pathname + url.search)}`,
    stale ? [CLEAR_SESSION_COOKIE] : [],
  );
}

/** The integration's log, newest first. */
async function runsOf(env: IntegrationsEnv, id: IntegrationId, limit = SHOWN_RUNS): Promise<RunLogEntry[]> {
  const rows = await env.db.runs.where('integration').equals(id).reverse().sortBy('seq');
  return rows.slice(0, limit).map(toEntry);
}

/** GET / → the overview. */
export async function rootPage(): Promise<Response> {
  return redirect(INTEGRATIONS_PATHS.overview);
}

/** GET /login?return_to=/path (a signed-in visitor goes straight on). */
export async function loginPage(env: IntegrationsEnv, request: Request): Promise<Response> {
  const returnTo = safeReturnTo(new URL(request.url).searchParams.get('return_to'));
  if (await sessionAccount(env, request)) return redirect(returnTo);
  const configured = (await env.db.integrations.count()) > 0;
  return page<IntegrationsLoginPageData>(INTEGRATIONS_VIEWS.login, 'Sign in · Integrations', { returnTo, configured });
}

const KINDS: Record<IntegrationId, string> = {
  'payroll-export': 'API client',
  'calendar-app': 'Calendar subscriptions',
  sms: 'SMS provider',
  'file-server': 'File server',
};

function configuredLine(row: IntegrationRow): string {
  switch (row.id) {
    case 'payroll-export':
      return `Calls ${row.config.baseUrl}`;
    case 'calendar-app':
      return row.config.subscriptions.map((s) => `${s.personName}: ${s.url}`).join(' · ');
    case 'sms':
      return `Replies go to ${row.config.callbackUrl}`;
    case 'file-server':
      return `Allow-list: ${row.config.allowList.join(', ') || 'empty'}`;
  }
}

/** GET /integrations: the four integrations, what each calls, and its last call. */
export async function overviewPage(env: IntegrationsEnv, request: Request): Promise<Response> {
  const account = await requireSignedIn(env, request);
  const rows = await env.db.integrations.toArray();
  const order: IntegrationId[] = ['payroll-export', 'calendar-app', 'sms', 'file-server'];
  rows.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  const integrations: IntegrationSummary[] = await Promise.all(
    rows.map(async (row) => ({
      id: row.id,
      name: row.config.name,
      kind: KINDS[row.id],
      configured: configuredLine(row),
      lastRun: (await runsOf(env, row.id, 1))[0] ?? null,
    })),
  );
  return page<IntegrationsOverviewPageData>(INTEGRATIONS_VIEWS.overview, 'Integrations', { account: accountView(account), integrations });
}

/** GET /integrations/:id: one integration's configuration, forms and run log. */
export async function integrationPage(env: IntegrationsEnv, request: Request, id: IntegrationId): Promise<Response> {
  const account = await requireSignedIn(env, request);
  const row = await env.db.integrations.get(id);
  if (!row) return notFoundPage(env, request);
  const shell = { account: accountView(account), version: row.version, runs: await runsOf(env, id), now: now(env) };
  const title = `${row.config.name} · Integrations`;
  switch (row.id) {
    case 'payroll-export':
      return page<ApiClientPageData>(INTEGRATIONS_VIEWS.apiClient, title, {
        ...shell,
        config: row.config,
        nextRunAt: nextDailyRun(now(env)),
      });
    case 'calendar-app':
      return page<CalendarPageData>(INTEGRATIONS_VIEWS.calendar, title, {
        ...shell,
        config: row.config,
        nextRefreshAt: nextRefresh(now(env)),
      });
    case 'sms': {
      const messages = await env.db.smsMessages.orderBy('receivedAt').reverse().limit(SHOWN_RUNS).toArray();
      return page<SmsPageData>(INTEGRATIONS_VIEWS.sms, title, { ...shell, config: row.config, messages });
    }
    case 'file-server': {
      const files = (await env.db.files.reverse().limit(SHOWN_RUNS).toArray()).map(({ content: _content, seq: _seq, ...file }) => file);
      return page<FileServerPageData>(INTEGRATIONS_VIEWS.fileServer, title, { ...shell, config: row.config, files });
    }
  }
}

export async function notFoundPage(_env: IntegrationsEnv, request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  return page(INTEGRATIONS_VIEWS.notFound, 'Page not found', { path, message: MESSAGES.notFound(path) }, { status: 404 });
}
