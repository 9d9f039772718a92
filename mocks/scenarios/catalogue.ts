// Owns the built-in scenario catalogue (at least one for each rule of docs/rules.md that is built): the scenario files
// in catalogue/, read and validated at load, in the order trainers meet them.
import { parseScenario, type Scenario } from '../../src/contracts/scenario';
import happyPath from './catalogue/happy-path.json';
import expiredCode from './catalogue/expired-code.json';
import parentalLeave from './catalogue/parental-leave.json';
import privateEmail from './catalogue/private-email.json';
import allowedDomains from './catalogue/allowed-domains.json';
import csvImport from './catalogue/csv-import.json';
import timeclockOnly from './catalogue/timeclock-only.json';
import existingConnectAccount from './catalogue/existing-connect-account.json';
import temporaryPassword from './catalogue/temporary-password.json';
import blockedLeaver from './catalogue/blocked-leaver.json';
import dnsVerification from './catalogue/dns-verification.json';
import hrTwoFactor from './catalogue/hr-two-factor.json';
import passkeys from './catalogue/passkeys.json';
import usersWithoutInbox from './catalogue/users-without-inbox.json';
import ssoUnverifiedDomain from './catalogue/sso-unverified-domain.json';
import ssoOnlyPassword from './catalogue/sso-only-password.json';
import ssoEntraJourney from './catalogue/sso-entra-journey.json';
import ssoSecretExpiry from './catalogue/sso-secret-expiry.json';
import integrationsMoved from './catalogue/integrations-moved.json';
import forwardingEnds from './catalogue/forwarding-ends.json';

/** In the order of the catalogue's priorities: the preparation journey and its failures first, then activation and Connect, then after the move. */
const FILES: readonly unknown[] = [
  happyPath,
  expiredCode,
  parentalLeave,
  privateEmail,
  allowedDomains,
  csvImport,
  timeclockOnly,
  existingConnectAccount,
  temporaryPassword,
  blockedLeaver,
  dnsVerification,
  hrTwoFactor,
  passkeys,
  usersWithoutInbox,
  ssoEntraJourney,
  ssoUnverifiedDomain,
  ssoOnlyPassword,
  ssoSecretExpiry,
  integrationsMoved,
  forwardingEnds,
];

function load(file: unknown): Scenario {
  const parsed = parseScenario(file);
  if (!parsed.ok) throw new Error(`Built-in scenario ${(file as { id?: string }).id ?? '?'} is invalid:\n${parsed.errors.join('\n')}`);
  return parsed.scenario;
}

export const CATALOGUE: readonly Scenario[] = FILES.map(load);

export function builtInScenario(id: string): Scenario | undefined {
  return CATALOGUE.find((s) => s.id === id);
}
