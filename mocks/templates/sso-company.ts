// Owns the "SSO company" template: Northwind Traders, about 60 people whose HRM signs them in through the company's
// Entra ID today (the HRM's own single sign-on), in preparation with the cutover scheduled. Featured personas show each
// case single sign-on trips on (a UPN that is not the mail address, no email at Entra, MFA at Entra, a consultant on the
// password login); the colleagues around them are drawn from the workspace's seed, so the same seed builds the same company.
import { SeededRandom, type Random } from '../../src/domain/random';
import { newTotpSecret } from '../../src/domain/totp';
import { CONNECT_GROUPS } from './demo-tenant';
import type { TemplateEmployment, TemplatePerson, TemplateSource, WorkspaceTemplate } from './template';

export const SSO_COMPANY_DOMAIN = 'northwind.test';
/** The initial domain every Entra tenant has: usernames there are UPNs, not mail addresses. */
export const SSO_COMPANY_INITIAL_DOMAIN = 'northwind.onmicrosoft.test';
/** The Entra tenant's id: in its URLs and its tokens' issuer (`https://entra.test/<tenantId>/v2.0`) and `tid`. */
export const SSO_COMPANY_TENANT_ID = '5b1f0c2e-7d4a-4e3b-9c8f-2a6d1e0b7f43';
/** The HRM's app registration at Entra: its client id and the one redirect URI it has. */
export const SSO_COMPANY_HRM_CLIENT_ID = '9e4d2b71-3a6c-4f58-8b0e-1c7a5d3f2e96';
export const SSO_COMPANY_HRM_REDIRECT_URI = 'https://hrm.test/sso/callback';
/** How many people the company has, featured personas included. */
export const SSO_COMPANY_SIZE = 60;

const DAY = 86_400_000;
const STARTS_AT = Date.UTC(2026, 2, 2, 8, 0, 0);
const ACTIVATION_AT = Date.UTC(2026, 2, 30, 7, 0, 0);
/** The HRM's client secret at Entra runs out the week after the cutover: nobody renews a secret of a login being retired. */
const HRM_SECRET_EXPIRES_AT = ACTIVATION_AT + 7 * DAY;

const FEATURED_KEYS = ['tomas', 'helena', 'jonas', 'anna', 'omar', 'peter'] as const;

/** The featured people; their TOTP secrets are drawn first, so they stay the same whatever the colleagues draw. */
function featured(random: Random): TemplatePerson[] {
  const d = SSO_COMPANY_DOMAIN;
  return [
    {
      key: 'tomas',
      name: 'Tomas Lindqvist',
      loginId: '30001',
      password: 'entra-tomas-1',
      roles: ['employee'],
      email: `tomas.lindqvist@${d}`,
      externalReference: `tomas.lindqvist@${d}`,
      employments: [{ title: 'IT Administrator', department: 'IT', mailingsActivated: true }],
      idpAccount: {
        provider: 'entra',
        username: `tomas.lindqvist@${d}`,
        password: 'entra-tomas-1',
        email: `tomas.lindqvist@${d}`,
        totpSecret: newTotpSecret(random),
        admin: true,
      },
      dnsAccount: { email: `tomas.lindqvist@${d}`, password: 'dns-tomas-1', zones: [d] },
      persona: {
        role: 'IT administrator (Entra ID, DNS)',
        note: `Runs Northwind's Entra ID (entra.test, password entra-tomas-1, code from his phone) and ${d} at the DNS provider (dns.test, password dns-tomas-1).`,
      },
    },
    {
      key: 'helena',
      name: 'Helena Dahl',
      loginId: '30002',
      password: 'entra-helena-1',
      roles: ['admin', 'hr', 'employee'],
      email: `helena.dahl@${d}`,
      externalReference: `helena.dahl@${d}`,
      employments: [{ title: 'HR Manager', department: 'HR', mailingsActivated: true }],
      idpAccount: { provider: 'entra', username: `helena.dahl@${d}`, password: 'entra-helena-1', email: `helena.dahl@${d}` },
      persona: {
        role: 'HRM administrator',
        note: 'Signs in to the HRM with Entra ID (password only, no MFA there). Has the Users view and the readiness dashboard.',
      },
    },
    {
      key: 'jonas',
      name: 'Jonas Berglund',
      loginId: '30003',
      password: 'entra-jonas-1',
      roles: ['hr', 'employee'],
      email: `jonas.berglund@${d}`,
      externalReference: `jonas.berglund@${d}`,
      employments: [{ title: 'Payroll Specialist', department: 'HR', mailingsActivated: true }],
      idpAccount: {
        provider: 'entra',
        username: `jonas.berglund@${d}`,
        password: 'entra-jonas-1',
        email: `jonas.berglund@${d}`,
        totpSecret: newTotpSecret(random),
      },
      persona: {
        role: 'Employee with MFA at Entra ID',
        note: 'Entra ID asks for a code from his phone: that is his second factor, and Connect does not ask again.',
      },
    },
    {
      key: 'anna',
      name: 'Anna Berg',
      loginId: '30004',
      password: 'entra-anna-1',
      roles: ['employee'],
      email: `anna.berg@${d}`,
      externalReference: `a.berg@${SSO_COMPANY_INITIAL_DOMAIN}`,
      employments: [{ title: 'Buyer', department: 'Purchasing', mailingsActivated: true }],
      idpAccount: {
        provider: 'entra',
        username: `a.berg@${SSO_COMPANY_INITIAL_DOMAIN}`,
        password: 'entra-anna-1',
        email: `anna.berg@${d}`,
      },
      persona: {
        role: 'Employee whose Entra username is not her email',
        note: `Signs in at Entra ID as a.berg@${SSO_COMPANY_INITIAL_DOMAIN}; her email is anna.berg@${d}. The HRM knows her by the username.`,
      },
    },
    {
      key: 'omar',
      name: 'Omar Haddad',
      loginId: '30005',
      password: 'entra-omar-1',
      roles: ['employee'],
      externalReference: `omar.haddad@${d}`,
      // Frontline staff without a mailbox licence: Entra ID has no email for him, and the HRM user none either.
      employments: [{ title: 'Warehouse Planner', department: 'Logistics', email: 'omar.haddad@gmail.com', mailingsActivated: true }],
      idpAccount: { provider: 'entra', username: `omar.haddad@${d}`, password: 'entra-omar-1', email: null },
      persona: {
        role: 'Employee without an email at Entra ID',
        note: 'Entra ID sends no email for him. The HRM still asks him to verify one and suggests his private address.',
      },
    },
    {
      key: 'peter',
      name: 'Peter Holm',
      loginId: '30006',
      password: 'consultant-hrm-1',
      roles: ['admin'],
      email: 'peter.holm@flexpartner.test',
      employments: [{ title: 'HRM Consultant (external)', department: 'HR', mailingsActivated: true }],
      persona: {
        role: 'External consultant (password login)',
        note: 'Has no user in Northwind’s Entra ID: logs in with user ID 30006 and his password at hrm.test/HRM-NoSSO.',
      },
    },
  ];
}

const FIRST_NAMES = [
  'Agnes',
  'Alice',
  'Amir',
  'Ann',
  'Arvid',
  'Bo',
  'Cecilia',
  'Daniel',
  'David',
  'Ebba',
  'Elias',
  'Elsa',
  'Eva',
  'Filip',
  'Greta',
  'Hampus',
  'Hassan',
  'Ines',
  'Isak',
  'Jenny',
  'Johanna',
  'Karl',
  'Leo',
  'Lina',
  'Lucas',
  'Malin',
  'Markus',
  'Mira',
  'Nadia',
  'Olle',
  'Patrik',
  'Rasmus',
  'Rebecka',
  'Samir',
  'Stina',
  'Theo',
  'Ulla',
  'Vera',
  'Yara',
  'Zakaria',
] as const;

const SURNAMES = [
  'Abrahamsson',
  'Björk',
  'Dahlberg',
  'Ek',
  'Falk',
  'Fors',
  'Grahn',
  'Hedlund',
  'Holmberg',
  'Isaksson',
  'Jakobsson',
  'Kvist',
  'Lindgren',
  'Lundqvist',
  'Malm',
  'Mattsson',
  'Nordin',
  'Öberg',
  'Palm',
  'Sundberg',
  'Strand',
  'Törnqvist',
  'Wikström',
  'Åberg',
] as const;

const DEPARTMENTS: ReadonlyArray<{ name: string; titles: readonly string[]; frontline: boolean }> = [
  { name: 'Sales', titles: ['Account Manager', 'Sales Representative', 'Inside Sales'], frontline: false },
  { name: 'Finance', titles: ['Accountant', 'Controller', 'Accounts Payable Clerk'], frontline: false },
  { name: 'Logistics', titles: ['Warehouse Operative', 'Driver', 'Shift Lead'], frontline: true },
  { name: 'Purchasing', titles: ['Buyer', 'Category Manager'], frontline: false },
  { name: 'IT', titles: ['Developer', 'Support Technician'], frontline: false },
  { name: 'Customer Service', titles: ['Customer Service Agent', 'Team Lead'], frontline: false },
];

/** How the colleagues are mixed; the featured personas are one of each on top. */
const MIX = {
  /** Among frontline staff: a badge at the Timeclock, no user at Entra ID. */
  timeclockOnly: 0.4,
  /** A username at the tenant's initial domain, not the mail address. */
  upnNotMail: 0.12,
  /** No email at Entra ID (no mailbox licence). */
  noEntraEmail: 0.12,
  /** MFA with the authenticator app at Entra ID. */
  mfa: 0.3,
} as const;

function pick<T>(random: Random, list: readonly T[]): T {
  return list[random.int(list.length)]!;
}

/** "Åsa Öberg" → "asa.oberg", as mail systems fold names. */
function localPart(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9 ]/g, '')
    .replace(/\s+/g, '.');
}

/** A new local part: "eva.falk", then "eva.falk2" for the next Eva Falk. */
function uniqueLocal(taken: Set<string>, local: string): string {
  let candidate = local;
  for (let n = 2; taken.has(candidate); n++) candidate = `${local}${n}`;
  taken.add(candidate);
  return candidate;
}

function colleagues(random: Random, count: number, taken: Set<string>): TemplatePerson[] {
  const d = SSO_COMPANY_DOMAIN;
  const people: TemplatePerson[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${pick(random, FIRST_NAMES)} ${pick(random, SURNAMES)}`;
    const local = uniqueLocal(taken, localPart(name));
    const loginId = String(30_101 + i);
    const department = pick(random, DEPARTMENTS);
    const title = pick(random, department.titles);
    const employment: TemplateEmployment = { title, department: department.name, mailingsActivated: true };
    const person = { key: local, name, loginId, password: `entra-${local}-1` } as const;
    if (department.frontline && random.next() < MIX.timeclockOnly) {
      // R11: Timeclock-only: a badge, no web login, no user at Entra ID.
      people.push({ ...person, roles: ['timeclock'], employments: [{ ...employment, mailingsActivated: false }] });
      continue;
    }
    const mail = `${local}@${d}`;
    const upnNotMail = random.next() < MIX.upnNotMail;
    const noEntraEmail = !upnNotMail && random.next() < MIX.noEntraEmail;
    const username = upnNotMail ? `${local.split('.')[0]![0]}.${local.split('.').slice(1).join('.')}@${SSO_COMPANY_INITIAL_DOMAIN}` : mail;
    const mfa = random.next() < MIX.mfa;
    people.push({
      ...person,
      roles: ['employee'],
      ...(noEntraEmail ? {} : { email: mail }),
      externalReference: username,
      employments: [noEntraEmail ? { ...employment, email: `${local}@gmail.com` } : employment],
      idpAccount: {
        provider: 'entra',
        username,
        password: person.password,
        email: noEntraEmail ? null : mail,
        ...(mfa ? { totpSecret: newTotpSecret(random) } : {}),
      },
    });
  }
  return people;
}

/** Northwind Traders for this seed: the featured personas first, then the drawn colleagues. */
export function buildSsoCompany(seed: string): WorkspaceTemplate {
  const random = SeededRandom.derive(seed, 'template/sso-entra');
  const people = featured(random);
  const taken = new Set(people.map((p) => localPart(p.name)));
  people.push(...colleagues(random, SSO_COMPANY_SIZE - people.length, taken));
  return {
    id: 'sso-entra',
    name: `SSO company (Entra ID, ${SSO_COMPANY_SIZE} employees, preparation)`,
    tenant: {
      name: 'Northwind Traders',
      companyDomain: SSO_COMPANY_DOMAIN,
      customerNumber: '5120',
      phase: 'preparation',
      activationAt: ACTIVATION_AT,
      allowedDomains: [],
      hrmClientSecret: 'hrm-client-secret-northwind',
      // R28: the HR manager is the first administrator of Connect's admin portal.
      connectAdmins: [`helena.dahl@${SSO_COMPANY_DOMAIN}`],
      connectGroups: CONNECT_GROUPS,
      identityProviders: [
        {
          provider: 'entra',
          tenantName: 'Northwind Traders',
          tenantId: SSO_COMPANY_TENANT_ID,
          domains: [SSO_COMPANY_DOMAIN],
          applications: [
            {
              name: 'Flex HRM',
              clientId: SSO_COMPANY_HRM_CLIENT_ID,
              redirectUris: [SSO_COMPANY_HRM_REDIRECT_URI],
              secret: { value: 'hrm~Q8s.northwind-entra-secret', expiresAt: HRM_SECRET_EXPIRES_AT },
            },
          ],
        },
      ],
      hrmSso: { provider: 'entra', clientId: SSO_COMPANY_HRM_CLIENT_ID },
    },
    startsAt: STARTS_AT,
    people,
  };
}

export const ssoCompany: TemplateSource = {
  id: 'sso-entra',
  name: `SSO company (Entra ID, ${SSO_COMPANY_SIZE} employees, preparation)`,
  build: buildSsoCompany,
};

/** The featured personas' keys, in the order the persona picker shows them. */
export const SSO_COMPANY_PERSONAS = FEATURED_KEYS;
