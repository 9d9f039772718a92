// Owns the scenario file format (JSON, versioned): the starting workspace, the steps (what each persona does on a page,
// clock moves, presenter notes) and the expectations on what can be observed. Validated with zod, with errors that name
// the field ("steps[3].action: unknown action "sendCod""). Shared by the headless runner and, later, the browser's
// record, replay and trainer mode, so it holds no Node API.
import { z } from 'zod';

export const SCENARIO_FORMAT = 'rollout-rehearsal/scenario';
/** Bumped when a file of the previous version would be read differently; the reader names the versions it knows. */
export const SCENARIO_VERSION = 1;

// ---------------------------------------------------------------------------------------------------------------
// Values

/** "30m", "29m59s", "1h", "7d", "300s", "1500ms": world time as people say it in a demo. */
const DURATION = /^(?:\d+(?:d|h|m|s|ms))+$/;
const DURATION_UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };

/** Milliseconds of a duration string; NaN when it is not one. */
export function parseDuration(text: string): number {
  if (!DURATION.test(text)) return Number.NaN;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)(d|h|ms|m|s)/g)) total += Number(amount) * DURATION_UNIT_MS[unit!]!;
  return total;
}

const duration = z.string().refine((text) => !Number.isNaN(parseDuration(text)), {
  message: 'a duration such as "30m", "29m59s", "2h", "7d" or "300s"',
});
/** An ISO 8601 date-time with its offset ("2026-03-30T07:00:00Z"): world time. */
const instant = z.iso.datetime({ offset: true, message: 'a date-time such as "2026-03-30T07:00:00Z"' });
const persona = z.string().min(1, 'a persona id such as "anna"');
const text = z.string().min(1);
/** A user in the HRM, as an admin finds them: a persona or template person key ("sara"), or a user ID ("10005"). */
const userRef = z.string().min(1, 'a person key such as "sara" or a user ID such as "10005"');
const app = z.enum(['hrm', 'expense', 'connect']);
export type ScenarioApp = z.infer<typeof app>;

// ---------------------------------------------------------------------------------------------------------------
// Steps: actions

/** What every action may carry: a presenter note, and what its answer must be. */
const actionCommon = {
  /** Shown to the trainer (and printed by the runner) when the step runs. */
  note: z.string().optional(),
  /** The action must fail with this error code (e.g. "code_expired"); without it, it must succeed. */
  expectError: z.string().min(1).optional(),
  /** For an action with several good endings (a login: "signed_in", "single_sign_on", "second_factor", "change_password"). */
  expectOutcome: z.string().min(1).optional(),
  /** A partial match on the action's result (an import's counts, a domain check's code). */
  expectResult: z.record(z.string(), z.unknown()).optional(),
  /** Keeps values of the result for later steps, which write them as {{name}}: {"txt": "instructions.txt.value"}. */
  remember: z.record(z.string().regex(/^[A-Za-z][\w.-]*$/, 'a name of letters, digits, ".", "-" and "_"'), z.string().min(1)).optional(),
};
const byPersona = { persona, ...actionCommon };

function action<const Name extends string, Shape extends z.ZodRawShape>(name: Name, shape: Shape) {
  return z.strictObject({ action: z.literal(name), ...byPersona, ...shape });
}
function clockAction<const Name extends string, Shape extends z.ZodRawShape>(name: Name, shape: Shape) {
  return z.strictObject({ action: z.literal(name), ...actionCommon, ...shape });
}

export const ACTION_SCHEMAS = {
  // The persona's own pages: the HRM's old login, Account Settings (seed 000), mails, Connect's pages.
  hrmLogin: action('hrmLogin', { loginId: text.optional(), password: text.optional() }),
  hrmLogout: action('hrmLogout', {}),
  openPage: action('openPage', { url: z.url() }),
  sendCode: action('sendCode', { email: z.string() }),
  verifyCode: action('verifyCode', { code: z.string().optional() }),
  unlinkAccount: action('unlinkAccount', {}),
  /** Opens a link in a mail: the newest about `subject` (`nth` 1 for the one before it), the first link or one with `link`. */
  openMailLink: action('openMailLink', { subject: text, link: text.optional(), mailbox: text.optional(), nth: z.number().int().min(0).default(0) }),
  /** Reads the newest mail about `subject`; `pattern` (a regular expression) picks what the person notes, as result.match. */
  readMail: action('readMail', { subject: text, pattern: text.optional(), mailbox: text.optional() }),
  confirmEmail: action('confirmEmail', {}),
  forgotPassword: action('forgotPassword', { email: text }),
  setPassword: action('setPassword', { password: text, confirmPassword: text.optional() }),
  connectLogin: action('connectLogin', { app: app.default('hrm'), email: text, password: z.string() }),
  passkeyLogin: action('passkeyLogin', { app: app.default('hrm') }),
  /** Signs out at Connect (account settings' "Sign out"): single sign-on ends for every application. */
  connectLogout: action('connectLogout', {}),
  enterAuthenticatorCode: action('enterAuthenticatorCode', { code: z.string().optional(), rememberDevice: z.boolean().default(false) }),
  setUpAuthenticator: action('setUpAuthenticator', {}),
  remindMeLater: action('remindMeLater', {}),
  addPasskey: action('addPasskey', {}),
  confirmWithPasskey: action('confirmWithPasskey', { rememberDevice: z.boolean().default(false) }),
  // An HRM administrator (the Users view, General > Security, Import/export).
  setAllowedDomains: action('setAllowedDomains', { domains: z.array(z.string()), linkVerifiedDomainsWithoutCode: z.boolean().optional() }),
  setConnectEmail: action('setConnectEmail', { user: userRef, email: z.string() }),
  sendVerificationEmail: action('sendVerificationEmail', { user: userRef, email: z.string().optional() }),
  removeConnection: action('removeConnection', { user: userRef }),
  importCsv: action('importCsv', {
    fileName: text.default('users.csv'),
    /** The file's lines (joined with CRLF), or its whole text. */
    csv: z.union([z.string(), z.array(z.string())]),
    /** Apply after the preview ("Import"), or stop at the preview. */
    apply: z.boolean().default(true),
  }),
  // A Connect administrator (the admin portal, seed 002).
  blockUser: action('blockUser', { email: text }),
  unblockUser: action('unblockUser', { email: text }),
  sendTemporaryPassword: action('sendTemporaryPassword', { email: text }),
  setTwoFactorPolicy: action('setTwoFactorPolicy', { groups: z.array(text), everyoneFrom: instant.nullable().default(null) }),
  addDomain: action('addDomain', { domain: text }),
  verifyDomain: action('verifyDomain', { domain: text, method: z.enum(['txt', 'cname', 'https']).default('txt') }),
  // The DNS provider's console (dns.test).
  dnsLogin: action('dnsLogin', { email: text, password: text }),
  addDnsRecord: action('addDnsRecord', {
    zone: text,
    host: z.string(),
    type: z.enum(['TXT', 'CNAME']),
    value: z.string(),
    ttl: z.number().int().optional(),
  }),
  /** Changes the value of the record at host and type (fixing a typo). */
  updateDnsRecord: action('updateDnsRecord', { zone: text, host: z.string(), type: z.enum(['TXT', 'CNAME']), value: z.string() }),
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
  return z.strictObject({ expect: z.literal(name), note: z.string().optional(), ...shape });
}

export const EXPECTATION_SCHEMAS = {
  /** Account Settings > Link to Connect, as the persona sees it (their own HRM session). */
  linkStatus: expectation('linkStatus', {
    persona,
    status: z.enum(['unlinked', 'code_sent', 'link_sent', 'linked']).optional(),
    email: z.string().nullable().optional(),
    method: z.enum(['code', 'link', 'domain']).nullable().optional(),
    needsNewCode: z.boolean().optional(),
    attemptsLeft: z.number().int().nullable().optional(),
    banner: z.boolean().optional(),
  }),
  /** A user as an HRM administrator sees them in the Users view. */
  user: expectation('user', {
    persona,
    user: userRef,
    state: z.enum(['not_started', 'code_sent', 'link_sent', 'linked']).optional(),
    connectEmail: z.string().nullable().optional(),
    timeclockOnly: z.boolean().optional(),
    passwordSet: z.boolean().nullable().optional(),
  }),
  /** Mails in an inbox (a persona's, or one mailbox), matched by subject; text checks are on the newest match. */
  mail: expectation('mail', {
    persona: persona.optional(),
    mailbox: text.optional(),
    subject: z.string().optional(),
    /** Exactly this many matching mails; without it, at least one. */
    count: z.number().int().min(0).optional(),
    contains: z.array(z.string()).optional(),
    notContains: z.array(z.string()).optional(),
  }),
  /** The page the persona's browser shows now. */
  page: expectation('page', {
    persona,
    view: text.optional(),
    url: text.optional(),
    /** Text the page's data must hold somewhere (a name, a message). */
    contains: z.array(z.string()).optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  }),
  /** Whether the persona's browser gets into an application (it opens the app's start page, as a reload would). */
  signedIn: expectation('signedIn', { persona, app: app.default('hrm'), signedIn: z.boolean().default(true) }),
  /** Entries of an audit log: the HRM's (Users view > Audit log) or Connect's (admin portal), read by an administrator. */
  audit: expectation('audit', {
    persona,
    system: z.enum(['hrm', 'connect']),
    type: text,
    /** HRM: the subject's person key, user ID or name; Connect: the email (or its beginning). */
    about: z.string().optional(),
    detail: z.string().optional(),
    count: z.number().int().min(0).optional(),
  }),
  /** The tenant's rollout phase (the simulation's own view of the HRM's machine). */
  phase: expectation('phase', { phase: z.enum(['setup', 'preparation', 'activation']) }),
  /** Accounts in Connect's admin portal whose email or name matches `query`. */
  connectAccounts: expectation('connectAccounts', {
    persona,
    query: text,
    count: z.number().int().min(0).optional(),
    status: z.enum(['active', 'blocked', 'locked', 'no_password']).optional(),
    apps: z.array(z.string()).optional(),
  }),
  /** A domain on Connect's Domains tab. */
  domain: expectation('domain', { persona, domain: text, status: z.enum(['unverified', 'verified']).optional(), lastCheck: z.string().optional() }),
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
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes, such as "happy-path"'),
  title: text,
  description: z.string().default(''),
  /** PRODUCT.md rules the scenario shows. */
  rules: z.array(z.number().int().min(1)).default([]),
  workspace: z.strictObject({
    template: text,
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
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input) as unknown;
    } catch (error) {
      return { ok: false, errors: [`not JSON: ${error instanceof Error ? error.message : String(error)}`] };
    }
  }
  if (isObject(value) && typeof value.version === 'number' && value.version !== SCENARIO_VERSION) {
    return { ok: false, errors: [`version: this reader knows version ${SCENARIO_VERSION} of the scenario format, not ${value.version}`] };
  }
  const top = header.safeParse(value);
  const errors = top.success ? [] : formatIssues(top.error.issues, value, []);
  const steps: ScenarioStep[] = [];
  const rawSteps = isObject(value) && Array.isArray(value.steps) ? value.steps : [];
  rawSteps.forEach((raw, i) => {
    const parsed = parseStep(raw);
    if (parsed.ok) steps.push(parsed.step);
    else errors.push(...parsed.errors.map((e) => (e.startsWith(':') ? `steps[${i}]${e}` : `steps[${i}].${e}`)));
  });
  if (errors.length > 0 || !top.success) return { ok: false, errors };
  return { ok: true, scenario: { ...top.data, steps } };
}

function parseStep(raw: unknown): { ok: true; step: ScenarioStep } | { ok: false; errors: string[] } {
  if (!isObject(raw)) return { ok: false, errors: [': a step is an object with an "action" or an "expect"'] };
  if ('action' in raw && 'expect' in raw) return { ok: false, errors: [': a step has an "action" or an "expect", not both'] };
  if ('action' in raw) {
    const name = raw.action;
    if (typeof name !== 'string' || !(name in ACTION_SCHEMAS)) return { ok: false, errors: [`action: unknown action ${JSON.stringify(name)}${suggest(name, ACTION_NAMES)}`] };
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
    if (typeof name !== 'string' || !(name in EXPECTATION_SCHEMAS)) {
      return { ok: false, errors: [`expect: unknown expectation ${JSON.stringify(name)}${suggest(name, EXPECTATION_NAMES)}`] };
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
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${pathText([...path, key])}: unknown field ${JSON.stringify(key)}`);
    const value = valueAt(input, issue.path);
    const message =
      issue.code === 'invalid_type' && value === undefined
        ? `missing (${issue.expected === 'string' ? 'text' : issue.expected})`
        : issue.code === 'invalid_value' || issue.code === 'invalid_format' || issue.code === 'custom'
          ? `${issue.message.replace(/^Invalid (?:input|option): expected /, 'expected ')} (got ${JSON.stringify(value)})`
          : issue.message;
    return [`${pathText(path)}: ${message}`];
  });
}

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? String(part) : `.${String(part)}`;
  return out === '' ? '(the file)' : out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** ` (did you mean "sendCode"?)` for a name one or two typos away from a known one. */
function suggest(name: unknown, known: readonly string[]): string {
  if (typeof name !== 'string') return '';
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
