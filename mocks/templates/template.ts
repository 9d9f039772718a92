// Owns the shape of a workspace template: the tenant and its people, from which every server seeds its own
// database (HRM users and employments, Connect accounts that already exist, mailboxes) and the stage its personas.
import type { HrmRole, RolloutPhase } from '../../src/contracts/hrm';

export interface TemplateEmployment {
  title: string;
  department: string;
  email?: string;
  /** R2: only emails on employments with mailings activated are suggested. */
  mailingsActivated: boolean;
  status?: 'active' | 'parental_leave';
  /** Gross monthly pay for payroll runs; drawn from the workspace seed when absent. */
  monthlySalary?: number;
}

export interface TemplateGroup {
  name: string;
  role: HrmRole;
}

export interface TemplatePerson {
  /** Stable key, also the persona id when `persona` is set. */
  key: string;
  name: string;
  /** The old HRM login's user ID (an employee number). */
  loginId: string;
  /** The old HRM login's password; absent: the tenant's rehearsal password (generated tenants). */
  password?: string;
  roles: HrmRole[];
  /** The email saved on the HRM user. */
  email?: string;
  employments: TemplateEmployment[];
  /** An account this person already has at Connect from another product (R4: linked, never duplicated). */
  connectAccount?: { email: string; password?: string; apps: string[] };
  /** This person's account at the DNS provider (dns.test) and its zones (R23: "log in to your DNS provider"). */
  dnsAccount?: { email: string; password: string; zones: string[] };
  /** This person's account at the customer's integrations console (integrations.test): who repoints them after the move (R18). */
  integrationsAccount?: { email: string; password: string };
  /** Addresses whose mail this person reads (the persona's inbox). Defaults to every email above. */
  mailboxes?: string[];
  /** Shown in the persona picker: the role in plain words and what this persona demonstrates. */
  persona?: { role: string; note: string };
  /** This person's user in the organisation's own identity provider (`tenant.identityProviders`). */
  idpAccount?: TemplateIdpAccount;
  /**
   * The HRM user's external reference: who this person is at the identity provider the HRM signs in through today
   * (`tenant.hrmSso`), as that provider names them in its ID token (Entra's UPN). People with one have no HRM password.
   */
  externalReference?: string;
  /** The mobile number shift requests are texted to (R18); absent: shift requests reach this person by mail only. */
  mobile?: string;
  /** The badge (tag) this person punches in with at the Timeclock (R11); absent: the employee number only. */
  badge?: string;
}

/** The external identity providers an organisation may have its users in (each a simulated server). */
export type IdentityProviderName = 'entra' | 'google' | 'okta' | 'ping';

/** A user of the organisation's identity provider: how they sign in there, and what its tokens say of them. */
export interface TemplateIdpAccount {
  provider: IdentityProviderName;
  /** What the user types at the provider's login page (Entra's UPN, which need not be the mail address). */
  username: string;
  password: string;
  /** The mail address the provider knows, or null: some directories have users without one (the `email` claim is then missing). */
  email: string | null;
  /** When set, the provider asks for a code from the authenticator app on the persona's phone (MFA, reported in `amr`). */
  totpSecret?: string;
  /** Okta-style group names, put in the ID token's `groups` claim. */
  groups?: string[];
  /** Disabled at the provider: its login page refuses the user. */
  disabled?: boolean;
  /** Administers the provider's tenant: signs in to its admin console (users, MFA, app registrations). */
  admin?: boolean;
}

/** An application registered at the provider (an Entra app registration, an Okta app integration). */
export interface TemplateIdpApplication {
  name: string;
  clientId: string;
  redirectUris: string[];
  /** A client secret the application already has, and when it expires (world time). */
  secret?: { value: string; expiresAt: number };
}

/** The organisation's directory at one external identity provider. */
export interface TemplateIdentityProvider {
  provider: IdentityProviderName;
  /** The directory's name as its console shows it ("Northwind Traders"). */
  tenantName: string;
  /** The tenant's id in the provider's URLs and issuer (Entra's tenant id, Okta's authorization server). */
  tenantId: string;
  /** The domains its usernames are at (Google's `hd`). */
  domains: string[];
  applications: TemplateIdpApplication[];
}

/** What the workspace menu offers: a template, built for the workspace's seed (a generated tenant differs per seed). */
export interface TemplateSource {
  id: string;
  name: string;
  /** The template's Timeclock, for the stage's devices without building the template; absent: none. */
  timeclock?: {
    customerNumber: string;
    user: { username: string; password: string };
    devices: { name: string; address: string }[];
    badges: { name: string; badge: string }[];
  };
  build(seed: string): WorkspaceTemplate;
}

export interface WorkspaceTemplate {
  id: string;
  name: string;
  tenant: {
    name: string;
    companyDomain: string;
    phase: RolloutPhase;
    /** The scheduled cutover (world time), if the template has one. */
    activationAt?: number;
    allowedDomains: string[];
    /** Connect's password for the HRM's server-to-server client. */
    hrmClientSecret: string;
    /** The old-login password of every person without their own (generated tenants: one shared password). */
    rehearsalPassword?: string;
    /**
     * R28: the first application administrators of Connect's admin portal, by email ("Please inform your
     * consultant which person will be the first application administrator"). Each receives an activation mail.
     */
    connectAdmins?: string[];
    /**
     * The groups Connect's organisation starts with, each holding the emails of the people with an HRM role (R21:
     * "require certain employees — such as HR staff — to use 2FA"). Two-factor policies name these groups.
     */
    connectGroups?: TemplateGroup[];
    /** The organisation's own identity providers, with their users in `people[].idpAccount` (R20, R24). */
    identityProviders?: TemplateIdentityProvider[];
    /**
     * The HRM's own single sign-on before the migration: the provider of `identityProviders` it signs in through and
     * the client id of its application there (whose secret the HRM uses). Absent: the HRM has only its password login.
     */
    hrmSso?: { provider: IdentityProviderName; clientId: string };
    /** The customer number at the HRM: part of the Timeclock's new address (R19). */
    customerNumber: string;
    /** R18: hosted customers get temporary forwarding from the old addresses, self-hosted ones none. Absent: hosted. */
    hosting?: 'hosted' | 'selfHosted';
    /** The customer's integrations with the HRM, each configured with the old addresses (R18). Absent: none. */
    integrations?: TemplateIntegrations;
    /** The Timeclock: the user its devices log in as and the devices on the stage (R19). Absent: no Timeclock devices. */
    timeclock?: TemplateTimeclock;
  };
  /** World time the workspace starts at (epoch ms). */
  startsAt: number;
  people: TemplatePerson[];
}

/**
 * The systems that call the HRM or that the HRM calls, as they are configured before the move: after it, each one goes
 * on calling what it is configured to call until someone repoints it (R18). The HRM and the integrations server both
 * seed from this, so the secrets they share agree.
 */
export interface TemplateIntegrations {
  /** A client of the HRM's REST API run on a schedule (a payroll or travel-expense system): its name and API key. */
  apiClient: { name: string; key: string };
  /** A calendar app subscribed to these people's schedules (`key` of people[]), each feed with its secret token. */
  calendarSubscriptions: { personKey: string; token: string }[];
  /** The SMS provider that sends shift requests and calls the HRM back with the replies, with the callback's secret. */
  smsProvider: { name: string; callbackSecret: string };
  /** The customer's own file server that receives the HRM's file exports behind an allow-list of source addresses. */
  fileServer: { name: string };
}

/** The customer's Timeclock: its device login and the devices, each configured with an old address (R19). */
export interface TemplateTimeclock {
  user: { username: string; password: string };
  devices: { name: string; address: string }[];
}

/** The addresses whose mail a person reads: their `mailboxes`, or else every email on them and their employments. */
export function mailboxesOf(person: TemplatePerson): string[] {
  if (person.mailboxes) return person.mailboxes;
  const all = [person.email, ...person.employments.map((e) => e.email)].filter((e): e is string => !!e);
  return [...new Set(all)];
}
