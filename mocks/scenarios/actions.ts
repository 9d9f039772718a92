// Owns what a persona can do in a scenario, one function per action of the file format (src/contracts/scenario.ts):
// the requests the pages make for that click, through src/clients and the persona's own browser (cookie jar, the page
// on show), never a write to a server's database. Clock moves go through the simulation's control surface.
import * as connectApi from '../../src/clients/connect';
import * as domainsApi from '../../src/clients/connect-domains';
import * as ssoAdminApi from '../../src/clients/connect-sso';
import * as passkeyApi from '../../src/clients/connect-passkeys';
import * as twoFactorApi from '../../src/clients/connect-two-factor';
import * as dnsApi from '../../src/clients/dns';
import * as hrmApi from '../../src/clients/hrm';
import * as idpApi from '../../src/clients/idp';
import * as idpConsoleApi from '../../src/clients/idp-console';
import * as integrationsApi from '../../src/clients/integrations';
import type { ClientContext, ClientResult } from '../../src/clients/http';
import { inspectMailbox, inspectMessage } from '../../src/clients/inspection';
import * as mailApi from '../../src/clients/mail';
import {
  CONNECT_PATHS,
  CONNECT_VIEWS,
  type AdminAuditPageData,
  type AdminUser,
  type AdminUsersPageData,
  type AuditCategory,
  type ConnectAuditEntry,
  type ConnectActivatePageData,
  type ConnectErrorPageData,
  type ConnectLoginPageData,
  type ConnectResetPasswordPageData,
} from '../../src/contracts/connect';
import type { DomainView, DomainsPageData } from '../../src/contracts/connect-domains';
import {
  IDENTITY_PROVIDER_VIEWS,
  type IdentityProviderTestPageData,
  type IdentityProviderView,
  type SsoTestView,
} from '../../src/contracts/connect-sso';
import {
  IDP_DISPLAY_NAMES,
  IDP_NAMES,
  IDP_VIEWS,
  type IdpErrorPageData,
  type IdpName,
  type IdpSignInPageData,
  type IdpSignInStep,
} from '../../src/contracts/idp';
import { IDP_CONSOLE_PATHS, IDP_CONSOLE_VIEWS } from '../../src/contracts/idp-console';
import {
  TWO_FACTOR_PATHS,
  TWO_FACTOR_VIEWS,
  type TwoFactorAdminPageData,
  type TwoFactorPolicy,
  type TwoFactorSetupPageData,
  type TwoFactorVerifyPageData,
} from '../../src/contracts/connect-two-factor';
import { DNS_VIEWS, zonePath, type RecordListing } from '../../src/contracts/dns';
import { EXPENSE_PATHS, EXPENSE_VIEWS, type ExpenseWelcomePageData } from '../../src/contracts/expense';
import { HRM_PATHS, HRM_VIEWS, type HrmLoginPageData, type HrmVerifyEmailPageData, type UserListRow } from '../../src/contracts/hrm';
import {
  INTEGRATIONS_PATHS,
  INTEGRATIONS_VIEWS,
  integrationPath,
  type ApiClientPageData,
  type CalendarPageData,
  type FileServerPageData,
  type IntegrationId,
  type RunLogEntry,
  type SmsPageData,
} from '../../src/contracts/integrations';
import type { MailMessage, MailSummary } from '../../src/contracts/mail';
import { HRM_NEW_ORIGINS, ORIGINS } from '../../src/contracts/origins';
import { parseDuration, type ActionName, type ActionStepOf, type ScenarioApp } from '../../src/contracts/scenario';
import type { Persona } from '../../src/contracts/simulation';
import { CookieJar } from '../../src/domain/cookie-jar';
import { mailboxOf } from '../../src/domain/email';
import { compileTextPattern, findFirst } from '../../src/domain/text-pattern';
import { parseOtpauthUri, totpCode } from '../../src/domain/totp';
import { isWorldTime } from '../../src/domain/world-dates';
import { SandboxAuthenticator } from '../../src/platform/webauthn/sandbox-authenticator';
import { PersonaBrowser, ScenarioFailure, describe, type ShownPage } from './browser';
import type { ScenarioHost } from './host';
import { ScenarioTimeclockDevice, describeView } from './timeclock';

/** What a step's run shares with the steps after it. */
export interface RunContext {
  readonly host: ScenarioHost;
  browser(personaId: string): PersonaBrowser;
  persona(personaId: string): Persona;
}

/** What an action answered: how it ended (for `expectOutcome`), its result (for `expectResult`, `remember`), in words. */
export interface ActionAnswer {
  outcome?: string;
  result?: unknown;
  summary?: string;
}

type Action<K extends ActionName> = (step: ActionStepOf<K>, run: RunContext) => Promise<ActionAnswer>;

/** A client's answer, or the server's problem as the step's failure. */
function ok<T>(result: ClientResult<T>): T {
  if (result.ok) return result.value;
  throw new ScenarioFailure(result.problem.code, result.problem.message);
}

const HRM = ORIGINS.hrm;
const CONNECT = ORIGINS.connect;

// ---------------------------------------------------------------------------------------------------------------
// Applications: where each starts, what a signed-in page looks like, how a login begins

const APP_START: Record<ScenarioApp, string> = {
  hrm: HRM_PATHS.start,
  expense: `${ORIGINS.expense}${EXPENSE_PATHS.home}`,
  connect: `${CONNECT}${CONNECT_PATHS.account}`,
};

/**
 * Where a person opens the HRM: the customer's own address until the move, the shared web address after it (R18). The
 * stage asks the HRM which, as the clock bar does.
 */
export async function hrmOrigin(run: RunContext): Promise<string> {
  const rollout = ok(await hrmApi.getRolloutAtEitherAddress({ network: run.host.network, initiator: 'stage' }));
  return rollout.phase === 'activation' ? HRM_NEW_ORIGINS.web : HRM;
}

/** A persona's calls to the HRM: from the page on show, or else at the address the HRM answers at now. */
async function hrmClient(run: RunContext, browser: PersonaBrowser): Promise<ClientContext> {
  return { ...browser.client, host: await hrmOrigin(run) };
}

async function appStart(run: RunContext, app: ScenarioApp): Promise<string> {
  return app === 'hrm' ? `${await hrmOrigin(run)}${APP_START.hrm}` : APP_START[app];
}

/** Whether the page shown is the application itself, signed in. */
export function isSignedInPage(app: ScenarioApp, shown: ShownPage): boolean {
  const view = shown.page?.view;
  if (!view) return false;
  if (app === 'hrm')
    return view.startsWith('hrm/') && view !== HRM_VIEWS.login && view !== HRM_VIEWS.verifyEmail && view !== HRM_VIEWS.notFound;
  if (app === 'expense') return view === EXPENSE_VIEWS.home;
  return view === CONNECT_VIEWS.account;
}

/** Where a sign-in ended: in the application, at a second step, or refused with the reason the page gives. */
function landed(app: ScenarioApp, shown: ShownPage, who: string): ActionAnswer {
  if (isSignedInPage(app, shown)) return { outcome: 'signed_in', summary: `${who} is in ${app} (${shown.page!.view})` };
  const view = shown.page?.view;
  if (view === TWO_FACTOR_VIEWS.verify) return { outcome: 'second_factor', summary: `${who} is asked for a second factor` };
  if (view === TWO_FACTOR_VIEWS.setup)
    return { outcome: 'two_factor_setup', summary: `${who} is asked to set up two-factor authentication` };
  if (view === HRM_VIEWS.login) {
    const problem = (shown.page!.data as HrmLoginPageData).problem;
    if (problem) throw new ScenarioFailure(problem.reason, problem.message);
  }
  if (view === EXPENSE_VIEWS.welcome) {
    const message = (shown.page!.data as ExpenseWelcomePageData).message;
    throw new ScenarioFailure('denied', message ?? 'Expense shows its welcome page: not signed in');
  }
  if (shown.problem) throw new ScenarioFailure(shown.problem.code, shown.problem.message);
  throw new ScenarioFailure('not_signed_in', `${who} ended on ${describe(shown)}, not in ${app}`);
}

type LoginStart =
  /** The application's own session was still good. */
  | { already: ShownPage }
  /** Sent to Connect, which had a session: back in without a login (single sign-on). */
  | { singleSignOn: ShownPage }
  | { login: ConnectLoginPageData };

/** Opens the application and follows it to Connect's login page; a browser signed in at Connect comes back in. */
async function toConnectLogin(run: RunContext, browser: PersonaBrowser, app: ScenarioApp): Promise<LoginStart> {
  let shown = await browser.go(await appStart(run, app));
  if (isSignedInPage(app, shown)) return { already: shown };
  if (app === 'hrm' && shown.page?.view === HRM_VIEWS.login) {
    const data = shown.page.data as HrmLoginPageData;
    if (data.mode === 'password')
      throw new ScenarioFailure('old_login', 'The HRM still has its own login (before activation): use hrmLogin');
    shown = await browser.go(data.connectLoginUrl);
  } else if (app === 'expense' && shown.page?.view === EXPENSE_VIEWS.welcome) {
    shown = await browser.go(`${ORIGINS.expense}${EXPENSE_PATHS.login}`);
  }
  if (isSignedInPage(app, shown)) return { singleSignOn: shown };
  if (shown.page?.view !== CONNECT_VIEWS.login)
    throw new ScenarioFailure('wrong_page', `Expected Connect's login page, got ${describe(shown)}`);
  return { login: shown.page.data as ConnectLoginPageData };
}

/** How a login ended before any credential was asked for, or undefined when Connect's login page is on show. */
function signedInBefore(app: ScenarioApp, start: LoginStart, who: string): ActionAnswer | undefined {
  if ('already' in start) return { ...landed(app, start.already, who), outcome: 'already_signed_in' };
  if ('singleSignOn' in start) return { ...landed(app, start.singleSignOn, who), outcome: 'single_sign_on' };
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Mail: what the persona reads in their inbox

/** A persona's mail app in a run: a jar of its own (never the browser's), and the mailboxes it has signed in to. */
interface MailApp {
  client: ClientContext;
  signedIn: Set<string>;
}

/** Each run's mail apps, by persona: kept for the whole run, as a mail app stays signed in. */
const mailApps = new WeakMap<ScenarioHost, Map<string, MailApp>>();

function mailAppOf(run: RunContext, personaId: string): MailApp {
  let apps = mailApps.get(run.host);
  if (!apps) mailApps.set(run.host, (apps = new Map()));
  let app = apps.get(personaId);
  if (!app)
    apps.set(
      personaId,
      (app = {
        client: { network: run.host.network, initiator: `inbox:${personaId}`, jar: new CookieJar(), origin: ORIGINS.mail },
        signedIn: new Set(),
      }),
    );
  return app;
}

/**
 * A call of the persona's mail app, signed in first to `mailboxes` with the persona's password (a mailbox without an
 * account yet, such as a private address the persona typed, is registered with it). A session that ended (the world
 * clock moved past it) is signed in again, once.
 */
async function withMailApp<T>(
  run: RunContext,
  personaId: string,
  mailboxes: readonly string[],
  call: (client: ClientContext) => Promise<ClientResult<T>>,
): Promise<T> {
  const app = mailAppOf(run, personaId);
  const password = run.persona(personaId).hrmPassword;
  const signIn = async () => {
    const missing = mailboxes.filter((m) => !app.signedIn.has(m));
    if (missing.length === 0) return;
    ok(await mailApi.signInToMailboxes(app.client, missing, password));
    for (const m of missing) app.signedIn.add(m);
  };
  await signIn();
  const result = await call(app.client);
  if (result.ok || result.problem.code !== 'unauthenticated') return ok(result);
  app.signedIn.clear();
  await signIn();
  return ok(await call(app.client));
}

/**
 * The newest messages first across the persona's mailboxes (or one mailbox), as the inbox lists them. A mailbox named
 * without a persona is looked at as the trainer does (mail.test's inspection): nobody signs in to it.
 */
async function inbox(run: RunContext, personaId: string | undefined, mailbox?: string): Promise<MailSummary[]> {
  const boxes = mailbox ? [mailboxOf(mailbox)] : run.persona(personaId!).mailboxes;
  const all: MailSummary[] = [];
  for (const box of boxes) {
    const listing =
      personaId === undefined
        ? ok(await inspectMailbox({ network: run.host.network, initiator: 'stage' }, box))
        : await withMailApp(run, personaId, boxes, (client) => mailApi.listMailbox(client, box));
    all.push(...listing.messages);
  }
  // Each mailbox lists newest first; merged by time, a stable sort keeps that order among mails of one moment.
  return all.sort((a, b) => b.sentAt - a.sentAt);
}

export async function mailsMatching(
  run: RunContext,
  personaId: string | undefined,
  subject: string | undefined,
  mailbox?: string,
): Promise<MailSummary[]> {
  const needle = subject?.toLowerCase();
  return (await inbox(run, personaId, mailbox)).filter((m) => needle === undefined || m.subject.toLowerCase().includes(needle));
}

/** Opens a message as the inbox does: read in full, marked read. Without a persona, the trainer's look: nothing is marked. */
export async function readMail(run: RunContext, personaId: string | undefined, id: string): Promise<MailMessage> {
  if (personaId === undefined) return ok(await inspectMessage({ network: run.host.network, initiator: 'stage' }, id));
  const app = mailAppOf(run, personaId);
  const mailboxes = app.signedIn.size > 0 ? [...app.signedIn] : run.persona(personaId).mailboxes;
  const message = await withMailApp(run, personaId, mailboxes, (client) => mailApi.getMessage(client, id));
  await withMailApp(run, personaId, mailboxes, (client) => mailApi.markRead(client, id));
  return message;
}

const LINK = /https:\/\/[^\s<>"')]+/g;
const CODE = /Your verification code:\s+(\d{6})\b/;

// ---------------------------------------------------------------------------------------------------------------
// HRM administrators find users as the Users view does

/** The user a reference names: a persona's user ID, a user ID, or a full name, found with the Users view's search. */
export async function findUser(run: RunContext, admin: PersonaBrowser, ref: string): Promise<UserListRow> {
  const persona = run.host.personas().find((p) => p.id === ref);
  const loginId = persona?.hrmLoginId ?? (/^\d+$/.test(ref) ? ref : null);
  const page = ok(await hrmApi.listUsers(await hrmClient(run, admin), { q: loginId ?? ref, status: 'all', limit: 50 }));
  const found = page.rows.filter((row) => (loginId ? row.loginId === loginId : row.name.toLowerCase() === ref.toLowerCase()));
  if (found.length !== 1)
    throw new ScenarioFailure(
      'user_not_found',
      `The Users view finds ${found.length === 0 ? 'no' : found.length} user${found.length === 1 ? '' : 's'} for “${ref}”`,
    );
  return found[0]!;
}

/** The accounts the admin portal's Users tab lists for a search (its page, as the tab's search form opens it). */
export async function connectAdminUsers(admin: PersonaBrowser, q: string): Promise<AdminUser[]> {
  const shown = await admin.peek(`${CONNECT}${CONNECT_PATHS.adminUsers}?${new URLSearchParams({ q })}`);
  return adminPage<AdminUsersPageData>(shown, CONNECT_VIEWS.adminUsers, 'Users').page.users;
}

/** Every entry of the admin portal's Audit log for a user and a category, page after page, newest first. */
export async function connectAdminAudit(admin: PersonaBrowser, user: string, category: AuditCategory | null): Promise<ConnectAuditEntry[]> {
  const entries: ConnectAuditEntry[] = [];
  for (let pages = 0; pages < 50; pages++) {
    const params = new URLSearchParams();
    if (user) params.set('user', user);
    if (category) params.set('category', category);
    if (entries.length > 0) params.set('offset', String(entries.length));
    const shown = await admin.peek(`${CONNECT}${CONNECT_PATHS.adminAudit}?${params}`);
    const { page } = adminPage<AdminAuditPageData>(shown, CONNECT_VIEWS.adminAudit, 'Audit log');
    entries.push(...page.entries);
    if (page.entries.length === 0 || entries.length >= page.total) break;
  }
  return entries;
}

/** The admin portal's Domains tab. */
export async function connectAdminDomains(admin: PersonaBrowser): Promise<DomainView[]> {
  const shown = await admin.peek(`${CONNECT}${CONNECT_PATHS.adminDomains}`);
  return adminPage<DomainsPageData>(shown, CONNECT_VIEWS.adminDomains, 'Domains').domains;
}

function adminPage<T>(shown: ShownPage, view: string, tab: string): T {
  if (shown.page?.view === view) return shown.page.data as T;
  if (shown.problem) throw new ScenarioFailure(shown.problem.code, shown.problem.message);
  throw new ScenarioFailure('not_admin', `The admin portal's ${tab} tab did not open: the browser shows ${describe(shown)}`);
}

/** A Connect account on the admin portal's Users tab, by its email. */
async function findAccount(admin: PersonaBrowser, email: string): Promise<string> {
  const account = (await connectAdminUsers(admin, email)).find((u) => u.email.toLowerCase() === email.toLowerCase());
  if (!account) throw new ScenarioFailure('account_not_found', `Connect's Users tab has no account ${email}`);
  return account.id;
}

// ---------------------------------------------------------------------------------------------------------------
// Passkeys: the persona's sandbox authenticator (src/platform/webauthn), whose passkeys live with their devices

function authenticator(run: RunContext, browser: PersonaBrowser): SandboxAuthenticator {
  const { passkeys } = browser.devices;
  return new SandboxAuthenticator(
    {
      list: () => passkeys.sandbox,
      replace: async (credentials) => {
        passkeys.sandbox = credentials;
      },
    },
    { origin: run.host.pageOrigin },
  );
}

function answered<T>(result: { ok: true; response: T } | { ok: false; code: string; message: string }): T {
  if (result.ok) return result.response;
  throw new ScenarioFailure(result.code, result.message);
}

// ---------------------------------------------------------------------------------------------------------------
// Single sign-on: the organisation's identity provider and where its answer lands

/** The identity provider whose origin `url` is on, or null. */
function idpAt(url: string): IdpName | null {
  const origin = new URL(url).origin;
  return IDP_NAMES.find((idp) => ORIGINS[idp] === origin) ?? null;
}

/** A "Test connection" run as a step's result: how it ended and, when it failed, the step and its reason. */
function testResult(test: SsoTestView): ActionAnswer {
  const failed = test.steps.find((s) => !s.ok);
  return {
    outcome: test.outcome,
    result: { outcome: test.outcome, failure: failed?.failure ?? null, step: failed?.step ?? null, detail: failed?.detail ?? null },
    summary: failed ? `Test connection failed at ${failed.step}: ${failed.detail}` : `Test connection ${test.outcome}`,
  };
}

/**
 * Where a single sign-on left the browser: at the provider's login page (the next step is idpSignIn), at the end of a
 * Test connection run, in the provider's console, in an application or Connect's pages, or refused with the reason
 * Connect's error page or the provider's gives.
 */
function ssoLanded(shown: ShownPage, browser: PersonaBrowser): ActionAnswer {
  const who = browser.persona.name;
  const view = shown.page?.view;
  if (view === IDP_VIEWS.signIn) {
    const data = shown.page!.data as IdpSignInPageData;
    return { outcome: 'idp_sign_in', summary: `${data.brand.displayName}'s login page asks ${who} for the ${data.step}` };
  }
  if (view === IDP_VIEWS.error) {
    const data = shown.page!.data as IdpErrorPageData;
    throw new ScenarioFailure(data.code, data.message);
  }
  if (view === CONNECT_VIEWS.error) {
    const data = shown.page!.data as ConnectErrorPageData;
    throw new ScenarioFailure(data.code, data.message);
  }
  if (view === IDENTITY_PROVIDER_VIEWS.test) return testResult((shown.page!.data as IdentityProviderTestPageData).test);
  if (view?.startsWith('idp/console/')) {
    if (view === IDP_CONSOLE_VIEWS.forbidden) throw new ScenarioFailure('forbidden', `${who} does not administer the directory`);
    return { outcome: 'signed_in', summary: `${who} is in the provider's console (${view})` };
  }
  if (view?.startsWith('connect/admin/')) return { outcome: 'signed_in', summary: `${who} is in Connect's admin portal (${view})` };
  return landedAnywhere(shown, browser);
}

/** The provider's console page `path`, which the persona must be signed in to (idpSignIn first). */
async function consolePage(browser: PersonaBrowser, idp: IdpName, path: string): Promise<void> {
  const shown = await browser.go(`${ORIGINS[idp]}${path}`);
  if (shown.page?.view === IDP_VIEWS.signIn)
    throw new ScenarioFailure(
      'not_signed_in',
      `${IDP_DISPLAY_NAMES[idp]}'s console sent ${browser.persona.name} to its login page: sign in there first (idpSignIn)`,
    );
  if (shown.page?.view === IDP_CONSOLE_VIEWS.forbidden)
    throw new ScenarioFailure('forbidden', `${browser.persona.name} does not administer ${IDP_DISPLAY_NAMES[idp]}'s directory`);
}

/** An identity provider on the admin portal's Identity providers tab, by its name. */
async function providerNamed(browser: PersonaBrowser, name: string): Promise<IdentityProviderView> {
  await browser.go(`${CONNECT}${CONNECT_PATHS.adminIdentityProviders}`);
  const providers = ok(await ssoAdminApi.listIdentityProviders(browser.client));
  const found = providers.find((p) => p.name.toLowerCase() === name.toLowerCase());
  if (!found)
    throw new ScenarioFailure(
      'idp_not_found',
      `Connect has no identity provider “${name}” (${providers.map((p) => p.name).join(', ') || 'none yet'})`,
    );
  return found;
}

// ---------------------------------------------------------------------------------------------------------------
// The actions

/** Each integration's page in the console, by the view it renders. */
const INTEGRATION_VIEWS: Readonly<Record<IntegrationId, string>> = {
  'payroll-export': INTEGRATIONS_VIEWS.apiClient,
  'calendar-app': INTEGRATIONS_VIEWS.calendar,
  sms: INTEGRATIONS_VIEWS.sms,
  'file-server': INTEGRATIONS_VIEWS.fileServer,
};

export type IntegrationPageData = ApiClientPageData | CalendarPageData | SmsPageData | FileServerPageData;

/** Opens an integration's page in the console (signed in there first, with integrationsLogin); its data. */
export async function integrationPage<T extends IntegrationPageData>(browser: PersonaBrowser, id: IntegrationId): Promise<T> {
  const shown = await browser.go(`${ORIGINS.integrations}${integrationPath(id)}`);
  if (shown.page?.view === INTEGRATIONS_VIEWS.login)
    throw new ScenarioFailure(
      'unauthenticated',
      `${browser.persona.name} is not signed in to the integrations console: use integrationsLogin`,
    );
  return browser.pageData<T>([INTEGRATION_VIEWS[id]], `The ${id} integration`);
}

/** A logged call in words: "GET https://…: 410: the server's message". */
export function describeRun(entry: RunLogEntry): string {
  return `${entry.method} ${entry.url}: ${entry.message}`;
}

export const ACTIONS: { [K in ActionName]: Action<K> } = {
  async hrmLogin(step, run) {
    const browser = run.browser(step.persona);
    const persona = browser.persona;
    await browser.go(`${await hrmOrigin(run)}${HRM_PATHS.login}`);
    const answer = ok(await hrmApi.login(browser.client, step.loginId ?? persona.hrmLoginId, step.password ?? persona.hrmPassword));
    const shown = await browser.go(answer.redirectTo);
    return { outcome: 'signed_in', summary: `${persona.name} is in the HRM (${describe(shown)})` };
  },

  async hrmLogout(step, run) {
    const browser = run.browser(step.persona);
    const answer = ok(await hrmApi.logout(await hrmClient(run, browser)));
    await browser.go(answer.redirectTo);
    return { summary: `${browser.persona.name} logged out of the HRM` };
  },

  async openPage(step, run) {
    const shown = await run.browser(step.persona).go(step.url);
    return { result: shown.page?.data ?? shown.problem, summary: describe(shown) };
  },

  async sendCode(step, run) {
    const browser = run.browser(step.persona);
    await browser.go(`${await hrmOrigin(run)}${HRM_PATHS.accountSettings}`);
    const status = ok(await hrmApi.sendVerificationCode(await hrmClient(run, browser), step.email));
    return { result: status, outcome: status.status, summary: `status ${status.status}` };
  },

  async verifyCode(step, run) {
    const browser = run.browser(step.persona);
    let code = step.code;
    if (code === undefined) {
      for (const summary of await inbox(run, step.persona)) {
        const match = CODE.exec((await readMail(run, step.persona, summary.id)).text);
        if (match) {
          code = match[1]!;
          break;
        }
      }
      if (code === undefined) throw new ScenarioFailure('no_code_mail', `${browser.persona.name}'s inbox has no verification code`);
    }
    const status = ok(await hrmApi.verifyCode(await hrmClient(run, browser), code));
    return { result: status, outcome: status.status, summary: `code ${code}: status ${status.status}` };
  },

  async unlinkAccount(step, run) {
    const browser = run.browser(step.persona);
    const status = ok(await hrmApi.unlink(await hrmClient(run, browser)));
    return { result: status, outcome: status.status };
  },

  async openMailLink(step, run) {
    const browser = run.browser(step.persona);
    const newest = (await mailsMatching(run, step.persona, step.subject, step.mailbox))[step.nth];
    if (!newest)
      throw new ScenarioFailure(
        'no_mail',
        `${browser.persona.name} has no${step.nth > 0 ? ` ${step.nth + 1}th newest` : ''} mail about “${step.subject}”`,
      );
    const message = await readMail(run, step.persona, newest.id);
    const links = message.text.match(LINK) ?? [];
    const link = step.link === undefined ? links[0] : links.find((l) => l.includes(step.link!));
    if (!link) throw new ScenarioFailure('no_link', `The mail “${message.subject}” has no link${step.link ? ` with “${step.link}”` : ''}`);
    const shown = await browser.go(link);
    return {
      result: shown.page?.data ?? shown.problem,
      outcome: shown.page?.view ?? 'error',
      summary: `opened ${link} → ${describe(shown)}`,
    };
  },

  async readMail(step, run) {
    const persona = run.persona(step.persona);
    const [newest] = await mailsMatching(run, step.persona, step.subject, step.mailbox);
    if (!newest) throw new ScenarioFailure('no_mail', `${persona.name} has no mail about “${step.subject}”`);
    const message = await readMail(run, step.persona, newest.id);
    let match: string | null = null;
    if (step.pattern !== undefined) {
      // The file was checked at load; a {{name}} filled in since may still have made the pattern one RE2 refuses.
      const compiled = compileTextPattern(step.pattern);
      if (!compiled.ok) throw new ScenarioFailure('bad_pattern', `pattern: ${compiled.message}`);
      const searched = findFirst(compiled.pattern, message.text);
      if (!searched.ok) throw new ScenarioFailure('mail_too_long', `The mail “${message.subject}”: ${searched.message}`);
      if (!searched.found) throw new ScenarioFailure('no_match', `The mail “${message.subject}” has nothing like /${step.pattern}/`);
      match = searched.found.groups[0] ?? searched.found.whole;
    }
    return {
      result: { subject: message.subject, to: message.to, match },
      summary: `“${message.subject}” to ${message.to}${match ? `: ${match}` : ''}`,
    };
  },

  async confirmEmail(step, run) {
    const browser = run.browser(step.persona);
    const data = browser.pageData<HrmVerifyEmailPageData>([HRM_VIEWS.verifyEmail], '“Confirm email”');
    if (data.state !== 'ready') throw new ScenarioFailure(`link_${data.state}`, data.message ?? `The link's page says ${data.state}`);
    const answer = ok(await hrmApi.confirmEmail(await hrmClient(run, browser), data.token));
    return { result: answer, outcome: answer.state, summary: `${answer.email}: ${answer.state}` };
  },

  async forgotPassword(step, run) {
    const browser = run.browser(step.persona);
    await browser.go(`${CONNECT}${CONNECT_PATHS.forgotPassword}?email=${encodeURIComponent(step.email)}`);
    const answer = ok(await connectApi.forgotPassword(browser.client, step.email));
    return { result: answer, summary: answer.message };
  },

  async setPassword(step, run) {
    const browser = run.browser(step.persona);
    const confirm = step.confirmPassword ?? step.password;
    if (browser.changePassword) {
      const { token, returnTo } = browser.changePassword;
      const answer = ok(await connectApi.changePassword(browser.client, token, step.password, confirm, returnTo));
      const shown = await browser.go(answer.redirectTo);
      return { outcome: 'password_changed', summary: `new password chosen → ${describe(shown)}` };
    }
    if (browser.current?.page?.view === CONNECT_VIEWS.activate) {
      // The first administrator's invitation (R28): the same form, which also makes them an administrator.
      const data = browser.pageData<ConnectActivatePageData>([CONNECT_VIEWS.activate], 'Setting a password');
      const answer = ok(await connectApi.activate(browser.client, data.token, step.password, confirm));
      return { result: answer, outcome: 'activated', summary: `${answer.email} administers ${answer.organisation}` };
    }
    const data = browser.pageData<ConnectResetPasswordPageData>(
      [CONNECT_VIEWS.resetPassword, CONNECT_VIEWS.activate],
      'Setting a password',
    );
    // The page shows a used or expired link instead of the form.
    if (data.state !== 'valid') throw new ScenarioFailure(`token_${data.state}`, `The reset link is ${data.state}`);
    ok(await connectApi.resetPassword(browser.client, data.token, step.password, confirm));
    return { outcome: 'password_set', summary: `password set for ${data.email}` };
  },

  async connectLogin(step, run) {
    const browser = run.browser(step.persona);
    const who = browser.persona.name;
    const start = await toConnectLogin(run, browser, step.app);
    const before = signedInBefore(step.app, start, who);
    if (before || !('login' in start)) return before!;
    const returnTo = start.login.returnTo;
    const identified = ok(await connectApi.identify(browser.client, step.email));
    if (identified?.redirectTo)
      throw new ScenarioFailure('sso', `Connect sends ${step.email} to the organisation's SSO, which scenarios do not drive yet`);
    const answer = ok(await connectApi.login(browser.client, step.email, step.password, returnTo));
    if (answer.next === 'change_password') {
      browser.changePassword = { token: answer.changeToken, returnTo };
      return { outcome: 'change_password', summary: `${who} must choose a new password` };
    }
    return landed(step.app, await browser.go(answer.redirectTo), who);
  },

  async passkeyLogin(step, run) {
    const browser = run.browser(step.persona);
    const who = browser.persona.name;
    const start = await toConnectLogin(run, browser, step.app);
    const before = signedInBefore(step.app, start, who);
    if (before || !('login' in start)) return before!;
    const options = ok(await passkeyApi.authenticationOptions(browser.client));
    const response = answered(await authenticator(run, browser).get(options.publicKey));
    const answer = ok(await passkeyApi.authenticate(browser.client, { ceremonyId: options.ceremonyId, response }, start.login.returnTo));
    return landed(step.app, await browser.go(answer.redirectTo), who);
  },

  async connectLogout(step, run) {
    const browser = run.browser(step.persona);
    // Account settings' "Sign out" is a navigation to /logout.
    await browser.go(`${CONNECT}${CONNECT_PATHS.logout}`);
    return { summary: `${browser.persona.name} signed out at Connect` };
  },

  async enterAuthenticatorCode(step, run) {
    const browser = run.browser(step.persona);
    const data = browser.pageData<TwoFactorVerifyPageData>([TWO_FACTOR_VIEWS.verify], 'A code from the authenticator app');
    let code = step.code;
    if (code === undefined) {
      const { phone } = browser.devices;
      const account = phone.accounts.find((a) => a.label.toLowerCase() === data.email.toLowerCase());
      if (!account)
        throw new ScenarioFailure('no_authenticator', `${browser.persona.name}'s phone has no authenticator account for ${data.email}`);
      code = totpCode(account.secret, run.host.clock.now() + phone.clockOffsetSeconds * 1000, account);
    }
    const answer = ok(await twoFactorApi.verifySecondFactor(browser.client, 'totp', code, step.rememberDevice, data.returnTo));
    return landedAnywhere(await browser.go(answer.redirectTo), browser);
  },

  async setUpAuthenticator(step, run) {
    const browser = run.browser(step.persona);
    if (browser.current?.page?.view !== TWO_FACTOR_VIEWS.setup) await browser.go(`${CONNECT}${TWO_FACTOR_PATHS.accountSetup}`);
    const data = browser.pageData<TwoFactorSetupPageData>([TWO_FACTOR_VIEWS.setup], 'Setting up an authenticator app');
    // "Scan QR code": the phone reads the key URI the page shows.
    const scanned = parseOtpauthUri(data.enrolment.otpauthUri);
    if (!scanned.ok) throw new ScenarioFailure('unreadable_qr', scanned.message);
    const { phone } = browser.devices;
    phone.accounts = [
      ...phone.accounts.filter((a) => a.label !== scanned.value.label),
      { ...scanned.value, addedAt: run.host.clock.now() },
    ];
    const code = totpCode(scanned.value.secret, run.host.clock.now() + phone.clockOffsetSeconds * 1000, scanned.value);
    const answer =
      data.context === 'sign_in'
        ? ok(await twoFactorApi.confirmSetupAtSignIn(browser.client, code, data.returnTo))
        : ok(await twoFactorApi.confirmSetupInAccount(browser.client, code));
    const shown = await browser.go(answer.redirectTo);
    return {
      result: { recoveryCodes: answer.recoveryCodes.length },
      outcome: 'enrolled',
      summary: `authenticator app set up for ${data.email} → ${describe(shown)}`,
    };
  },

  async remindMeLater(step, run) {
    const browser = run.browser(step.persona);
    const data = browser.pageData<TwoFactorSetupPageData>([TWO_FACTOR_VIEWS.setup], '“Remind me later”');
    const answer = ok(await twoFactorApi.remindLater(browser.client, data.returnTo));
    return landedAnywhere(await browser.go(answer.redirectTo), browser);
  },

  async addPasskey(step, run) {
    const browser = run.browser(step.persona);
    await browser.go(`${CONNECT}${CONNECT_PATHS.account}`);
    const options = ok(await passkeyApi.registrationOptions(browser.client));
    const response = answered(await authenticator(run, browser).create(options.publicKey));
    const passkey = ok(await passkeyApi.register(browser.client, { ceremonyId: options.ceremonyId, response }));
    await browser.go(`${CONNECT}${CONNECT_PATHS.account}`);
    return { result: { name: passkey.name }, summary: `passkey “${passkey.name}” added` };
  },

  async confirmWithPasskey(step, run) {
    const browser = run.browser(step.persona);
    const data = browser.pageData<TwoFactorVerifyPageData>([TWO_FACTOR_VIEWS.verify], 'Confirming with a passkey');
    const options = ok(await passkeyApi.secondFactorOptions(browser.client));
    const response = answered(await authenticator(run, browser).get(options.publicKey));
    const answer = ok(
      await passkeyApi.confirmSecondFactor(
        browser.client,
        { ceremonyId: options.ceremonyId, response, rememberDevice: step.rememberDevice },
        data.returnTo,
      ),
    );
    return landedAnywhere(await browser.go(answer.redirectTo), browser);
  },

  async setAllowedDomains(step, run) {
    const browser = run.browser(step.persona);
    await browser.go(`${await hrmOrigin(run)}${HRM_PATHS.security}`);
    const answer = ok(await hrmApi.saveSecurity(await hrmClient(run, browser), step.domains, step.linkVerifiedDomainsWithoutCode));
    return {
      result: answer,
      summary: `allowed domains: ${answer.allowedDomains.join(', ') || 'all'}${answer.warning ? ` (${answer.warning})` : ''}`,
    };
  },

  async setConnectEmail(step, run) {
    const browser = run.browser(step.persona);
    const user = await findUser(run, browser, step.user);
    const detail = ok(await hrmApi.setConnectEmail(await hrmClient(run, browser), user.id, step.email));
    return { result: detail, summary: `${detail.name}: Connect email ${detail.connectEmail}` };
  },

  async sendVerificationEmail(step, run) {
    const browser = run.browser(step.persona);
    const user = await findUser(run, browser, step.user);
    const detail = ok(await hrmApi.sendVerificationEmail(await hrmClient(run, browser), user.id, step.email));
    return { result: detail, outcome: detail.state, summary: `${detail.name}: ${detail.state} (${detail.link.email})` };
  },

  async removeConnection(step, run) {
    const browser = run.browser(step.persona);
    const user = await findUser(run, browser, step.user);
    const detail = ok(await hrmApi.removeConnection(await hrmClient(run, browser), user.id));
    return { result: detail, outcome: detail.state, summary: `${detail.name}: ${detail.state}` };
  },

  async importCsv(step, run) {
    const browser = run.browser(step.persona);
    await browser.go(`${await hrmOrigin(run)}${HRM_PATHS.importExport}`);
    const csv = Array.isArray(step.csv) ? `${step.csv.join('\r\n')}\r\n` : step.csv;
    const preview = ok(await hrmApi.previewImport(await hrmClient(run, browser), step.fileName, csv));
    const all = ok(await hrmApi.getImport(await hrmClient(run, browser), preview.id, { limit: 500 }));
    const rejected = all.rows.filter((r) => r.outcome === 'rejected').map((r) => ({ line: r.line, reason: r.reason }));
    if (!step.apply) return { result: { counts: preview.counts, rejected }, outcome: 'preview', summary: counts(preview.counts) };
    const applied = ok(await hrmApi.applyImport(await hrmClient(run, browser), preview.id));
    return {
      result: { counts: applied.counts, rejected },
      outcome: applied.status,
      summary: `import ${applied.number} ${applied.status}: ${counts(applied.counts)}`,
    };
  },

  async setTemporaryMeasures(step, run) {
    const browser = run.browser(step.persona);
    await browser.go(`${await hrmOrigin(run)}${HRM_PATHS.rollout}`);
    const at = (text: string | null) => (text === null ? null : Date.parse(text));
    const status = ok(
      await hrmApi.saveTemporaryMeasures(await hrmClient(run, browser), {
        hosting: step.hosting,
        apiForwardingEndsAt: at(step.apiForwardingEndsAt),
        calendarRedirectEndsAt: at(step.calendarRedirectEndsAt),
      }),
    );
    const end = (t: number | null) => (t === null ? 'no end date' : new Date(t).toISOString());
    return {
      result: status,
      summary:
        status.hosting === 'selfHosted'
          ? 'self-hosted: no forwarding'
          : `API forwarding ${end(status.apiForwardingEndsAt)}, calendar redirect ${end(status.calendarRedirectEndsAt)}`,
    };
  },

  async closeMigration(step, run) {
    const browser = run.browser(step.persona);
    await browser.go(`${await hrmOrigin(run)}${HRM_PATHS.rollout}`);
    const status = ok(await hrmApi.completeMigration(await hrmClient(run, browser)));
    return { result: status, outcome: status.stage, summary: 'migration complete' };
  },

  async blockUser(step, run) {
    const browser = run.browser(step.persona);
    const answer = ok(await connectApi.adminUserAction(browser.client, await findAccount(browser, step.email), 'block'));
    return { result: answer.user, outcome: answer.user.status, summary: `${step.email}: ${answer.user.status}` };
  },

  async unblockUser(step, run) {
    const browser = run.browser(step.persona);
    const answer = ok(await connectApi.adminUserAction(browser.client, await findAccount(browser, step.email), 'unblock'));
    return { result: answer.user, outcome: answer.user.status, summary: `${step.email}: ${answer.user.status}` };
  },

  async sendTemporaryPassword(step, run) {
    const browser = run.browser(step.persona);
    const answer = ok(await connectApi.adminUserAction(browser.client, await findAccount(browser, step.email), 'temporary-password'));
    return { result: answer.user, outcome: answer.user.status, summary: `temporary password mailed to ${step.email}` };
  },

  async setTwoFactorPolicy(step, run) {
    const browser = run.browser(step.persona);
    await browser.go(`${CONNECT}${TWO_FACTOR_PATHS.admin}`);
    const data = browser.pageData<TwoFactorAdminPageData>([TWO_FACTOR_VIEWS.admin], 'The two-factor policy');
    const ids = step.groups.map((name) => {
      const group = data.groups.find((g) => g.name.toLowerCase() === name.toLowerCase());
      if (!group)
        throw new ScenarioFailure('unknown_group', `Connect has no group “${name}” (${data.groups.map((g) => g.name).join(', ')})`);
      return group.id;
    });
    const policy: TwoFactorPolicy = {
      requiredGroupIds: ids,
      everyoneFrom: step.everyoneFrom === null ? null : Date.parse(step.everyoneFrom),
    };
    const saved = ok(await twoFactorApi.updateTwoFactorPolicy(browser.client, policy));
    return {
      result: saved,
      summary: `two-factor required for ${step.groups.join(', ') || 'no group'}${step.everyoneFrom ? `, everyone from ${step.everyoneFrom}` : ''}`,
    };
  },

  async addDomain(step, run) {
    const browser = run.browser(step.persona);
    await browser.go(`${CONNECT}${CONNECT_PATHS.adminDomains}`);
    const view = ok(await domainsApi.addDomain(browser.client, step.domain));
    return { result: view, outcome: view.status, summary: `${view.domain}: ${view.status}` };
  },

  async addIdentityProvider(step, run) {
    const browser = run.browser(step.persona);
    await browser.go(`${CONNECT}${CONNECT_PATHS.adminIdentityProviders}`);
    const view = ok(
      await ssoAdminApi.addIdentityProvider(browser.client, {
        kind: step.kind,
        name: step.name,
        issuer: step.issuer,
        clientId: step.clientId,
        clientAuth: step.clientAuth,
        ...(step.clientSecret === undefined ? {} : { clientSecret: step.clientSecret }),
        secretExpiresAt: step.secretExpiresAt === null ? null : Date.parse(step.secretExpiresAt),
        emailClaim: step.emailClaim,
        domains: step.domains,
        ssoOnly: step.ssoOnly,
        offer: step.offer,
        confirmUntested: step.confirmUntested,
      }),
    );
    return {
      result: view,
      outcome: view.ssoOnly ? 'sso_only' : 'added',
      summary: `${view.name} serves ${view.domains.join(', ')}${view.ssoOnly ? ' (Only SSO)' : ''}`,
    };
  },

  async changeIdentityProvider(step, run) {
    const browser = run.browser(step.persona);
    const provider = await providerNamed(browser, step.name);
    const { kind, name, issuer, clientId, clientAuth, emailClaim, domains, ssoOnly, offer } = provider;
    const view = ok(
      await ssoAdminApi.changeIdentityProvider(browser.client, provider.id, {
        kind,
        name,
        issuer,
        clientId,
        clientAuth,
        emailClaim,
        domains,
        offer,
        ssoOnly: step.ssoOnly ?? ssoOnly,
        version: provider.updatedAt,
        confirmUntested: step.confirmUntested,
        ...(step.clientSecret === undefined ? {} : { clientSecret: step.clientSecret }),
        ...(step.secretExpiresAt === undefined
          ? {}
          : { secretExpiresAt: step.secretExpiresAt === null ? null : Date.parse(step.secretExpiresAt) }),
      }),
    );
    return {
      result: view,
      outcome: view.ssoOnly ? 'sso_only' : 'saved',
      summary: `${view.name} saved${step.clientSecret === undefined ? '' : ` with a new client secret (${view.secretHint ?? ''})`}`,
    };
  },

  async testIdentityProvider(step, run) {
    const browser = run.browser(step.persona);
    const provider = await providerNamed(browser, step.name);
    const started = ok(await ssoAdminApi.startTest(browser.client, provider.id));
    // No redirect: the run ended before the provider was asked (its discovery document, say).
    if (started.redirectTo === null) return testResult(started.test);
    return ssoLanded(await browser.go(new URL(started.redirectTo, CONNECT).toString()), browser);
  },

  async ssoLogin(step, run) {
    const browser = run.browser(step.persona);
    const who = browser.persona.name;
    const start = await toConnectLogin(run, browser, step.app);
    const before = signedInBefore(step.app, start, who);
    if (before || !('login' in start)) return before!;
    const identified = ok(await connectApi.identify(browser.client, step.email, start.login.returnTo));
    const to = identified.redirectTo ?? identified.sso?.startUrl;
    if (identified.next !== 'sso' || to === undefined)
      throw new ScenarioFailure('no_sso', `Connect offers ${step.email} no single sign-on: its login page asks for the password`);
    return ssoLanded(await browser.go(new URL(to, CONNECT).toString()), browser);
  },

  async idpSignIn(step, run) {
    const browser = run.browser(step.persona);
    const data = browser.pageData<IdpSignInPageData>([IDP_VIEWS.signIn], 'Signing in at the identity provider');
    const idp = idpAt(browser.current!.url)!;
    let next: { step?: IdpSignInStep; redirectTo?: string } = { step: data.step };
    for (let turns = 0; next.step !== undefined && turns < 3; turns++) {
      if (next.step === 'username') next = ok(await idpApi.submitUsername(browser.client, idp, data.login, step.username));
      else if (next.step === 'password') next = ok(await idpApi.submitPassword(browser.client, idp, data.login, step.password));
      else next = ok(await idpApi.submitCode(browser.client, idp, data.login, step.code ?? phoneCode(run, browser, idp, step.username)));
    }
    if (next.redirectTo === undefined)
      throw new ScenarioFailure('not_signed_in', `${IDP_DISPLAY_NAMES[idp]} still asks ${browser.persona.name} for the ${next.step}`);
    return ssoLanded(await browser.go(new URL(next.redirectTo, ORIGINS[idp]).toString()), browser);
  },

  async registerIdpApplication(step, run) {
    const browser = run.browser(step.persona);
    await consolePage(browser, step.idp, IDP_CONSOLE_PATHS.applications);
    const application = ok(
      await idpConsoleApi.addApplication(browser.client, step.idp, { name: step.name, redirectUris: step.redirectUris }),
    );
    return {
      result: application,
      summary: `${application.name} registered at ${IDP_DISPLAY_NAMES[step.idp]}: client id ${application.clientId}`,
    };
  },

  async addIdpClientSecret(step, run) {
    const browser = run.browser(step.persona);
    await consolePage(browser, step.idp, `${IDP_CONSOLE_PATHS.applications}/${encodeURIComponent(step.clientId)}`);
    const created = ok(
      await idpConsoleApi.addSecret(browser.client, step.idp, step.clientId, {
        description: step.description,
        months: step.months,
        ...(step.expiresOn === undefined ? {} : { expiresOn: step.expiresOn }),
      }),
    );
    return {
      result: { value: created.value, hint: created.secret.hint, expiresAt: new Date(created.secret.expiresAt).toISOString() },
      summary: `client secret “${created.secret.description}” (${created.secret.hint}…) expires ${new Date(created.secret.expiresAt).toISOString()}`,
    };
  },

  async verifyDomain(step, run) {
    const browser = run.browser(step.persona);
    const answer = ok(await domainsApi.verifyDomain(browser.client, step.domain, step.method));
    return {
      result: answer.check,
      outcome: answer.check.code,
      summary: `${step.domain} (${step.method}): ${answer.check.code}: ${answer.check.message}`,
    };
  },

  async dnsLogin(step, run) {
    const browser = run.browser(step.persona);
    await browser.go(`${ORIGINS.dns}/login`);
    const answer = ok(await dnsApi.login(browser.client, step.email, step.password));
    const shown = await browser.go(answer.redirectTo ?? `${ORIGINS.dns}/zones`);
    return { outcome: 'signed_in', summary: describe(shown) };
  },

  async addDnsRecord(step, run) {
    const browser = run.browser(step.persona);
    await browser.go(`${ORIGINS.dns}${zonePath(step.zone)}`);
    const record = ok(
      await dnsApi.addRecord(browser.client, step.zone, {
        host: step.host,
        type: step.type,
        value: step.value,
        ...(step.ttl !== undefined ? { ttl: step.ttl } : {}),
      }),
    );
    return { result: record, summary: `${record.type} ${record.name} “${record.value}” (TTL ${record.ttl} s)` };
  },

  async updateDnsRecord(step, run) {
    const browser = run.browser(step.persona);
    await browser.go(`${ORIGINS.dns}${zonePath(step.zone)}`);
    const listing = browser.pageData<RecordListing>([DNS_VIEWS.zone], 'Editing a record');
    const host = step.host === '' ? '@' : step.host;
    const record = listing.records.find((r) => r.host === host && r.type === step.type);
    if (!record) throw new ScenarioFailure('record_not_found', `${step.zone} has no ${step.type} record at ${host}`);
    const updated = ok(
      await dnsApi.updateRecord(browser.client, step.zone, record.id, {
        host: record.host,
        type: record.type,
        value: step.value,
        ttl: record.ttl,
      }),
    );
    return { result: updated, summary: `${updated.type} ${updated.name} now “${updated.value}”` };
  },

  async integrationsLogin(step, run) {
    const browser = run.browser(step.persona);
    await browser.go(`${ORIGINS.integrations}${INTEGRATIONS_PATHS.login}`);
    const answer = ok(await integrationsApi.login(browser.client, step.email, step.password));
    const shown = await browser.go(answer.redirectTo ?? `${ORIGINS.integrations}${INTEGRATIONS_PATHS.overview}`);
    return { outcome: 'signed_in', summary: describe(shown) };
  },

  async runIntegration(step, run) {
    const browser = run.browser(step.persona);
    await integrationPage(browser, step.integration);
    const result = ok(
      step.integration === 'payroll-export'
        ? await integrationsApi.runApiClient(browser.client)
        : await integrationsApi.refreshCalendar(browser.client),
    );
    const last = result.entries.at(-1) ?? null;
    const failed = result.entries.find((e) => !e.ok) ?? null;
    return {
      result: { ...result, last, ok: failed === null },
      outcome: failed === null ? 'ok' : 'failed',
      summary: result.entries.map(describeRun).join('; ') || 'no calls',
    };
  },

  async repointIntegration(step, run) {
    const browser = run.browser(step.persona);
    if (step.integration === 'payroll-export') {
      const data = await integrationPage<ApiClientPageData>(browser, 'payroll-export');
      const saved = ok(
        await integrationsApi.updateApiClient(browser.client, {
          baseUrl: step.address!,
          apiKey: data.config.apiKey,
          version: data.version,
        }),
      );
      return { result: saved, summary: `${saved.name} calls ${saved.baseUrl}` };
    }
    if (step.integration === 'sms') {
      const data = await integrationPage<SmsPageData>(browser, 'sms');
      const saved = ok(await integrationsApi.updateSms(browser.client, { callbackUrl: step.address!, version: data.version }));
      return { result: saved, summary: `${saved.name} calls back ${saved.callbackUrl}` };
    }
    const data = await integrationPage<CalendarPageData>(browser, 'calendar-app');
    const saved = ok(await integrationsApi.updateCalendar(browser.client, { urls: step.addresses!, version: data.version }));
    return { result: saved, summary: saved.subscriptions.map((s) => `${s.personName}: ${s.url}`).join('; ') };
  },

  async allowAddress(step, run) {
    const browser = run.browser(step.persona);
    const data = await integrationPage<FileServerPageData>(browser, 'file-server');
    const saved = ok(await integrationsApi.addAllowedAddress(browser.client, step.address, data.version));
    return { result: saved, summary: `allow-list: ${saved.allowList.join(', ')}` };
  },

  async setTimeclockAddress(step, run) {
    const device = ScenarioTimeclockDevice.find(run.host, step.device);
    device.setAddress(step.address);
    const view = await device.view();
    return { result: view, outcome: view.screen, summary: `${device.name} uses ${device.address}: ${describeView(view)}` };
  },

  async timeclockLogin(step, run) {
    const device = ScenarioTimeclockDevice.find(run.host, step.device);
    const screen = await device.logIn(step.username ?? device.user.username, step.password ?? device.user.password);
    return { result: screen, outcome: 'logged_in', summary: `${device.name} is logged in at ${device.address}` };
  },

  async punchTimeclock(step, run) {
    const device = ScenarioTimeclockDevice.find(run.host, step.device);
    let by: { badge: string } | { employeeNumber: string };
    if (step.employeeNumber !== undefined) by = { employeeNumber: step.employeeNumber };
    else {
      const badge = step.badge ?? device.badgeOf(run.persona(step.persona).name);
      if (badge === undefined)
        throw new ScenarioFailure('no_badge', `${run.persona(step.persona).name} has no badge: give "badge" or "employeeNumber"`);
      by = { badge };
    }
    const punch = await device.punch(by);
    return { result: punch, outcome: punch.direction, summary: `${punch.name} punched ${punch.direction} on ${punch.device}` };
  },

  async advanceClock(step, run) {
    const by = parseDuration(step.by);
    // The file is checked against the last date at load where it can be (its start time is known); here it always is.
    if (!isWorldTime(run.host.clock.now() + by)) {
      throw new ScenarioFailure(
        'past_last_date',
        `+${step.by} from ${new Date(run.host.clock.now()).toISOString()} would move the world clock past 31 Dec 9999, its last date`,
      );
    }
    await run.host.clock.advance(by);
    return { summary: `+${step.by} → ${new Date(run.host.clock.now()).toISOString()}` };
  },

  async jumpTo(step, run) {
    await run.host.clock.jumpTo(Date.parse(step.at));
    return { summary: new Date(run.host.clock.now()).toISOString() };
  },

  async nextEvent(step, run) {
    const next = run.host.clock.nextEvent();
    if (!next) throw new ScenarioFailure('no_event', 'Nothing is scheduled on the world clock');
    if (step.label !== undefined && !next.label.toLowerCase().includes(step.label.toLowerCase())) {
      throw new ScenarioFailure('other_event', `The next event is “${next.label}”, not “${step.label}”`);
    }
    await run.host.clock.jumpToNextEvent();
    return { result: next, summary: `${next.label} at ${new Date(next.at).toISOString()}` };
  },
};

/** After a second step: signed in wherever the sign-in was going (an application, or Connect's own pages). */
function landedAnywhere(shown: ShownPage, browser: PersonaBrowser): ActionAnswer {
  const host = new URL(shown.url).origin;
  const app: ScenarioApp = host === ORIGINS.expense ? 'expense' : host === CONNECT ? 'connect' : 'hrm';
  return landed(app, shown, browser.persona.name);
}

/** The code the persona's authenticator app shows now for their account at the provider. */
function phoneCode(run: RunContext, browser: PersonaBrowser, idp: IdpName, username: string): string {
  const { phone } = browser.devices;
  const issuer = IDP_DISPLAY_NAMES[idp];
  const account = phone.accounts.find((a) => a.issuer === issuer && a.label.toLowerCase() === username.toLowerCase());
  if (!account)
    throw new ScenarioFailure('no_authenticator', `${browser.persona.name}'s phone has no ${issuer} authenticator account for ${username}`);
  return totpCode(account.secret, run.host.clock.now() + phone.clockOffsetSeconds * 1000, account);
}

function counts(c: { update: number; unchanged: number; rejected: number; total: number }): string {
  return `${c.update} to update, ${c.unchanged} unchanged, ${c.rejected} rejected of ${c.total}`;
}
