// Owns recording a scenario: while on, it listens to the in-tab network and the world clock and turns what each
// persona does into steps of the scenario format's action vocabulary (src/contracts/scenario.ts), with clock steps for
// the world time that passed between them. A persona's click shows up as the request its page sends (a form post, an
// API call, the navigation a mail link opens); that request, not the page reads around it, becomes the step, because
// replaying the action makes those reads again. A request the vocabulary has no action for is kept as a gap the user
// sees. No Node API: the stage records in the tab, the tests record the executor's runs.
import { CONNECT_PATHS } from '../../src/contracts/connect';
import { CONNECT_API } from '../../src/contracts/connect-api';
import { SSO_REDIRECT_URI } from '../../src/contracts/connect-sso';
import { DNS_API } from '../../src/contracts/dns';
import { IDP_API, IDP_NAMES, type IdpName } from '../../src/contracts/idp';
import { IDP_CONSOLE_API } from '../../src/contracts/idp-console';
import { endpointsOf, matchEndpoint } from '../../src/contracts/endpoint';
import { EXPENSE_PATHS } from '../../src/contracts/expense';
import { HRM_API, HRM_PATHS } from '../../src/contracts/hrm';
import type { Exchange, Network } from '../../src/contracts/network';
import { HRM_NEW_ORIGINS, ORIGINS, serverOf } from '../../src/contracts/origins';
import {
  SCENARIO_FORMAT,
  SCENARIO_MAX_STEPS,
  SCENARIO_VERSION,
  parseScenario,
  type ScenarioApp,
  type ScenarioFile,
} from '../../src/contracts/scenario';
import type { RecordedStep, RecordingGap, ScenarioRecording } from '../../src/contracts/scenario-recording';
import type { Persona, WorldEvent } from '../../src/contracts/simulation';

export type { RecordedStep, RecordingGap } from '../../src/contracts/scenario-recording';

export interface RecorderClock {
  now(): number;
  nextEvent(): WorldEvent | null;
  subscribe(listener: () => void): () => void;
}

export interface RecorderOptions {
  network: Network;
  clock: RecorderClock;
  personas: readonly Persona[];
  /** The workspace the file starts from: its template and seed (the start time is the world time recording began). */
  workspace: { template: string; seed: string };
}

/** A navigation this recorder follows hop by hop: who made it and what it has become. */
interface NavigationTrace {
  persona: string;
  firstUrl: string;
  /** Part of a recorded step (the page an action's answer redirected to, a mail link): nothing more to record. */
  absorbed: boolean;
  /** A step whose fields depend on where the navigation ends (which application a Connect login went back to). */
  onHop?: (url: URL) => void;
  /** The step this navigation belongs to. */
  step?: RecordedStep | null;
}

interface ReadMail {
  id: string;
  mailbox: string;
  subject: string;
  text: string;
  links: string[];
}

interface PersonaTrail {
  /** The redirect an action's answer named: the navigation to it is that action's own. */
  expectedRedirect: string | null;
  /** Mails opened since the last step, oldest first, not yet part of a step. */
  pendingReads: ReadMail[];
  /** Mails opened while recording, newest last (where a link a persona follows came from). */
  reads: ReadMail[];
  /** The newest listing of each mailbox the inbox showed (to tell which of several mails with a subject was opened). */
  listings: Map<string, { id: string; subject: string; sentAt: number }[]>;
  /** Where the persona's last navigation started (which application a Connect login is for). */
  lastStartOrigin: string | null;
  /** "Add a passkey" begun: completed by the authenticator's answer, or refused by the authenticator itself. */
  pendingPasskey: RecordedStep | null;
  /** Credential IDs of the passkeys this persona added while recording. */
  passkeys: string[];
  /** Told each hop of the redirect an action's answer named. */
  onRedirectHop?: ((url: URL) => void) | undefined;
  /** The step whose answer named the redirect: an error page it ends on makes that step's expected error. */
  redirectStep?: RecordedStep | null;
  /** Where the persona's last own navigation began, when no step took it up (the page an identity provider's login is on). */
  unrecordedNavigation: string | null;
  /** The email step offered "Sign in with …": the navigation to its start completes an ssoLogin. */
  pendingSso: { email: string; app: ScenarioApp; startUrl: string } | null;
  /** The username typed on an identity provider's login page, and the idpSignIn its password made (a code completes it). */
  idpUsername: string | null;
  pendingIdpSignIn: RecordedStep | null;
}

/** The mail app signing in to a mailbox, or registering one it has no account for. */
const MAIL_APP_SIGN_IN = /^\/api\/(session|accounts)$/;

const LINK = /https:\/\/[^\s<>"')]+/g;
/** The endpoints of the organisations' identity providers (login page and console) whose requests become steps. */
type IdpRequest = { idp: IdpName; name: 'signInUsername' | 'signInPassword' | 'signInCode' | 'addApplication' | 'addSecret' };
const IDP_ENDPOINTS = new Map<object, IdpRequest>(
  IDP_NAMES.flatMap((idp): [object, IdpRequest][] => [
    [IDP_API[idp].signInUsername, { idp, name: 'signInUsername' }],
    [IDP_API[idp].signInPassword, { idp, name: 'signInPassword' }],
    [IDP_API[idp].signInCode, { idp, name: 'signInCode' }],
    [IDP_CONSOLE_API[idp].addApplication, { idp, name: 'addApplication' }],
    [IDP_CONSOLE_API[idp].addSecret, { idp, name: 'addSecret' }],
  ]),
);
/** The endpoints whose requests become steps; any other request of a persona's page is kept as a gap. */
const RECORDED_ENDPOINTS = [
  ...endpointsOf(HRM_API),
  ...endpointsOf(CONNECT_API),
  ...endpointsOf(DNS_API),
  ...IDP_NAMES.flatMap((idp) => [...endpointsOf(IDP_API[idp]), ...endpointsOf(IDP_CONSOLE_API[idp])]),
];
/** Error pages a sign-in can end on: the step that led there expected that error. */
const ERROR_VIEWS = ['connect/error', 'idp/error'];

/** The HRM's answers that name users (the Users view's rows, a user's detail): whom a later refusal was about. */
const USER_ANSWERS = [HRM_API.listUsers, HRM_API.getUser, HRM_API.setConnectEmail, HRM_API.sendVerificationEmail, HRM_API.removeConnection];

const APP_CALLBACKS = [
  ...[ORIGINS.hrm, HRM_NEW_ORIGINS.web, HRM_NEW_ORIGINS.mobile].map((origin) => `${origin}${HRM_PATHS.connectCallback}`),
  `${ORIGINS.expense}${EXPENSE_PATHS.callback}`,
];

/**
 * The URL of an exchange as the endpoint tables name it: the HRM's web app answers the same endpoints at its new web
 * and mobile hosts after the move (R18) as at hrm.test, the origin its table is written for.
 */
function tableUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.origin !== HRM_NEW_ORIGINS.web && parsed.origin !== HRM_NEW_ORIGINS.mobile) return url;
  return `${ORIGINS.hrm}${parsed.pathname}${parsed.search}`;
}

/** Steps left free below a file's limit when a recording stops itself: room for the mails opened after the last step. */
const RECORDING_HEADROOM = 20;

export class ScenarioRecorder implements ScenarioRecording {
  readonly startedAt: number;
  readonly #options: RecorderOptions;
  readonly #personas: Map<string, Persona>;
  readonly #steps: RecordedStep[] = [];
  readonly #gaps: RecordingGap[] = [];
  readonly #trails = new Map<string, PersonaTrail>();
  readonly #navigations = new Map<number, NavigationTrace>();
  /** Message texts the inbox fetched, by id, until it marks them read (that is when the persona opened the mail). */
  readonly #fetched = new Map<string, ReadMail>();
  /** Imports previewed by each step, so "Import" after the preview completes that step. */
  readonly #imports = new Map<string, RecordedStep>();
  /** User IDs of the HRM's Users view by its internal user id. */
  readonly #loginIds = new Map<string, string>();
  /** Two-factor group names by id, from the admin portal's two-factor tab. */
  readonly #groups = new Map<string, string>();
  /** Identity providers' names at Connect by id, from the Identity providers tab and its answers. */
  readonly #providers = new Map<string, string>();
  /**
   * Values an answer created that later steps type (a client id, a client secret shown once): the name a step remembers
   * each by, so a replay types the value its own run created.
   */
  readonly #created = new Map<string, string>();
  readonly #listeners = new Set<() => void>();
  #worldTime: number;
  /** The next scheduled event as it was before the clock last moved (a move onto it is "Next event"). */
  #nextEvent: WorldEvent | null;
  #stopped = false;
  #full = false;
  readonly #unsubscribe: (() => void)[];

  constructor(options: RecorderOptions) {
    this.#options = options;
    this.#personas = new Map(options.personas.map((p) => [p.id, p]));
    this.startedAt = options.clock.now();
    this.#worldTime = this.startedAt;
    this.#nextEvent = options.clock.nextEvent();
    this.#unsubscribe = [
      options.network.subscribe((exchange) => {
        if (!this.#stopped) this.#onExchange(exchange);
      }),
      options.clock.subscribe(() => {
        // Remembered while the clock has not moved since the last step: what "Next event" would have jumped to.
        if (options.clock.now() === this.#worldTime) this.#nextEvent = options.clock.nextEvent();
      }),
    ];
  }

  /** Called whenever a step or a gap is recorded. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get recording(): boolean {
    return !this.#stopped;
  }

  get full(): boolean {
    return this.#full;
  }

  /** The steps so far, including mails opened but not yet part of a step and the clock's move since the last one. */
  steps(): RecordedStep[] {
    if (this.#stopped) return this.#steps.map((s) => ({ ...s }));
    const pending = [...this.#trails.entries()].flatMap(([persona, trail]) =>
      trail.pendingReads.map((mail) => readMailStep(this.#personas.get(persona)!, mail)),
    );
    const clock = this.#clockStep(this.#options.clock.now());
    return [...this.#steps, ...pending, ...(clock ? [clock] : [])].map((s) => ({ ...s }));
  }

  gaps(): RecordingGap[] {
    return this.#gaps.map((g) => ({ ...g }));
  }

  /** Ends the recording: mails opened last become steps, and the clock's last move a clock step. */
  stop(): void {
    if (this.#stopped) return;
    this.#flushReads();
    this.#moveClockTo(this.#options.clock.now());
    this.#stopped = true;
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#changed();
  }

  /** The scenario file: the workspace's template, seed and the world time recording began, then the steps. */
  scenario(meta: { id?: string; title?: string } = {}): ScenarioFile {
    const steps = this.steps();
    const gaps = this.#gaps.map((g) => `- after step ${g.afterSteps}: ${g.persona}: ${g.request} (no action in the scenario format)`);
    const file: ScenarioFile = {
      format: SCENARIO_FORMAT,
      version: SCENARIO_VERSION,
      id:
        meta.id ??
        `recording-${isoInstant(this.startedAt)
          .replace(/[^0-9]/g, '')
          .slice(0, 12)}`,
      title: meta.title ?? `Recorded from ${isoInstant(this.startedAt)}`,
      description:
        gaps.length === 0
          ? 'Recorded in Rollout Rehearsal.'
          : `Recorded in Rollout Rehearsal. Not recorded, because the scenario format has no action for them:\n${gaps.join('\n')}`,
      workspace: { template: this.#options.workspace.template, seed: this.#options.workspace.seed, startAt: isoInstant(this.startedAt) },
      steps,
    };
    const parsed = parseScenario(file);
    if (!parsed.ok) throw new Error(`The recording does not make a valid scenario:\n${parsed.errors.join('\n')}`);
    return file;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Exchanges

  #onExchange(exchange: Exchange): void {
    const [kind, personaId] = exchange.initiator.split(':', 2) as [string, string | undefined];
    if (!personaId || !this.#personas.has(personaId)) return;
    if (kind === 'inbox') this.#onInbox(personaId, exchange);
    else if (kind === 'browser') {
      if (exchange.navigationId !== undefined) this.#onNavigationHop(personaId, exchange);
      else if (exchange.method !== 'GET') this.#onRequest(personaId, exchange);
      else {
        this.#observeUsers(exchange);
        this.#observeProviders(exchange);
      }
    }
  }

  #onInbox(persona: string, exchange: Exchange): void {
    const url = new URL(exchange.url);
    if (url.origin !== ORIGINS.mail || exchange.status >= 400) return;
    const trail = this.#trail(persona);
    const listing = /^\/api\/mailboxes\/([^/]+)\/messages$/.exec(url.pathname);
    const message = /^\/api\/messages\/([^/]+)$/.exec(url.pathname);
    const read = /^\/api\/messages\/([^/]+)\/read$/.exec(url.pathname);
    if (exchange.method === 'GET' && listing) {
      const body = json<{ messages?: { id: string; subject: string; sentAt: number }[] }>(exchange.responseBody);
      if (body?.messages)
        trail.listings.set(
          decodeURIComponent(listing[1]!),
          body.messages.map((m) => ({ id: m.id, subject: m.subject, sentAt: m.sentAt })),
        );
    } else if (exchange.method === 'GET' && message) {
      const body = json<{ id: string; mailbox: string; subject: string; text: string }>(exchange.responseBody);
      if (body)
        this.#fetched.set(body.id, {
          id: body.id,
          mailbox: body.mailbox,
          subject: body.subject,
          text: body.text,
          links: body.text.match(LINK) ?? [],
        });
    } else if (exchange.method === 'POST' && read) {
      const mail = this.#fetched.get(decodeURIComponent(read[1]!));
      if (mail) {
        trail.pendingReads.push(mail);
        trail.reads.push(mail);
        this.#stopWhenFull();
        this.#changed();
      }
    } else if (exchange.method !== 'GET' && !MAIL_APP_SIGN_IN.test(url.pathname)) {
      // Signing in is the mail app's own doing (readMail signs in again on replay), not a step of the persona's.
      this.#gap(persona, exchange);
    }
  }

  #onNavigationHop(persona: string, exchange: Exchange): void {
    const url = new URL(exchange.url);
    const trail = this.#trail(persona);
    if (exchange.navigationId === exchange.id) {
      const trace: NavigationTrace = { persona, firstUrl: exchange.url, absorbed: false };
      this.#navigations.set(exchange.id, trace);
      if (trail.expectedRedirect !== null && sameUrl(trail.expectedRedirect, exchange.url)) {
        trace.absorbed = true;
        trace.onHop = trail.onRedirectHop;
        trace.step = trail.redirectStep ?? null;
        trail.expectedRedirect = null;
      } else if (trail.pendingSso !== null && sameUrl(trail.pendingSso.startUrl, exchange.url)) {
        // "Sign in with …" after the email step: the navigation to the provider is the step.
        const { email, app } = trail.pendingSso;
        trail.pendingSso = null;
        trace.absorbed = true;
        trace.step = this.#record(exchange.at, { action: 'ssoLogin', persona, app, email });
      } else {
        trail.lastStartOrigin = url.origin;
        if (this.#mailLink(persona, exchange)) trace.absorbed = true;
        else if (url.origin === ORIGINS.connect && url.pathname === CONNECT_PATHS.logout) {
          trace.absorbed = true;
          this.#record(exchange.at, { action: 'connectLogout', persona });
        }
      }
      trail.unrecordedNavigation = trace.absorbed ? null : exchange.url;
    }
    this.#observePage(exchange);
    const trace = this.#navigations.get(exchange.navigationId!);
    if (!trace) return;
    trace.onHop?.(url);
    const shown = json<{ view?: string; data?: { code?: unknown } }>(exchange.responseBody);
    if (trace.step && shown?.view && ERROR_VIEWS.includes(shown.view) && typeof shown.data?.code === 'string') {
      trace.step.expectError = shown.data.code;
      delete trace.step.expectOutcome;
      this.#changed();
    }
    // A navigation of the persona's own that comes back signed in through an application's callback: single sign-on,
    // which a replay gets by opening the same page. Every other page the persona merely looks at is not a step.
    if (!trace.absorbed && APP_CALLBACKS.includes(`${url.origin}${url.pathname}`)) {
      trace.absorbed = true;
      this.#record(exchange.at, { action: 'openPage', persona, url: trace.firstUrl });
    }
  }

  /** A navigation to a link in a mail the persona opened: openMailLink, with which of the mails and which link. */
  #mailLink(persona: string, exchange: Exchange): boolean {
    const trail = this.#trail(persona);
    const mail = [...trail.reads].reverse().find((m) => m.links.some((l) => sameUrl(l, exchange.url)));
    if (!mail) return false;
    // Newest first across the persona's mailboxes, as the inbox lists them and openMailLink's `nth` counts.
    const sameSubject = [...trail.listings.values()]
      .flat()
      .sort((a, b) => b.sentAt - a.sentAt)
      .filter((m) => m.subject.toLowerCase().includes(mail.subject.toLowerCase()));
    const nth = Math.max(
      0,
      sameSubject.findIndex((m) => m.id === mail.id),
    );
    const linkIndex = mail.links.findIndex((l) => sameUrl(l, exchange.url));
    trail.pendingReads = trail.pendingReads.filter((m) => m.id !== mail.id);
    this.#record(exchange.at, {
      action: 'openMailLink',
      persona,
      subject: mail.subject,
      ...(linkIndex > 0 ? { link: mail.links[linkIndex] } : {}),
      ...(nth > 0 ? { nth } : {}),
    });
    return true;
  }

  /** A form post or API call of a persona's page: the action it is, or a gap. */
  #onRequest(persona: string, exchange: Exchange): void {
    const url = new URL(exchange.url);
    const body = json<Record<string, unknown>>(exchange.requestBody) ?? {};
    const answer = json<Record<string, unknown>>(exchange.responseBody) ?? {};
    const failed = exchange.status >= 400 ? { expectError: String(answer.code ?? exchange.status) } : {};
    const trail = this.#trail(persona);
    const me = this.#personas.get(persona)!;
    const step = (fields: Record<string, unknown>): RecordedStep => ({ ...fields, persona, ...failed }) as RecordedStep;
    const record = (fields: Record<string, unknown>, options: { redirect?: boolean; app?: boolean } = {}): RecordedStep => {
      const recorded = this.#record(exchange.at, step(fields));
      if (options.redirect && !failed.expectError && typeof answer.redirectTo === 'string') {
        trail.expectedRedirect = new URL(answer.redirectTo, exchange.url).toString();
        trail.onRedirectHop = options.app ? (hop) => setApp(recorded, appAt(hop)) : undefined;
        trail.redirectStep = recorded;
      }
      return recorded;
    };
    const connectApp = (): ScenarioApp => appOfOrigin(trail.lastStartOrigin);
    const found = matchEndpoint(RECORDED_ENDPOINTS, exchange.method, tableUrl(exchange.url));
    const params = found?.params ?? {};
    const atIdp = found ? IDP_ENDPOINTS.get(found.endpoint) : undefined;
    if (atIdp) {
      if (this.#onIdpRequest(atIdp, { persona, exchange, body, answer, params, failed, record })) return;
      this.#gap(persona, exchange);
      return;
    }

    switch (found?.endpoint) {
      case HRM_API.login: {
        const loginId = String(body.loginId ?? '');
        const password = String(body.password ?? '');
        record(
          { action: 'hrmLogin', ...(loginId !== me.hrmLoginId ? { loginId } : {}), ...(password !== me.hrmPassword ? { password } : {}) },
          { redirect: true },
        );
        return;
      }
      case HRM_API.logout:
        record({ action: 'hrmLogout' }, { redirect: true });
        return;
      case HRM_API.sendVerificationCode:
        record({ action: 'sendCode', email: String(body.email ?? '') });
        return;
      case HRM_API.verifyCode: {
        const code = String(body.code ?? '');
        // Typed from a mail the persona just opened: a replay reads the inbox's code, as the persona did.
        // Only the persona's own mailboxes: a code read in a mailbox opened by address is kept as typed.
        const fromMail = trail.pendingReads.some((mail) => mail.text.includes(code) && me.mailboxes.includes(mail.mailbox));
        if (fromMail) trail.pendingReads = [];
        record({ action: 'verifyCode', ...(fromMail ? {} : { code }) });
        return;
      }
      case HRM_API.unlink:
        record({ action: 'unlinkAccount' });
        return;
      case HRM_API.confirmEmail:
        record({ action: 'confirmEmail' });
        return;
      case HRM_API.saveSecurity:
        record({
          action: 'setAllowedDomains',
          domains: Array.isArray(body.allowedDomains) ? body.allowedDomains : [],
          ...(typeof body.linkVerifiedDomainsWithoutCode === 'boolean'
            ? { linkVerifiedDomainsWithoutCode: body.linkVerifiedDomainsWithoutCode }
            : {}),
        });
        return;
      case HRM_API.saveTemporaryMeasures: {
        const when = (t: unknown) => (typeof t === 'number' ? isoInstant(t) : null);
        record({
          action: 'setTemporaryMeasures',
          hosting: body.hosting === 'selfHosted' ? 'selfHosted' : 'hosted',
          apiForwardingEndsAt: when(body.apiForwardingEndsAt),
          calendarRedirectEndsAt: when(body.calendarRedirectEndsAt),
        });
        return;
      }
      case HRM_API.completeMigration:
        record({ action: 'closeMigration' });
        return;
      case HRM_API.previewImport: {
        const recorded = record({
          action: 'importCsv',
          fileName: url.searchParams.get('fileName') ?? 'users.csv',
          csv: exchange.requestBody ?? '',
          apply: false,
        });
        if (typeof answer.id === 'string') this.#imports.set(answer.id, recorded);
        return;
      }
      case HRM_API.applyImport: {
        const previewed = this.#imports.get(params.id!);
        if (!previewed) break;
        previewed.apply = true;
        if (failed.expectError) previewed.expectError = failed.expectError;
        this.#changed();
        return;
      }
      case HRM_API.setConnectEmail:
      case HRM_API.sendVerificationEmail:
      case HRM_API.removeConnection: {
        const user = this.#userRef(params.id!, answer);
        if (!user) break;
        const action = {
          setConnectEmail: 'setConnectEmail',
          sendVerificationEmail: 'sendVerificationEmail',
          removeConnection: 'removeConnection',
        }[found.endpoint.name]!;
        record({ action, user, ...(typeof body.email === 'string' ? { email: body.email } : {}) });
        return;
      }
      case CONNECT_API.registrationOptions: {
        // "Add a passkey" starts here; the authenticator may refuse before anything is sent back: it already holds a
        // passkey Connect lists as excluded, one this persona added while recording.
        if (failed.expectError) break;
        const excluded = ((answer.publicKey as { excludeCredentials?: { id: string }[] } | undefined)?.excludeCredentials ?? []).map(
          (d) => d.id,
        );
        const held = excluded.some((id) => trail.passkeys.includes(id));
        trail.pendingPasskey = record({ action: 'addPasskey', ...(held ? { expectError: 'already_registered' } : {}) });
        return;
      }
      case CONNECT_API.registerPasskey: {
        const added = trail.pendingPasskey ?? record({ action: 'addPasskey' });
        trail.pendingPasskey = null;
        delete added.expectError;
        if (failed.expectError) added.expectError = failed.expectError;
        else if (typeof answer.id === 'string' || typeof (body.response as { id?: unknown } | undefined)?.id === 'string') {
          trail.passkeys.push(String((body.response as { id: string }).id));
        }
        this.#changed();
        return;
      }
      case CONNECT_API.identify: {
        // The first half of a login: the step is the request that completes it. Connect refusing the email itself
        // (its first question) ends the login there.
        if (failed.expectError) record({ action: 'connectLogin', app: connectApp(), email: String(body.email ?? ''), password: '' });
        const sso = answer.sso as { startUrl?: unknown } | undefined;
        if (failed.expectError || answer.next !== 'sso') return;
        // Single sign-on: sent on at once (an automatic redirect), or when the persona clicks "Sign in with …".
        if (typeof answer.redirectTo === 'string')
          record({ action: 'ssoLogin', app: connectApp(), email: String(body.email ?? '') }, { redirect: true });
        else if (typeof sso?.startUrl === 'string')
          trail.pendingSso = {
            email: String(body.email ?? ''),
            app: connectApp(),
            startUrl: new URL(sso.startUrl, exchange.url).toString(),
          };
        return;
      }
      case CONNECT_API.addIdentityProvider:
      case CONNECT_API.changeIdentityProvider: {
        const secret = typeof body.clientSecret === 'string' && body.clientSecret !== '' ? { clientSecret: body.clientSecret } : {};
        const expires =
          typeof body.secretExpiresAt === 'number'
            ? { secretExpiresAt: isoInstant(body.secretExpiresAt) }
            : body.secretExpiresAt === null
              ? { secretExpiresAt: null }
              : {};
        const confirm = body.confirmUntested === true ? { confirmUntested: true } : {};
        if (found.endpoint === CONNECT_API.addIdentityProvider) {
          record({
            action: 'addIdentityProvider',
            kind: body.kind,
            name: body.name,
            issuer: body.issuer,
            clientId: body.clientId,
            clientAuth: body.clientAuth,
            ...secret,
            ...expires,
            emailClaim: body.emailClaim,
            domains: Array.isArray(body.domains) ? body.domains : [],
            ssoOnly: body.ssoOnly === true,
            offer: body.offer,
            ...confirm,
          });
        } else {
          const name = this.#providers.get(params.id!) ?? String(body.name ?? '');
          record({ action: 'changeIdentityProvider', name, ...secret, ...expires, ssoOnly: body.ssoOnly === true, ...confirm });
        }
        if (typeof answer.id === 'string' && typeof answer.name === 'string') this.#providers.set(answer.id, answer.name);
        return;
      }
      case CONNECT_API.testIdentityProvider: {
        const name = this.#providers.get(params.id!);
        if (!name) break;
        record({ action: 'testIdentityProvider', name }, { redirect: true });
        return;
      }
      case CONNECT_API.authenticationOptions:
      case CONNECT_API.passkeySecondFactorOptions:
        // The first half of a passkey ceremony: the step is the request that completes it.
        return;
      case CONNECT_API.login:
        record(
          { action: 'connectLogin', app: connectApp(), email: String(body.email ?? ''), password: String(body.password ?? '') },
          { redirect: true, app: true },
        );
        return;
      case CONNECT_API.authenticateWithPasskey:
        record({ action: 'passkeyLogin', app: connectApp() }, { redirect: true, app: true });
        return;
      case CONNECT_API.passkeySecondFactor:
        record({ action: 'confirmWithPasskey', ...(body.rememberDevice === true ? { rememberDevice: true } : {}) }, { redirect: true });
        return;
      case CONNECT_API.verifySecondFactor:
        // A code that worked is the phone's code of that moment, which a replay computes; a refused one is kept as typed.
        record(
          {
            action: 'enterAuthenticatorCode',
            ...(failed.expectError ? { code: String(body.code ?? '') } : {}),
            ...(body.rememberDevice === true ? { rememberDevice: true } : {}),
          },
          { redirect: true },
        );
        return;
      case CONNECT_API.confirmSetupAtSignIn:
      case CONNECT_API.confirmTotpInAccount:
        record({ action: 'setUpAuthenticator' }, { redirect: true });
        return;
      case CONNECT_API.remindLater:
        record({ action: 'remindMeLater' }, { redirect: true });
        return;
      case CONNECT_API.forgotPassword:
        record({ action: 'forgotPassword', email: String(body.email ?? '') });
        return;
      case CONNECT_API.changePassword:
      case CONNECT_API.resetPassword:
      case CONNECT_API.activate: {
        const password = String(body.password ?? '');
        const confirm = body.confirmPassword;
        record(
          { action: 'setPassword', password, ...(typeof confirm === 'string' && confirm !== password ? { confirmPassword: confirm } : {}) },
          { redirect: found.endpoint === CONNECT_API.changePassword },
        );
        return;
      }
      case CONNECT_API.updateTwoFactorPolicy: {
        const ids = Array.isArray(body.requiredGroupIds) ? (body.requiredGroupIds as string[]) : [];
        const names = ids.map((id) => this.#groups.get(id));
        if (names.some((n) => n === undefined)) break;
        record({
          action: 'setTwoFactorPolicy',
          groups: names,
          ...(typeof body.everyoneFrom === 'number' ? { everyoneFrom: isoInstant(body.everyoneFrom) } : {}),
        });
        return;
      }
      case CONNECT_API.blockUser:
      case CONNECT_API.unblockUser:
      case CONNECT_API.sendTemporaryPassword: {
        const email = (answer.user as { email?: string } | undefined)?.email;
        if (!email) break;
        record({ action: found.endpoint.name, email });
        return;
      }
      case CONNECT_API.addDomain:
        record({ action: 'addDomain', domain: String(body.domain ?? '') });
        return;
      case CONNECT_API.verifyDomain:
        record({
          action: 'verifyDomain',
          domain: params.domain!,
          ...(body.method && body.method !== 'txt' ? { method: body.method } : {}),
        });
        return;
      case DNS_API.login:
        record({ action: 'dnsLogin', email: String(body.email ?? ''), password: String(body.password ?? '') }, { redirect: true });
        return;
      case DNS_API.addRecord:
      case DNS_API.updateRecord: {
        const fields = {
          zone: params.zone!,
          host: String(body.host ?? ''),
          type: String(body.type ?? 'TXT'),
          value: String(body.value ?? ''),
        };
        if (found.endpoint === DNS_API.addRecord)
          record({ action: 'addDnsRecord', ...fields, ...(typeof body.ttl === 'number' ? { ttl: body.ttl } : {}) });
        else record({ action: 'updateDnsRecord', ...fields });
        return;
      }
    }
    this.#gap(persona, exchange);
  }

  /** What a later step needs from a page the persona saw (the two-factor policy's groups, identity providers, by name). */
  #observePage(exchange: Exchange): void {
    const page = json<{ view?: string; data?: { groups?: { id: string; name: string }[]; providers?: { id: string; name: string }[] } }>(
      exchange.responseBody,
    );
    for (const group of page?.data?.groups ?? []) this.#groups.set(group.id, group.name);
    for (const provider of page?.data?.providers ?? []) this.#providers.set(provider.id, provider.name);
  }

  /** The identity providers Connect's Identity providers API listed (by id, their names). */
  #observeProviders(exchange: Exchange): void {
    if (!matchEndpoint([CONNECT_API.listIdentityProviders], exchange.method, exchange.url)) return;
    const list = json<{ id: string; name: string }[]>(exchange.responseBody);
    if (Array.isArray(list)) for (const provider of list) this.#providers.set(provider.id, provider.name);
  }

  /**
   * A request of an identity provider's login page or console: idpSignIn (the username, then the password that makes
   * the step, then a code that completes it), registerIdpApplication, addIdpClientSecret. False for one that is no step.
   */
  #onIdpRequest(
    at: IdpRequest,
    request: {
      persona: string;
      exchange: Exchange;
      body: Record<string, unknown>;
      answer: Record<string, unknown>;
      params: Record<string, string>;
      failed: { expectError?: string };
      record: (fields: Record<string, unknown>, options?: { redirect?: boolean }) => RecordedStep;
    },
  ): boolean {
    const { persona, exchange, body, answer, params, failed, record } = request;
    const trail = this.#trail(persona);
    const signIn = (fields: Record<string, unknown>): RecordedStep => {
      // The login page was opened by a navigation no step took up (an application's start page, the console): a replay
      // opens it first.
      if (trail.unrecordedNavigation !== null) {
        const url = trail.unrecordedNavigation;
        trail.unrecordedNavigation = null;
        this.#record(exchange.at, { action: 'openPage', persona, url });
      }
      return record({ action: 'idpSignIn', ...fields }, { redirect: true });
    };
    switch (at.name) {
      case 'signInUsername':
        trail.idpUsername = String(body.username ?? '');
        trail.pendingIdpSignIn = null;
        if (failed.expectError) signIn({ username: trail.idpUsername, password: '' });
        return true;
      case 'signInPassword':
        trail.pendingIdpSignIn = signIn({ username: trail.idpUsername ?? '', password: String(body.password ?? '') });
        return true;
      case 'signInCode': {
        const step = trail.pendingIdpSignIn ?? signIn({ username: trail.idpUsername ?? '', password: '' });
        trail.pendingIdpSignIn = null;
        // A code that worked is the phone's code of that moment, which a replay computes; a refused one is kept as typed.
        if (failed.expectError) Object.assign(step, { code: String(body.code ?? ''), expectError: failed.expectError });
        else if (typeof answer.redirectTo === 'string') {
          trail.expectedRedirect = new URL(answer.redirectTo, exchange.url).toString();
          trail.onRedirectHop = undefined;
          trail.redirectStep = step;
        }
        this.#changed();
        return true;
      }
      case 'addApplication': {
        const uris = Array.isArray(body.redirectUris) ? body.redirectUris.map(String) : [];
        const step = record({
          action: 'registerIdpApplication',
          idp: at.idp,
          name: String(body.name ?? ''),
          ...(uris.length === 1 && uris[0] === SSO_REDIRECT_URI ? {} : { redirectUris: uris }),
        });
        if (typeof answer.clientId === 'string') step.remember = { [this.#nameFor(answer.clientId, 'clientId')]: 'clientId' };
        return true;
      }
      case 'addSecret': {
        const step = record({
          action: 'addIdpClientSecret',
          idp: at.idp,
          clientId: params.clientId ?? '',
          description: String(body.description ?? ''),
          ...(typeof body.expiresOn === 'string' ? { expiresOn: body.expiresOn } : { months: body.months }),
        });
        if (typeof answer.value === 'string') step.remember = { [this.#nameFor(answer.value, 'secret')]: 'value' };
        return true;
      }
    }
    return false;
  }

  /** A name for a value a later step may type: `base`, `base2`, … */
  #nameFor(value: string, base: string): string {
    const taken = new Set(this.#created.values());
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
    this.#created.set(value, name);
    return name;
  }

  /** The step with each text it types that an earlier answer created written as {{name}}. */
  #withCreated(step: RecordedStep): RecordedStep {
    if (this.#created.size === 0) return step;
    for (const [key, value] of Object.entries(step)) {
      if (key === 'action' || key === 'persona' || typeof value !== 'string') continue;
      const name = this.#created.get(value);
      if (name) step[key] = `{{${name}}}`;
    }
    return step;
  }

  /** The users the Users view listed: an action refused by the HRM answers without saying whom it was about. */
  #observeUsers(exchange: Exchange): void {
    const found = matchEndpoint(USER_ANSWERS, exchange.method, tableUrl(exchange.url));
    if (!found) return;
    const body = json<{ id?: string; loginId?: string; rows?: { id: string; loginId: string }[] }>(exchange.responseBody);
    for (const row of [...(body?.rows ?? []), ...(body?.id && body.loginId ? [{ id: body.id, loginId: body.loginId }] : [])])
      this.#loginIds.set(row.id, row.loginId);
  }

  /** How the scenario names a user an HRM administrator acted on: the persona, or the user ID the Users view shows. */
  #userRef(userId: string, detail: Record<string, unknown>): string | null {
    const loginId = typeof detail.loginId === 'string' ? detail.loginId : (this.#loginIds.get(userId) ?? null);
    if (!loginId) return null;
    const persona = [...this.#personas.values()].find((p) => p.hrmLoginId === loginId);
    return persona?.id ?? loginId;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Steps

  #record(at: number, step: RecordedStep): RecordedStep {
    this.#flushReads();
    this.#moveClockTo(at);
    this.#withCreated(step);
    const trail = step.persona === undefined ? undefined : this.#trails.get(step.persona);
    if (trail && step.action !== 'openPage') trail.unrecordedNavigation = null;
    this.#steps.push(step);
    this.#stopWhenFull();
    this.#changed();
    return step;
  }

  /**
   * A scenario file holds SCENARIO_MAX_STEPS steps: the recording ends while what it has, with the mails opened since
   * the last step and a last clock step, is still a file that loads.
   */
  #stopWhenFull(): void {
    if (this.#stopped || this.#steps.length + this.#pendingReadCount() + 1 < SCENARIO_MAX_STEPS - RECORDING_HEADROOM) return;
    this.#full = true;
    this.stop();
  }

  #pendingReadCount(): number {
    let count = 0;
    for (const trail of this.#trails.values()) count += trail.pendingReads.length;
    return count;
  }

  /** Mails opened that no step took up: each a readMail (the inbox marks them read; a replay must too). */
  #flushReads(): void {
    for (const [persona, trail] of this.#trails) {
      for (const mail of trail.pendingReads) this.#steps.push(readMailStep(this.#personas.get(persona)!, mail));
      trail.pendingReads = [];
    }
  }

  #moveClockTo(at: number): void {
    const step = this.#clockStep(at);
    if (!step) return;
    this.#steps.push(step);
    this.#worldTime = at;
    this.#nextEvent = this.#options.clock.nextEvent();
  }

  #clockStep(at: number): RecordedStep | null {
    if (at <= this.#worldTime) return null;
    if (this.#nextEvent && this.#nextEvent.at === at) return { action: 'nextEvent', label: this.#nextEvent.label };
    return { action: 'advanceClock', by: formatDuration(at - this.#worldTime) };
  }

  #gap(persona: string, exchange: Exchange): void {
    this.#gaps.push({ at: exchange.at, persona, request: `${exchange.method} ${exchange.url}`, afterSteps: this.#steps.length });
    this.#changed();
  }

  #trail(persona: string): PersonaTrail {
    let trail = this.#trails.get(persona);
    if (!trail) {
      trail = {
        expectedRedirect: null,
        pendingReads: [],
        reads: [],
        listings: new Map(),
        lastStartOrigin: null,
        pendingPasskey: null,
        passkeys: [],
        unrecordedNavigation: null,
        pendingSso: null,
        idpUsername: null,
        pendingIdpSignIn: null,
      };
      this.#trails.set(persona, trail);
    }
    return trail;
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
  }
}

function readMailStep(persona: Persona, mail: ReadMail): RecordedStep {
  return {
    action: 'readMail',
    persona: persona.id,
    subject: mail.subject,
    ...(persona.mailboxes.includes(mail.mailbox) ? {} : { mailbox: mail.mailbox }),
  };
}

/** The application a Connect login is for, from where the persona's browser started it. */
function appOfOrigin(origin: string | null): ScenarioApp {
  if (origin === ORIGINS.expense) return 'expense';
  if (origin === ORIGINS.connect) return 'connect';
  return 'hrm';
}

/** Where a Connect login's redirect went back to: the application whose callback it reached. */
function appAt(hop: URL): ScenarioApp | null {
  if (hop.origin === ORIGINS.expense) return 'expense';
  if (serverOf(hop.origin) === 'hrm') return 'hrm';
  return null;
}

function setApp(step: RecordedStep, app: ScenarioApp | null): void {
  if (app && step.app !== app) step.app = app;
}

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).toString() === new URL(b).toString();
  } catch {
    return false;
  }
}

function json<T>(text: string | null): T | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

/** "2026-03-02T08:00:00Z": the file's world time, without milliseconds when there are none. */
export function isoInstant(time: number): string {
  return new Date(time).toISOString().replace('.000Z', 'Z');
}

/** "29m59s", "7d", "1500ms": a world-time span as the file's durations write it. */
export function formatDuration(ms: number): string {
  const units: [string, number][] = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
    ['ms', 1],
  ];
  let rest = Math.round(ms);
  let text = '';
  for (const [unit, size] of units) {
    const amount = Math.floor(rest / size);
    if (amount > 0) text += `${amount}${unit}`;
    rest -= amount * size;
  }
  return text || '0s';
}
