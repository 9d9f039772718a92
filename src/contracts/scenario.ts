// Owns the scenario file format (JSON, versioned): the starting workspace, the steps (what each persona does on a page,
// clock moves, presenter notes) and the expectations on what can be observed. Validated with zod, with errors that name
// the field ("steps[3].action: unknown action "sendCod""). Shared by the headless runner and, later, the browser's
// record, replay and trainer mode, so it holds no Node API.
import { z } from 'zod';
import { compileTextPattern } from '../domain/text-pattern';
import { isWorldTime, LAST_WORLD_TIME, WORLD_TIME_RANGE_MESSAGE } from '../domain/world-dates';
import { IDENTITY_PROVIDER_KINDS, SSO_CLIENT_AUTH_METHODS, SSO_REDIRECT_URI } from './connect-sso';
import { IDP_NAMES } from './idp';
import { SECRET_LIFETIMES_MONTHS } from './idp-console';

export const SCENARIO_FORMAT = 'rollout-rehearsal/scenario';
/** Bumped when a file of the previous version would be read differently; the reader names the versions it knows. */
export const SCENARIO_VERSION = 1;

// ---------------------------------------------------------------------------------------------------------------
// Bounds: a scenario file comes from anyone (an attachment, a download); nothing in it may freeze the tab or the runner.

/** A file larger than this is not a rehearsal someone wrote or recorded (the catalogue's files are under 5 kB). */
export const SCENARIO_MAX_FILE_CHARS = 5_000_000;
/** The same limit for a file not yet read: UTF-8 takes at least a byte a character. */
export const SCENARIO_MAX_FILE_BYTES = SCENARIO_MAX_FILE_CHARS;

/** Why a file is refused before it is read, by its size in bytes. */
export function tooLargeMessage(bytes: number): string {
  return `(the file): a scenario file has at most ${thousands(SCENARIO_MAX_FILE_BYTES)} bytes (this one has ${thousands(bytes)})`;
}
/** Steps in one file: an afternoon's rehearsal has a few hundred. */
export const SCENARIO_MAX_STEPS = 1_000;
/** How deeply objects and arrays nest (a step's expectResult holds a result's fields, a few levels). */
export const SCENARIO_MAX_DEPTH = 32;
/** A name: an action, a persona, an error code, a template, a remembered value. */
const NAME_MAX = 100;
/** One line someone types into a field: an email, a password, a subject, a domain, a record's value. */
const LINE_MAX = 1_000;
/** A web address. */
const URL_MAX = 2_048;
/** A presenter note, a description. */
const PROSE_MAX = 10_000;
/** A step's title: one line a trainer reads aloud ("Anna types the code"), and the step list shows. */
export const STEP_TITLE_MAX = 120;
/** An imported CSV file's text, and its lines. */
const CSV_MAX_CHARS = 4_000_000;
const CSV_MAX_LINES = 100_000;
/** Lists in a step (domains, groups, texts a mail must contain). */
const LIST_MAX = 1_000;
/** Errors listed for one file: the rest are counted. */
const ERRORS_SHOWN = 20;

// ---------------------------------------------------------------------------------------------------------------
// Values

/** "30m", "29m59s", "1h", "7d", "300s", "1500ms": world time as people say it in a demo. */
const DURATION = /^(?:\d+(?:d|h|m|s|ms))+$/;
const DURATION_UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };

/** A duration is a few numbers and units; a longer text is not one. */
const DURATION_MAX_CHARS = 40;

/** Milliseconds of a duration string; NaN when it is not one. */
export function parseDuration(text: string): number {
  if (text.length > DURATION_MAX_CHARS || !DURATION.test(text)) return Number.NaN;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)(d|h|ms|m|s)/g)) total += Number(amount) * DURATION_UNIT_MS[unit!]!;
  return total;
}

const duration = z
  .string()
  .refine((text) => !Number.isNaN(parseDuration(text)), {
    message: 'a duration such as "30m", "29m59s", "2h", "7d" or "300s"',
    abort: true,
  })
  // The world clock ends at LAST_WORLD_TIME: no move can be longer than the whole calendar.
  .refine((text) => parseDuration(text) <= LAST_WORLD_TIME, {
    message: 'a move longer than the world clock’s whole calendar, which ends on 31 Dec 9999',
  });
/** An ISO 8601 date-time with its offset ("2026-03-30T07:00:00Z"): world time, within the range the product accepts. */
const isoDateTime = z.iso.datetime({ offset: true });
const instant = z
  .string()
  .refine((text) => text.length <= 40 && isoDateTime.safeParse(text).success, {
    message: 'a date-time such as "2026-03-30T07:00:00Z"',
    abort: true,
  })
  .refine((text) => isWorldTime(Date.parse(text)), { message: WORLD_TIME_RANGE_MESSAGE });
/** One line of text (may be empty: a step can type nothing, to show the error a person would get). */
const line = (max = LINE_MAX) => z.string().max(max);
const persona = z.string().min(1, 'a persona id such as "anna"').max(NAME_MAX);
const text = z.string().min(1).max(LINE_MAX);
const name = z.string().min(1).max(NAME_MAX);
const prose = z.string().max(PROSE_MAX);
/** A step's title, read aloud in trainer mode; without one, trainer mode says what the step does (scenario-titles.ts). */
const stepTitle = z
  .string()
  .trim()
  .min(1, 'a title to read aloud, such as "Anna types the code" (or leave the field out)')
  .max(STEP_TITLE_MAX, `a title a trainer reads aloud in one breath: at most ${STEP_TITLE_MAX} characters`)
  .refine((text) => !/[\r\n]/.test(text), { message: 'a title is one line: no line breaks' });
const list = <T extends z.ZodType>(item: T) => z.array(item).max(LIST_MAX);
/** A count in an expectation: how many mails, entries, accounts. */
const count = z.number().int().min(0).max(1_000_000);
/** Fields of a result or a page's data to match: what was seen is compared, nothing is run. */
const partial = z.record(z.string().max(NAME_MAX), z.unknown());
/** A user in the HRM, as an admin finds them: a persona or template person key ("sara"), or a user ID ("10005"). */
const userRef = z.string().min(1, 'a person key such as "sara" or a user ID such as "10005"').max(NAME_MAX);
/** A regular expression in RE2 syntax (src/domain/text-pattern.ts): matched in linear time, refused with a reason. */
const textPattern = z
  .string()
  .min(1)
  .superRefine((source, ctx) => {
    const compiled = compileTextPattern(source);
    if (!compiled.ok) ctx.addIssue({ code: 'custom', message: compiled.message });
  });
const app = z.enum(['hrm', 'expense', 'connect']);
/** The integrations a person repoints in the console (the file server is repointed by its allow-list). */
const REPOINTED_INTEGRATIONS = ['payroll-export', 'calendar-app', 'sms'] as const;
const INTEGRATIONS = [...REPOINTED_INTEGRATIONS, 'file-server'] as const;
export type ScenarioApp = z.infer<typeof app>;

// ---------------------------------------------------------------------------------------------------------------
// Steps: actions

/** What every action may carry: a title and a presenter note, and what its answer must be. */
const actionCommon = {
  /** What trainer mode's step list and presenter view call the step ("Anna types the code"). */
  title: stepTitle.optional(),
  /** Shown to the trainer (and printed by the runner) when the step runs. */
  note: prose.optional(),
  /** The action must fail with this error code (e.g. "code_expired"); without it, it must succeed. */
  expectError: name.optional(),
  /** For an action with several good endings (a login: "signed_in", "single_sign_on", "second_factor", "change_password"). */
  expectOutcome: name.optional(),
  /** A partial match on the action's result (an import's counts, a domain check's code). */
  expectResult: partial.optional(),
  /** Keeps values of the result for later steps, which write them as {{name}}: {"txt": "instructions.txt.value"}. */
  remember: z
    .record(
      z
        .string()
        .max(NAME_MAX)
        .regex(/^[A-Za-z][\w.-]*$/, 'a name of letters, digits, ".", "-" and "_"'),
      z.string().min(1).max(LINE_MAX),
    )
    .refine((names) => Object.keys(names).length <= LIST_MAX, `at most ${LIST_MAX} names`)
    .optional(),
};
const byPersona = { persona, ...actionCommon };

function action<const Name extends string, Shape extends z.ZodRawShape>(name: Name, shape: Shape) {
  return z.strictObject({ action: z.literal(name), ...byPersona, ...shape });
}
function clockAction<const Name extends string, Shape extends z.ZodRawShape>(name: Name, shape: Shape) {
  return z.strictObject({ action: z.literal(name), ...actionCommon, ...shape });
}

export const ACTION_SCHEMAS = {
  // The persona's own pages: the HRM's old login, Account Settings, mails, Connect's pages.
  hrmLogin: action('hrmLogin', { loginId: text.optional(), password: text.optional() }),
  hrmLogout: action('hrmLogout', {}),
  openPage: action('openPage', { url: z.string().max(URL_MAX).pipe(z.url()) }),
  sendCode: action('sendCode', { email: line() }),
  verifyCode: action('verifyCode', { code: line().optional() }),
  unlinkAccount: action('unlinkAccount', {}),
  /** Opens a link in a mail: the newest about `subject` (`nth` 1 for the one before it), the first link or one with `link`. */
  openMailLink: action('openMailLink', {
    subject: text,
    link: text.optional(),
    mailbox: text.optional(),
    nth: z.number().int().min(0).max(LIST_MAX).default(0),
  }),
  /**
   * Reads the newest mail about `subject`; `pattern` (a regular expression in RE2 syntax) picks what the person notes,
   * as result.match: its first group, or the whole match.
   */
  readMail: action('readMail', { subject: text, pattern: textPattern.optional(), mailbox: text.optional() }),
  confirmEmail: action('confirmEmail', {}),
  forgotPassword: action('forgotPassword', { email: text }),
  setPassword: action('setPassword', { password: text, confirmPassword: text.optional() }),
  connectLogin: action('connectLogin', { app: app.default('hrm'), email: text, password: line() }),
  passkeyLogin: action('passkeyLogin', { app: app.default('hrm') }),
  /** Signs out at Connect (account settings' "Sign out"): single sign-on ends for every application. */
  connectLogout: action('connectLogout', {}),
  enterAuthenticatorCode: action('enterAuthenticatorCode', { code: line().optional(), rememberDevice: z.boolean().default(false) }),
  setUpAuthenticator: action('setUpAuthenticator', {}),
  remindMeLater: action('remindMeLater', {}),
  addPasskey: action('addPasskey', {}),
  confirmWithPasskey: action('confirmWithPasskey', { rememberDevice: z.boolean().default(false) }),
  // An HRM administrator (the Users view, General > Security, Import/export).
  setAllowedDomains: action('setAllowedDomains', { domains: list(line()), linkVerifiedDomainsWithoutCode: z.boolean().optional() }),
  setConnectEmail: action('setConnectEmail', { user: userRef, email: line() }),
  sendVerificationEmail: action('sendVerificationEmail', { user: userRef, email: line().optional() }),
  removeConnection: action('removeConnection', { user: userRef }),
  importCsv: action('importCsv', {
    fileName: text.default('users.csv'),
    /** The file's lines (joined with CRLF), or its whole text. */
    csv: z.union([z.string().max(CSV_MAX_CHARS), z.array(line(PROSE_MAX)).max(CSV_MAX_LINES)]),
    /** Apply after the preview ("Import"), or stop at the preview. */
    apply: z.boolean().default(true),
  }),
  // An HRM administrator on the Rollout page, for the move to the new addresses (R18).
  /** Hosting and when the old API address stops forwarding and the old calendar path stops redirecting; null: not set. */
  setTemporaryMeasures: action('setTemporaryMeasures', {
    hosting: z.enum(['hosted', 'selfHosted']).default('hosted'),
    apiForwardingEndsAt: instant.nullable().default(null),
    calendarRedirectEndsAt: instant.nullable().default(null),
  }),
  /** "Close the migration": post-migration ends, the migration is complete. */
  closeMigration: action('closeMigration', {}),
  // A Connect administrator (the admin portal).
  blockUser: action('blockUser', { email: text }),
  unblockUser: action('unblockUser', { email: text }),
  sendTemporaryPassword: action('sendTemporaryPassword', { email: text }),
  setTwoFactorPolicy: action('setTwoFactorPolicy', { groups: list(text), everyoneFrom: instant.nullable().default(null) }),
  addDomain: action('addDomain', { domain: text }),
  verifyDomain: action('verifyDomain', { domain: text, method: z.enum(['txt', 'cname', 'https']).default('txt') }),
  /**
   * Adds an identity provider on the Identity providers tab (R22, R24): its issuer, client and the verified domains it
   * serves; `confirmUntested` switches "Only SSO" on before any Test connection, as the form's confirmation does.
   */
  addIdentityProvider: action('addIdentityProvider', {
    kind: z.enum(IDENTITY_PROVIDER_KINDS),
    name: text,
    issuer: line(),
    clientId: line(),
    clientAuth: z.enum(SSO_CLIENT_AUTH_METHODS).default('client_secret_basic'),
    clientSecret: line().optional(),
    secretExpiresAt: instant.nullable().default(null),
    emailClaim: text.default('email'),
    domains: list(text),
    ssoOnly: z.boolean().default(false),
    offer: z.enum(['button', 'redirect']).default('button'),
    confirmUntested: z.boolean().default(false),
  }),
  /** Changes an identity provider on the Identity providers tab, found by its name: a new client secret, Only SSO. */
  changeIdentityProvider: action('changeIdentityProvider', {
    name: text,
    clientSecret: line().optional(),
    secretExpiresAt: instant.nullable().optional(),
    ssoOnly: z.boolean().optional(),
    confirmUntested: z.boolean().default(false),
  }),
  /**
   * "Test connection" for the identity provider named `name`: a real sign-in at the provider as a test user. Ends at the
   * provider's login page (outcome "idp_sign_in", then idpSignIn) or, when the provider still has a session, at the run's
   * result ("passed" or "failed", with the failed step's `failure` and `detail`).
   */
  testIdentityProvider: action('testIdentityProvider', { name: text }),
  /**
   * "Sign in with <provider>" on Connect's login page, after typing the email (R20): to the provider's login page
   * (outcome "idp_sign_in"), or straight back signed in when the provider still has a session.
   */
  ssoLogin: action('ssoLogin', { app: app.default('hrm'), email: text }),
  // The organisation's identity provider (entra.test, google.test, okta.test, ping.test): its login page and console.
  /**
   * Signs in on the provider's login page the browser shows: username, password, and the code of the persona's
   * authenticator app when the provider asks for one (or `code` as typed). Ends where the provider sends the browser.
   */
  idpSignIn: action('idpSignIn', { username: text, password: line(), code: line().optional() }),
  /** The IT persona registers an application in the provider's console (signed in there first, with idpSignIn). */
  registerIdpApplication: action('registerIdpApplication', {
    idp: z.enum(IDP_NAMES),
    name: text,
    redirectUris: list(line()).default([SSO_REDIRECT_URI]),
  }),
  /** A new client secret for an application, valid `months` or until `expiresOn` (a day, "2026-04-06"); result.value is it. */
  addIdpClientSecret: action('addIdpClientSecret', {
    idp: z.enum(IDP_NAMES),
    clientId: text,
    description: line(),
    months: z
      .number()
      .int()
      .refine((m) => (SECRET_LIFETIMES_MONTHS as readonly number[]).includes(m), {
        message: `one of ${SECRET_LIFETIMES_MONTHS.join(', ')} (months)`,
      })
      .default(12),
    expiresOn: line(40).optional(),
  }),
  // The DNS provider's console (dns.test).
  dnsLogin: action('dnsLogin', { email: text, password: text }),
  addDnsRecord: action('addDnsRecord', {
    zone: text,
    host: line(),
    type: z.enum(['TXT', 'CNAME']),
    value: line(),
    /** Seconds; RFC 2181 §8: a TTL is an unsigned 31-bit number. */
    ttl: z.number().int().min(0).max(2_147_483_647).optional(),
  }),
  /** Changes the value of the record at host and type (fixing a typo). */
  updateDnsRecord: action('updateDnsRecord', { zone: text, host: line(), type: z.enum(['TXT', 'CNAME']), value: line() }),
  // The customer's integrations console (integrations.test), signed in there first with integrationsLogin (R18).
  integrationsLogin: action('integrationsLogin', { email: text, password: line() }),
  /** "Run now" (the Payroll export) or "Refresh now" (the calendar app); result.last is the run's last call. */
  runIntegration: action('runIntegration', { integration: z.enum(['payroll-export', 'calendar-app']) }),
  /**
   * Repoints an integration: the Payroll export's base URL or the SMS provider's callback URL (`address`), or the
   * calendar app's feed addresses, one per subscription in the console's order (`addresses`).
   */
  repointIntegration: action('repointIntegration', {
    integration: z.enum(REPOINTED_INTEGRATIONS),
    address: line(URL_MAX).optional(),
    addresses: list(line(URL_MAX)).optional(),
  }).superRefine((step, ctx) => {
    if (step.integration === 'calendar-app') {
      if (step.addresses === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['addresses'],
          message: 'the calendar app takes "addresses": one feed address per subscription',
        });
      if (step.address !== undefined)
        ctx.addIssue({ code: 'custom', path: ['address'], message: 'the calendar app takes "addresses" (a list), not "address"' });
    } else {
      if (step.address === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['address'],
          message: `the ${step.integration} integration takes "address": the URL it calls`,
        });
      if (step.addresses !== undefined)
        ctx.addIssue({ code: 'custom', path: ['addresses'], message: `only the calendar app takes "addresses"; use "address"` });
    }
  }),
  /** Adds an IP address to the file server's allow-list. */
  allowAddress: action('allowAddress', { address: line() }),
  // A Timeclock device on the stage (R19), by its name; the persona is who stands at it.
  /** Settings: the device's address typed by hand; the device then opens it (result.screen: clock, login or unreachable). */
  setTimeclockAddress: action('setTimeclockAddress', { device: text, address: line(URL_MAX) }),
  /** The device login at the device's address, as the Timeclock user of the template unless given. */
  timeclockLogin: action('timeclockLogin', { device: text, username: line().optional(), password: line().optional() }),
  /** A punch: a badge held to the reader (the persona's own unless `badge`), or an employee number on the keypad. */
  punchTimeclock: action('punchTimeclock', { device: text, badge: line().optional(), employeeNumber: line().optional() }).refine(
    (step) => step.badge === undefined || step.employeeNumber === undefined,
    { path: ['employeeNumber'], message: 'a punch is by "badge" or by "employeeNumber", not both' },
  ),
  // The world clock (the simulation's control surface, no persona).
  advanceClock: clockAction('advanceClock', { by: duration }),
  jumpTo: clockAction('jumpTo', { at: instant }),
  /** "Next event": the clock jumps to what a server scheduled next and lets it happen. */
  nextEvent: clockAction('nextEvent', { label: text.optional() }),
} as const;

export type ActionName = keyof typeof ACTION_SCHEMAS;
export type ActionStep = { [K in ActionName]: z.output<(typeof ACTION_SCHEMAS)[K]> }[ActionName];
export type ActionStepOf<K extends ActionName> = z.output<(typeof ACTION_SCHEMAS)[K]>;
export const ACTION_NAMES = Object.keys(ACTION_SCHEMAS) as ActionName[];
/** Actions of the world clock: no persona acts. */
export const CLOCK_ACTIONS: readonly ActionName[] = ['advanceClock', 'jumpTo', 'nextEvent'];

// ---------------------------------------------------------------------------------------------------------------
// Steps: expectations (read over HTTP, as the persona or an administrator would see them)

function expectation<const Name extends string, Shape extends z.ZodRawShape>(name: Name, shape: Shape) {
  return z.strictObject({ expect: z.literal(name), title: stepTitle.optional(), note: prose.optional(), ...shape });
}

export const EXPECTATION_SCHEMAS = {
  /** Account Settings > Link to Connect, as the persona sees it (their own HRM session). */
  linkStatus: expectation('linkStatus', {
    persona,
    status: z.enum(['unlinked', 'code_sent', 'link_sent', 'linked']).optional(),
    email: line().nullable().optional(),
    method: z.enum(['code', 'link', 'domain']).nullable().optional(),
    needsNewCode: z.boolean().optional(),
    attemptsLeft: count.nullable().optional(),
    banner: z.boolean().optional(),
  }),
  /** A user as an HRM administrator sees them in the Users view. */
  user: expectation('user', {
    persona,
    user: userRef,
    state: z.enum(['not_started', 'code_sent', 'link_sent', 'linked']).optional(),
    connectEmail: line().nullable().optional(),
    timeclockOnly: z.boolean().optional(),
    passwordSet: z.boolean().nullable().optional(),
  }),
  /** Mails in an inbox (a persona's, or one mailbox), matched by subject; text checks are on the newest match. */
  mail: expectation('mail', {
    persona: persona.optional(),
    mailbox: text.optional(),
    subject: line().optional(),
    /** Exactly this many matching mails; without it, at least one. */
    count: count.optional(),
    contains: list(line()).optional(),
    notContains: list(line()).optional(),
  }),
  /** The page the persona's browser shows now. */
  page: expectation('page', {
    persona,
    view: text.optional(),
    url: z.string().min(1).max(URL_MAX).optional(),
    /** Text the page's data must hold somewhere (a name, a message). */
    contains: list(line()).optional(),
    data: partial.optional(),
  }),
  /** Whether the persona's browser gets into an application (it opens the app's start page, as a reload would). */
  signedIn: expectation('signedIn', { persona, app: app.default('hrm'), signedIn: z.boolean().default(true) }),
  /** Entries of an audit log: the HRM's (Users view > Audit log) or Connect's (admin portal), read by an administrator. */
  audit: expectation('audit', {
    persona,
    system: z.enum(['hrm', 'connect']),
    type: text,
    /** HRM: the subject's person key, user ID or name; Connect: the email (or its beginning). */
    about: line().optional(),
    detail: line().optional(),
    count: count.optional(),
  }),
  /** The tenant's rollout phase (the simulation's own view of the HRM's machine). */
  phase: expectation('phase', { phase: z.enum(['setup', 'preparation', 'activation']) }),
  /** After the cutover: post-migration (temporary measures of the move) or complete. */
  stage: expectation('stage', { stage: z.enum(['setup', 'preparation', 'postMigration', 'complete']) }),
  /** Accounts in Connect's admin portal whose email or name matches `query`. */
  connectAccounts: expectation('connectAccounts', {
    persona,
    query: text,
    count: count.optional(),
    status: z.enum(['active', 'blocked', 'locked', 'no_password']).optional(),
    apps: list(line()).optional(),
  }),
  /** A domain on Connect's Domains tab. */
  domain: expectation('domain', {
    persona,
    domain: text,
    status: z.enum(['unverified', 'verified']).optional(),
    lastCheck: line().optional(),
  }),
  /** An integration in the customer's console: what it is configured to call, and its newest logged call. */
  integration: expectation('integration', {
    persona,
    integration: z.enum(INTEGRATIONS),
    /** Text the configuration holds (an address, an allowed IP). */
    configured: line(URL_MAX).optional(),
    /** The HTTP status of the newest call; null: no server answered. */
    lastStatus: z.number().int().min(100).max(599).nullable().optional(),
    lastOk: z.boolean().optional(),
    /** Text the newest call's message holds (the server's own words). */
    lastMessage: line().optional(),
  }),
  /** The HRM admin's "Integrations after the move" checklist. */
  integrationsChecklist: expectation('integrationsChecklist', {
    persona,
    /** Every caller is green (or none called an old address since the move). */
    allMoved: z.boolean().optional(),
    /** Exactly these callers are red (still on an old address), by the name the checklist gives them. */
    red: list(line()).optional(),
    /** These callers are listed green. */
    green: list(line()).optional(),
    /** Text one of the warnings holds. */
    warning: line().optional(),
  }),
  /** What a Timeclock device on the stage shows when it opens its address. */
  timeclockDevice: expectation('timeclockDevice', {
    device: text,
    screen: z.enum(['clock', 'login', 'unreachable']).optional(),
    address: line(URL_MAX).optional(),
    /** Text the screen shows (the clock's name, why it cannot reach its address). */
    contains: line().optional(),
  }),
  /** The world clock (the simulation's control surface). */
  clock: expectation('clock', { at: instant }),
} as const;

export type ExpectationName = keyof typeof EXPECTATION_SCHEMAS;
export type ExpectationStep = { [K in ExpectationName]: z.output<(typeof EXPECTATION_SCHEMAS)[K]> }[ExpectationName];
export type ExpectationStepOf<K extends ExpectationName> = z.output<(typeof EXPECTATION_SCHEMAS)[K]>;
export const EXPECTATION_NAMES = Object.keys(EXPECTATION_SCHEMAS) as ExpectationName[];

export type ScenarioStep = ActionStep | ExpectationStep;

// ---------------------------------------------------------------------------------------------------------------
// The file

const header = z.strictObject({
  format: z.literal(SCENARIO_FORMAT, { message: `expected "${SCENARIO_FORMAT}"` }),
  version: z.number().int(),
  id: z
    .string()
    .max(NAME_MAX)
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes, such as "happy-path"'),
  title: z.string().min(1).max(200),
  description: prose.default(''),
  /** The rules the scenario shows, by number: 3 is R3 of docs/rules.md. */
  rules: z.array(z.number().int().min(1).max(1_000)).max(100).default([]),
  workspace: z.strictObject({
    template: name,
    /** Any text a person chose for the workspace they recorded in. */
    seed: text,
    /** World time to start at, instead of the template's. */
    startAt: instant.optional(),
  }),
  steps: z.array(z.unknown()).min(1, 'at least one step'),
});

export type Scenario = Omit<z.output<typeof header>, 'steps'> & { steps: ScenarioStep[] };
/** What a scenario file holds before defaults are filled in. */
export type ScenarioFile = z.input<typeof header>;

export type ScenarioParse = { ok: true; scenario: Scenario } | { ok: false; errors: string[] };

/** Reads a scenario file (its JSON text or the parsed value); every error names its field. */
export function parseScenario(input: unknown): ScenarioParse {
  const read = readFile(input);
  if (!read.ok) return { ok: false, errors: read.errors };
  const value = read.value;
  if (isObject(value) && typeof value.version === 'number' && value.version !== SCENARIO_VERSION) {
    return {
      ok: false,
      errors: [`version: this reader knows version ${SCENARIO_VERSION} of the scenario format, not ${echo(value.version)}`],
    };
  }
  const rawSteps = isObject(value) && Array.isArray(value.steps) ? value.steps : [];
  if (rawSteps.length > SCENARIO_MAX_STEPS) {
    return {
      ok: false,
      errors: [`steps: at most ${thousands(SCENARIO_MAX_STEPS)} steps in one file (this one has ${thousands(rawSteps.length)})`],
    };
  }
  const top = header.safeParse(value);
  const errors = top.success ? [] : formatIssues(top.error.issues, value, []);
  const steps: ScenarioStep[] = [];
  rawSteps.forEach((raw, i) => {
    const parsed = parseStep(raw);
    if (parsed.ok) steps.push(parsed.step);
    else errors.push(...parsed.errors.map((e) => (e.startsWith(':') ? `steps[${i}]${e}` : `steps[${i}].${e}`)));
  });
  if (errors.length === 0 && top.success) errors.push(...clockMovesPastTheEnd(top.data.workspace.startAt, steps));
  if (errors.length > 0 || !top.success) return { ok: false, errors: shortList(errors) };
  return { ok: true, scenario: { ...top.data, steps } };
}

type Read = { ok: true; value: unknown } | { ok: false; errors: string[] };

/** The file's JSON, once its size and shape are safe to read field by field. */
function readFile(input: unknown): Read {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    // A value already parsed (a built-in file bundled as JSON) is read as its text would be, with the same checks.
    try {
      text = JSON.stringify(input) ?? '';
    } catch (error) {
      return { ok: false, errors: [`(the file): not JSON: ${error instanceof Error ? error.message : String(error)}`] };
    }
  }
  if (text.length > SCENARIO_MAX_FILE_CHARS) {
    return {
      ok: false,
      errors: [
        `(the file): a scenario file has at most ${thousands(SCENARIO_MAX_FILE_CHARS)} characters (this one has ${thousands(text.length)})`,
      ],
    };
  }
  // A byte order mark, which some editors write first, is not part of the JSON.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Before JSON.parse, which takes seconds over a megabyte of nested brackets.
  const structure = checkStructure(text);
  if (structure.tooDeep) return { ok: false, errors: [structure.tooDeep] };
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    return { ok: false, errors: [`not JSON: ${error instanceof Error ? error.message : String(error)}`] };
  }
  return structure.errors.length > 0 ? { ok: false, errors: shortList(structure.errors) } : { ok: true, value };
}

/** Field names that reach an object's prototype when a reader assigns them: never a field of the format. */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * What JSON.parse lets through and a reader must not: nesting deeper than SCENARIO_MAX_DEPTH, a field given twice in
 * one object (JSON.parse keeps the last, silently; RFC 8259 §4: names SHOULD be unique), and prototype names. Walks
 * the text once, without recursion. The text may not be JSON at all: what it finds then only counts once JSON.parse
 * has accepted the text, except nesting too deep, which is refused either way.
 */
function checkStructure(text: string): { tooDeep: string | null; errors: string[] } {
  type Frame = { kind: 'object'; keys: Set<string>; key: string | null; expectKey: boolean } | { kind: 'array'; index: number };
  const frames: Frame[] = [];
  const errors: string[] = [];
  const pathTo = (below: number): PropertyKey[] => frames.slice(0, below).map((f) => (f.kind === 'object' ? (f.key ?? '') : f.index));
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const top = frames.at(-1);
      if (top?.kind === 'object' && top.expectKey) {
        const key = decodeKey(text.slice(i, end + 1));
        const path = [...pathTo(frames.length - 1), key];
        if (PROTOTYPE_KEYS.has(key)) errors.push(`${pathText(path)}: ${echo(key)} cannot name a field`);
        else if (top.keys.has(key)) errors.push(`${pathText(path)}: the field ${echo(key)} is given twice; keep one`);
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
      i = end;
    } else if (c === '{' || c === '[') {
      if (frames.length >= SCENARIO_MAX_DEPTH) {
        return { tooDeep: `${pathText(pathTo(frames.length))}: nested more than ${SCENARIO_MAX_DEPTH} levels deep`, errors };
      }
      frames.push(c === '{' ? { kind: 'object', keys: new Set(), key: null, expectKey: true } : { kind: 'array', index: 0 });
    } else if (c === '}' || c === ']') {
      frames.pop();
    } else if (c === ',') {
      const top = frames.at(-1);
      if (top?.kind === 'object') top.expectKey = true;
      else if (top) top.index++;
    }
  }
  return { tooDeep: null, errors };
}

function decodeKey(token: string): string {
  try {
    return String(JSON.parse(token));
  } catch {
    return token.slice(1, -1);
  }
}

/** Each advanceClock that would take the world clock past its last date, where the steps before say where it stands. */
function clockMovesPastTheEnd(startAt: string | undefined, steps: readonly ScenarioStep[]): string[] {
  // The earliest the clock can stand: the file's start, or (the template's start being unknown here) 1 Jan 1970.
  // "Next event" only moves it forward, so it leaves a lower bound that is still sound.
  let earliest = startAt === undefined ? 0 : Date.parse(startAt);
  const errors: string[] = [];
  steps.forEach((step, i) => {
    if (!('action' in step)) return;
    if (step.action === 'jumpTo') earliest = Date.parse(step.at);
    if (step.action !== 'advanceClock') return;
    const to = earliest + parseDuration(step.by);
    if (isWorldTime(to)) earliest = to;
    else
      errors.push(
        `steps[${i}].by: would move the world clock past 31 Dec 9999, its last date (it stands at ${new Date(earliest).toISOString()} or later)`,
      );
  });
  return errors;
}

function parseStep(raw: unknown): { ok: true; step: ScenarioStep } | { ok: false; errors: string[] } {
  if (!isObject(raw)) return { ok: false, errors: [': a step is an object with an "action" or an "expect"'] };
  if ('action' in raw && 'expect' in raw) return { ok: false, errors: [': a step has an "action" or an "expect", not both'] };
  if ('action' in raw) {
    const name = raw.action;
    if (typeof name !== 'string' || !Object.hasOwn(ACTION_SCHEMAS, name))
      return { ok: false, errors: [`action: unknown action ${echo(name)}${suggest(name, ACTION_NAMES)}`] };
    const result = ACTION_SCHEMAS[name as ActionName].safeParse(raw);
    if (!result.success) return { ok: false, errors: formatIssues(result.error.issues, raw, []) };
    const step = result.data as ActionStep;
    if (step.expectError !== undefined && (step.expectOutcome !== undefined || step.expectResult !== undefined)) {
      return { ok: false, errors: ['expectError: an action expected to fail has no outcome or result to expect'] };
    }
    return { ok: true, step };
  }
  if ('expect' in raw) {
    const name = raw.expect;
    if (typeof name !== 'string' || !Object.hasOwn(EXPECTATION_SCHEMAS, name)) {
      return { ok: false, errors: [`expect: unknown expectation ${echo(name)}${suggest(name, EXPECTATION_NAMES)}`] };
    }
    const result = EXPECTATION_SCHEMAS[name as ExpectationName].safeParse(raw);
    if (!result.success) return { ok: false, errors: formatIssues(result.error.issues, raw, []) };
    const step = result.data as ExpectationStep;
    if (step.expect === 'mail' && step.persona === undefined && step.mailbox === undefined) {
      return { ok: false, errors: ['persona: a mail expectation names a persona or a mailbox'] };
    }
    return { ok: true, step };
  }
  return { ok: false, errors: [': a step needs an "action" (what a persona does) or an "expect" (what must be seen)'] };
}

/** zod's issues as "path: message", with the field's path in the file's own terms (steps[3].emails[0]). */
function formatIssues(issues: readonly z.core.$ZodIssue[], input: unknown, prefix: PropertyKey[]): string[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${pathText([...path, key])}: unknown field ${echo(key)}`);
    const value = valueAt(input, issue.path);
    if (issue.code === 'invalid_union') {
      // Of the forms a field may take (a CSV's text, or its lines), say what is wrong with the one the file chose.
      const chosen = issue.errors.find(
        (branch) => branch.length > 0 && !branch.some((i) => i.code === 'invalid_type' && i.path.length === 0),
      );
      if (chosen) return formatIssues(chosen, value, path);
    }
    // A field left out has no value to repeat (a rule across fields names the one that is missing).
    const given = value === undefined ? '' : ` (got ${echo(value)})`;
    const zodWords = issue.message.startsWith('Too big') || issue.message.startsWith('Too small');
    const message =
      issue.code === 'invalid_type' && value === undefined
        ? `missing (${issue.expected === 'string' ? 'text' : issue.expected})`
        : issue.code === 'invalid_type'
          ? `expected ${TYPE_WORDS[issue.expected] ?? issue.expected}${given}`
          : issue.code === 'too_big' && zodWords
            ? `at most ${thousands(Number(issue.maximum))}${bound(issue.origin, value)}`
            : issue.code === 'too_small' && zodWords
              ? `at least ${thousands(Number(issue.minimum))}${bound(issue.origin, value)}`
              : issue.code === 'invalid_value' || issue.code === 'invalid_format' || issue.code === 'custom'
                ? `${issue.message.replace(/^Invalid (?:input|option): expected /, 'expected ')}${given}`
                : issue.message;
    return [`${pathText(path)}: ${message}`];
  });
}

/** What a field holds, as a person says it. */
const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list [ … ]',
  object: 'an object { … }',
  record: 'an object { … }',
};

/** The unit of a size limit and what the file gave: " characters (got “aaaa…” (1,048,576 characters))". */
function bound(origin: string, value: unknown): string {
  if (origin === 'string') return ` characters (got ${echo(value)})`;
  if (origin === 'array' && Array.isArray(value)) return ` entries (got ${thousands(value.length)})`;
  return ` (got ${echo(value)})`;
}

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    const shown = typeof part === 'string' && part.length > NAME_MAX ? echo(part) : String(part);
    out += typeof part === 'number' ? `[${part}]` : out === '' ? shown : `.${shown}`;
  }
  return out === '' ? '(the file)' : out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const part of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Longer values are cut when a message repeats them: the start, and how long they are. */
const ECHO_MAX_CHARS = 40;
const ECHO_KEPT_CHARS = 24;

/** A value as a message repeats it: as JSON when short, else `“aaaa…” (1,048,576 characters)`. */
function echo(value: unknown): string {
  // JSON has no Infinity: 1e400 in a file reads as one, and JSON.stringify would show it as null.
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    if (value.length <= ECHO_MAX_CHARS) return JSON.stringify(value);
    // Not cut between the two halves of a character outside the Basic Multilingual Plane.
    const end = /[\uD800-\uDBFF]/.test(value[ECHO_KEPT_CHARS - 1]!) ? ECHO_KEPT_CHARS - 1 : ECHO_KEPT_CHARS;
    return `“${value.slice(0, end)}…” (${thousands(value.length)} characters)`;
  }
  let json: string;
  try {
    json = JSON.stringify(value) ?? String(value);
  } catch {
    json = String(value);
  }
  return json.length <= ECHO_MAX_CHARS ? json : `${json.slice(0, ECHO_KEPT_CHARS)}…`;
}

/** 1048576 → "1,048,576". */
function thousands(n: number): string {
  return n.toLocaleString('en-US');
}

/** The first errors of a long list, and how many more there are. */
function shortList(errors: string[]): string[] {
  if (errors.length <= ERRORS_SHOWN) return errors;
  return [...errors.slice(0, ERRORS_SHOWN), `… and ${thousands(errors.length - ERRORS_SHOWN)} more errors`];
}

/** The longest name a suggestion is looked for: a typo of a known name is about as long as it. */
const SUGGEST_MAX_CHARS = 40;

/** ` (did you mean "sendCode"?)` for a name one or two typos away from a known one. */
function suggest(name: unknown, known: readonly string[]): string {
  if (typeof name !== 'string' || name.length > SUGGEST_MAX_CHARS) return '';
  const close = known.map((k) => ({ k, d: distance(name.toLowerCase(), k.toLowerCase()) })).sort((a, b) => a.d - b.d)[0];
  return close && close.d <= 2 ? ` (did you mean "${close.k}"?)` : '';
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const kept = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = kept;
    }
  }
  return row[b.length]!;
}
