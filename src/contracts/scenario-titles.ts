// Owns what a scenario step is called where a person reads it: trainer mode's step list and presenter view, the
// replay's checkpoints. A step's own `title` wins ("Anna types the code"); a step without one (a recorded or hand-written
// file) gets a sentence made from its action or expectation and their fields, never the action's code name.
import { IDP_DISPLAY_NAMES } from './idp';
import { parseDuration, type ActionStep, type ExpectationStep, type ScenarioApp, type ScenarioStep } from './scenario';

/** A persona's name from its id ("anna" → "Anna Svensson"); unknown ids come back as they are. */
export type PersonaNames = (id: string) => string;

const INTEGRATION_NAMES: Record<'payroll-export' | 'calendar-app' | 'sms' | 'file-server', string> = {
  'payroll-export': 'the Payroll export',
  'calendar-app': 'the calendar app',
  sms: 'the SMS provider',
  'file-server': 'the file server',
};

const APPS: Record<ScenarioApp, string> = { hrm: 'the HRM', expense: 'Expense', connect: 'Connect’s admin portal' };

/** What a step is called: its own title, or one said from what it does. */
export function stepTitle(step: ScenarioStep, names: PersonaNames = (id) => id): string {
  if (step.title !== undefined) return step.title;
  return 'action' in step ? actionTitle(step, names) : expectationTitle(step, names);
}

function actionTitle(step: ActionStep, names: PersonaNames): string {
  if (step.action === 'advanceClock') return `Time passes: ${durationWords(step.by)}`;
  if (step.action === 'jumpTo') return `The clock jumps to ${instantWords(step.at)}`;
  if (step.action === 'nextEvent')
    return step.label ? `The clock jumps to the next event: ${step.label}` : 'The clock jumps to the next event';
  const who = firstName(names(step.persona));
  const fails = step.expectError !== undefined ? ' (and is refused)' : '';
  return `${who} ${personaDoes(step, names)}${fails}`;
}

/** What a persona does, after their name: "types the code". */
function personaDoes(step: Exclude<ActionStep, { action: 'advanceClock' | 'jumpTo' | 'nextEvent' }>, names: PersonaNames): string {
  switch (step.action) {
    case 'hrmLogin':
      return step.loginId !== undefined ? `logs in to the HRM as ${quote(step.loginId)}` : 'logs in to the HRM with the old login';
    case 'hrmLogout':
      return 'logs out of the HRM';
    case 'openPage':
      return `opens ${address(step.url)}`;
    case 'sendCode':
      return step.email === '' ? 'asks for a code without typing an email' : `asks for a code at ${step.email}`;
    case 'verifyCode':
      return step.code === undefined ? 'types the code from the mail' : `types the code ${quote(step.code)}`;
    case 'unlinkAccount':
      return 'unlinks the Connect account';
    case 'openMailLink':
      return `opens the link in the mail ${quote(step.subject)}`;
    case 'readMail':
      return `reads the mail ${quote(step.subject)}`;
    case 'confirmEmail':
      return 'confirms the email address';
    case 'forgotPassword':
      return `asks for a new Connect password for ${step.email}`;
    case 'setPassword':
      return 'chooses a Connect password';
    case 'connectLogin':
      return step.app === 'connect' ? `signs in to ${APPS.connect}` : `logs in to ${APPS[step.app]} with Connect`;
    case 'passkeyLogin':
      return `logs in to ${APPS[step.app]} with a passkey`;
    case 'connectLogout':
      return 'signs out of Connect';
    case 'enterAuthenticatorCode':
      return step.code === undefined ? 'types the code from the authenticator app' : `types the authenticator code ${quote(step.code)}`;
    case 'setUpAuthenticator':
      return 'sets up the authenticator app';
    case 'remindMeLater':
      return 'chooses “Remind me later”';
    case 'addPasskey':
      return 'adds a passkey';
    case 'confirmWithPasskey':
      return 'confirms with a passkey';
    case 'setAllowedDomains':
      return step.domains.length === 0 ? 'clears the allowed email domains' : `allows email domains ${list(step.domains)}`;
    case 'setConnectEmail':
      return step.email === ''
        ? `clears ${possessive(names(step.user))} Connect email`
        : `sets ${possessive(names(step.user))} Connect email to ${step.email}`;
    case 'sendVerificationEmail':
      return `sends ${names(step.user)} a verification email`;
    case 'removeConnection':
      return `removes ${possessive(names(step.user))} link to Connect`;
    case 'importCsv':
      return step.apply ? `imports ${step.fileName}` : `previews the import of ${step.fileName}`;
    case 'setTemporaryMeasures':
      return 'sets the temporary measures of the move';
    case 'closeMigration':
      return 'closes the migration';
    case 'blockUser':
      return `blocks ${step.email} at Connect`;
    case 'unblockUser':
      return `unblocks ${step.email} at Connect`;
    case 'sendTemporaryPassword':
      return `sends ${step.email} a temporary password`;
    case 'setTwoFactorPolicy':
      if (step.everyoneFrom !== null) return `requires two-step sign-in for everyone from ${instantWords(step.everyoneFrom)}`;
      return step.groups.length === 0 ? 'turns off required two-step sign-in' : `requires two-step sign-in for ${list(step.groups)}`;
    case 'addDomain':
      return `adds the domain ${step.domain} at Connect`;
    case 'verifyDomain':
      return `verifies ${step.domain} (${step.method === 'https' ? 'a file on the web server' : `a ${step.method.toUpperCase()} record`})`;
    case 'addIdentityProvider':
      return `adds ${step.name} as an identity provider for ${list(step.domains)}`;
    case 'changeIdentityProvider':
      if (step.clientSecret !== undefined) return `gives ${step.name} a new client secret`;
      if (step.ssoOnly !== undefined) return `turns “Only SSO” ${step.ssoOnly ? 'on' : 'off'} for ${step.name}`;
      return `changes the identity provider ${step.name}`;
    case 'testIdentityProvider':
      return `tests the connection to ${step.name}`;
    case 'ssoLogin':
      return `signs in to ${APPS[step.app]} through the organisation’s identity provider`;
    case 'idpSignIn':
      return `signs in at the identity provider as ${step.username}`;
    case 'registerIdpApplication':
      return `registers ${quote(step.name)} in ${IDP_DISPLAY_NAMES[step.idp]}`;
    case 'addIdpClientSecret':
      return `adds a client secret in ${IDP_DISPLAY_NAMES[step.idp]}`;
    case 'dnsLogin':
      return 'signs in to the DNS provider';
    case 'addDnsRecord':
      return `adds a ${step.type} record at ${hostIn(step.host, step.zone)}`;
    case 'updateDnsRecord':
      return `corrects the ${step.type} record at ${hostIn(step.host, step.zone)}`;
    case 'integrationsLogin':
      return 'signs in to the integrations console';
    case 'runIntegration':
      return step.integration === 'calendar-app' ? 'refreshes the calendar app now' : 'runs the Payroll export now';
    case 'repointIntegration':
      return step.integration === 'calendar-app'
        ? 'points the calendar app at the new feed addresses'
        : `points ${INTEGRATION_NAMES[step.integration]} at ${address(step.address ?? '')}`;
    case 'allowAddress':
      return `allows ${step.address} on the file server`;
    case 'setTimeclockAddress':
      return `enters ${address(step.address)} on the ${step.device}`;
    case 'timeclockLogin':
      return `logs the ${step.device} in`;
    case 'punchTimeclock':
      return step.employeeNumber !== undefined
        ? `punches employee number ${step.employeeNumber} at the ${step.device}`
        : `holds ${step.badge !== undefined ? `badge ${step.badge}` : 'a badge'} to the ${step.device}`;
  }
}

const LINK_STATES: Record<string, string> = {
  unlinked: 'not linked yet',
  code_sent: 'waiting for the code',
  link_sent: 'waiting for the link',
  linked: 'linked',
  not_started: 'not started',
};
const PHASES: Record<string, string> = { setup: 'set-up', preparation: 'preparation', activation: 'activation' };
const STAGES: Record<string, string> = {
  setup: 'in set-up',
  preparation: 'in preparation',
  postMigration: 'in post-migration',
  complete: 'complete',
};

function expectationTitle(step: ExpectationStep, names: PersonaNames): string {
  switch (step.expect) {
    case 'linkStatus': {
      const who = possessive(firstName(names(step.persona)));
      return step.status ? `Check: ${who} account is ${LINK_STATES[step.status]}` : `Check: ${who} link to Connect`;
    }
    case 'user': {
      const about = names(step.user);
      return step.state ? `Check: the Users view shows ${about} as ${LINK_STATES[step.state]}` : `Check: ${about} in the Users view`;
    }
    case 'mail': {
      const box = step.mailbox ?? `${possessive(firstName(names(step.persona ?? '')))} inbox`;
      const what = step.subject ? `“${step.subject}”` : 'mail';
      if (step.count === 0) return `Check: no ${what} in ${box}`;
      return `Check: ${what} in ${box}`;
    }
    case 'page': {
      const who = possessive(firstName(names(step.persona)));
      if (step.contains && step.contains.length > 0) return `Check: ${who} browser shows ${list(step.contains.map(quote))}`;
      return `Check: ${who} browser shows the expected page`;
    }
    case 'signedIn':
      return `Check: ${firstName(names(step.persona))} is ${step.signedIn ? '' : 'not '}signed in to ${APPS[step.app]}`;
    case 'audit':
      return `Check: ${step.system === 'hrm' ? 'the HRM’s' : 'Connect’s'} audit log has ${quote(step.type)}${step.about ? ` about ${names(step.about)}` : ''}`;
    case 'phase':
      return `Check: the rollout is in ${PHASES[step.phase]}`;
    case 'stage':
      return `Check: the migration is ${STAGES[step.stage]}`;
    case 'connectAccounts':
      return step.count !== undefined
        ? `Check: Connect lists ${step.count} ${step.count === 1 ? 'account' : 'accounts'} for ${quote(step.query)}`
        : `Check: Connect’s accounts for ${quote(step.query)}`;
    case 'domain':
      return step.status ? `Check: ${step.domain} is ${step.status} at Connect` : `Check: the domain ${step.domain} at Connect`;
    case 'clock':
      return `Check: the clock shows ${instantWords(step.at)}`;
    case 'integration':
      return `Check: ${INTEGRATION_NAMES[step.integration]} in the integrations console`;
    case 'integrationsChecklist':
      if (step.allMoved) return 'Check: every integration has moved to the new addresses';
      if (step.red && step.red.length > 0) return `Check: the checklist shows ${list(step.red)} still on an old address`;
      return 'Check: the integrations checklist';
    case 'timeclockDevice':
      return step.screen === 'unreachable' ? `Check: the ${step.device} cannot reach its address` : `Check: what the ${step.device} shows`;
  }
}

const DURATION_WORDS: Record<string, [string, string]> = {
  d: ['day', 'days'],
  h: ['hour', 'hours'],
  m: ['minute', 'minutes'],
  s: ['second', 'seconds'],
  ms: ['millisecond', 'milliseconds'],
};

/** "1d2h" → "1 day 2 hours", "30m" → "30 minutes". */
export function durationWords(text: string): string {
  if (Number.isNaN(parseDuration(text))) return text;
  return [...text.matchAll(/(\d+)(d|h|ms|m|s)/g)]
    .map(([, amount, unit]) => `${Number(amount)} ${DURATION_WORDS[unit!]![Number(amount) === 1 ? 0 : 1]}`)
    .join(' ');
}

const INSTANT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "2026-03-30T07:00:00Z" → "30 Mar 2026, 07:00 UTC". */
function instantWords(iso: string): string {
  return `${INSTANT.format(Date.parse(iso))} UTC`;
}

function firstName(name: string): string {
  return name.split(' ')[0] || name;
}

function possessive(name: string): string {
  return name.endsWith('s') ? `${name}’` : `${name}’s`;
}

function quote(text: string): string {
  return `“${text}”`;
}

/** "a", "a and b", "a, b and c". */
function list(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** A web address as a person reads it: host and path, no scheme. */
function address(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return url;
  }
}

function hostIn(host: string, zone: string): string {
  return host === '@' || host === '' ? zone : `${host}.${zone}`;
}
