// Owns the default workspace: a demo tenant of about 30 employees in the preparation phase, with one person
// for each case of the scenario catalogue (docs/rules.md) and ordinary colleagues around them.
import type { TemplateGroup, TemplatePerson, WorkspaceTemplate } from './template';

const DOMAIN = 'company.com';

const featured: TemplatePerson[] = [
  {
    key: 'anna',
    name: 'Anna Svensson',
    loginId: '10001',
    password: 'anna-hrm-1',
    roles: ['employee'],
    email: `anna.svensson@${DOMAIN}`,
    mobile: '+46701234501',
    employments: [
      // R2: a private address on an employment with mailings activated is suggested…
      { title: 'Payroll Specialist', department: 'Finance', email: 'anna.svensson@gmail.com', mailingsActivated: true },
      // …one on an employment with mailings off is not.
      { title: 'Project Coordinator', department: 'Operations', email: 'anna.svensson@user.com', mailingsActivated: false },
    ],
    persona: { role: 'Employee', note: 'The happy path: three addresses, two of them suggested.' },
  },
  {
    key: 'karin',
    name: 'Karin Berg',
    loginId: '10002',
    password: 'karin-hrm-1',
    roles: ['admin', 'employee'],
    email: `karin.berg@${DOMAIN}`,
    employments: [{ title: 'HR Systems Administrator', department: 'HR', mailingsActivated: true }],
    integrationsAccount: { email: `karin.berg@${DOMAIN}`, password: 'integrations-karin-1' },
    persona: {
      role: 'HRM administrator',
      note: 'Has the Users view and General > Security (allowed domains). Repoints the integrations after the move: integrations.test, password integrations-karin-1.',
    },
  },
  {
    key: 'johan',
    name: 'Johan Ek',
    loginId: '10003',
    password: 'johan-hrm-1',
    roles: ['hr', 'employee'],
    email: `johan.ek@${DOMAIN}`,
    employments: [{ title: 'HR Partner', department: 'HR', mailingsActivated: true }],
    persona: { role: 'HR staff', note: 'Handles salaries and personal data; 2FA will be required for HR staff.' },
  },
  {
    key: 'pekka',
    name: 'Pekka Virtanen',
    loginId: '10004',
    password: 'pekka-hrm-1',
    roles: ['timeclock'],
    badge: '04A1B2C3',
    employments: [{ title: 'Warehouse Operative', department: 'Logistics', mailingsActivated: false }],
    // R11: no email, yet shift requests reach him by SMS.
    mobile: '+46701234504',
    persona: { role: 'Timeclock-only worker', note: 'Clocks in with a badge; needs no email and no action.' },
  },
  {
    key: 'sara',
    name: 'Sara Nilsson',
    loginId: '10005',
    password: 'sara-hrm-1',
    roles: ['employee'],
    email: `sara.nilsson@${DOMAIN}`,
    employments: [
      { title: 'Accountant', department: 'Finance', email: 'sara.nilsson@gmail.com', mailingsActivated: true, status: 'parental_leave' },
    ],
    persona: { role: 'Employee on parental leave', note: 'Away during preparation; an admin links her later.' },
  },
  {
    key: 'erik',
    name: 'Erik Johansson',
    loginId: '10006',
    password: 'erik-hrm-1',
    roles: ['employee'],
    email: `erik.johansson@${DOMAIN}`,
    employments: [{ title: 'Sales Manager', department: 'Sales', mailingsActivated: true }],
    connectAccount: { email: `erik.johansson@${DOMAIN}`, password: 'expense-erik-2024', apps: ['Expense'] },
    persona: { role: 'Employee with a Connect account', note: 'Already uses Connect for Expense: linked, not duplicated.' },
  },
  {
    key: 'lena',
    name: 'Lena Holm',
    loginId: '10007',
    password: 'lena-hrm-1',
    roles: ['employee'],
    employments: [{ title: 'Cleaner', department: 'Facilities', mailingsActivated: false }],
    mobile: '+46701234507',
    mailboxes: ['lena.holm@gmail.com'],
    persona: { role: 'Employee without an email', note: 'Nothing to suggest: she types her own address.' },
  },
  {
    key: 'oskar',
    name: 'Oskar Lund',
    loginId: '10008',
    password: 'oskar-hrm-1',
    roles: ['employee'],
    email: `oskar.lund+hrm@${DOMAIN}`,
    employments: [{ title: 'Developer', department: 'IT', mailingsActivated: true }],
    mailboxes: [`oskar.lund@${DOMAIN}`],
    persona: { role: 'Employee on a plus-address alias', note: 'oskar.lund+hrm@ is its own email but shares his inbox.' },
  },
];

/** The badges (tags) colleagues on the shop floor punch in with at the Timeclock (R11); the rest type their employee number. */
const BADGES: Readonly<Record<string, string>> = {
  'Lars Karlsson': '04C7D801',
  'Mikael Larsson': '04C7D802',
  'Fredrik Forsberg': '04C7D803',
  'Axel Nyström': '04C7D804',
};

const colleagues: Array<[string, string, string]> = [
  ['Maja Andersson', 'Finance', 'Controller'],
  ['Lars Karlsson', 'Logistics', 'Shift Lead'],
  ['Elin Persson', 'Sales', 'Account Executive'],
  ['Nils Olsson', 'IT', 'Support Technician'],
  ['Ida Gustafsson', 'HR', 'Recruiter'],
  ['Anders Pettersson', 'Operations', 'Operations Manager'],
  ['Emma Jonsson', 'Finance', 'Accounts Payable Clerk'],
  ['Mikael Larsson', 'Logistics', 'Forklift Driver'],
  ['Hanna Eriksson', 'Marketing', 'Content Designer'],
  ['Per Magnusson', 'Sales', 'Key Account Manager'],
  ['Sofia Axelsson', 'Operations', 'Planner'],
  ['Jonas Hansson', 'IT', 'Network Engineer'],
  ['Linnea Sandberg', 'Marketing', 'Marketing Lead'],
  ['Fredrik Forsberg', 'Logistics', 'Warehouse Operative'],
  ['Klara Lindberg', 'Finance', 'Payroll Assistant'],
  ['Gustav Engström', 'Facilities', 'Caretaker'],
  ['Wilma Danielsson', 'Sales', 'Sales Assistant'],
  ['Viktor Håkansson', 'IT', 'Developer'],
  ['Alva Sjöberg', 'HR', 'HR Coordinator'],
  ['Emil Wallin', 'Operations', 'Quality Engineer'],
  ['Tove Bergström', 'Marketing', 'Event Coordinator'],
  ['Axel Nyström', 'Logistics', 'Driver'],
];

/** The colleague in IT who runs the company's DNS at its provider (R23: "log in to your DNS provider"). */
const DNS_ADMIN = 'Nils Olsson';

/** "Linnea Sandberg" → "linnea.sandberg", with Swedish letters folded as mail systems do. */
function localPart(name: string): string {
  return name.toLowerCase().replace(/[åä]/g, 'a').replace(/ö/g, 'o').replace(/é/g, 'e').replace(/\s+/g, '.');
}

const ordinary: TemplatePerson[] = colleagues.map(([name, department, title], i) => {
  const loginId = String(10101 + i);
  const local = localPart(name);
  const timeclockOnly = title === 'Warehouse Operative' || title === 'Driver';
  const privateEmail = i % 4 === 1 ? `${local}@gmail.com` : undefined;
  return {
    key: local,
    name,
    loginId,
    password: `${local.split('.')[0]}-hrm-1`,
    roles: timeclockOnly ? ['timeclock'] : ['employee'],
    ...(timeclockOnly ? {} : { email: `${local}@${DOMAIN}` }),
    // Every other colleague gave a mobile number for shift requests by SMS.
    ...(i % 2 === 0 ? { mobile: `+4670555${String(1000 + i)}` } : {}),
    ...(BADGES[name] !== undefined ? { badge: BADGES[name] } : {}),
    employments: [
      privateEmail
        ? { title, department, email: privateEmail, mailingsActivated: true }
        : { title, department, mailingsActivated: !timeclockOnly },
    ],
    ...(name === DNS_ADMIN
      ? {
          dnsAccount: { email: `${local}@${DOMAIN}`, password: 'dns-nils-1', zones: [DOMAIN] },
          persona: {
            role: 'IT administrator (DNS)',
            note: `Runs ${DOMAIN} at the DNS provider: dns.test, password dns-nils-1. Creates the TXT record Connect asks for.`,
          },
        }
      : {}),
  } satisfies TemplatePerson;
});

/** R21: HR staff (Johan Ek in the demo) are the employees an administrator may require 2FA of first. */
export const CONNECT_GROUPS: TemplateGroup[] = [
  { name: 'HR staff', role: 'hr' },
  { name: 'HRM administrators', role: 'admin' },
];

export const demoTenant: WorkspaceTemplate = {
  id: 'demo',
  name: 'Demo company (30 employees, preparation)',
  tenant: {
    name: 'Demo Company',
    companyDomain: DOMAIN,
    phase: 'preparation',
    // Customers are advised to open preparation about a month before the cutover; four weeks here.
    activationAt: Date.UTC(2026, 2, 30, 7, 0, 0),
    allowedDomains: [],
    hrmClientSecret: 'hrm-client-secret-demo',
    customerNumber: '4711',
    integrations: {
      apiClient: { name: 'Payroll export', key: 'hrm-api-key-demo-payroll-export' },
      calendarSubscriptions: [
        { personKey: 'anna', token: 'cal-anna-3b9f2c' },
        { personKey: 'johan', token: 'cal-johan-8d41e7' },
      ],
      smsProvider: { name: 'IP1 SMS', callbackSecret: 'ip1-callback-demo' },
      fileServer: { name: 'Payroll file server' },
    },
    // R19: the three forms of an old Timeclock address, one device each.
    timeclock: {
      user: { username: 'timeclock', password: 'clock-4711' },
      devices: [
        { name: 'Factory clock', address: 'https://hrm.test/Timeclock/Fabriksklocka' },
        { name: 'Entrance kiosk', address: 'https://hrm.test/Timeclock' },
        { name: 'Warehouse kiosk', address: 'https://hrm.test/Timeclock/Lager/4711' },
      ],
    },
    // R28: Karin, who runs the HR systems, is the first administrator of Connect's admin portal.
    connectAdmins: [`karin.berg@${DOMAIN}`],
    connectGroups: CONNECT_GROUPS,
  },
  // Monday 2 March 2026, 08:00 UTC: preparation has just opened.
  startsAt: Date.UTC(2026, 2, 2, 8, 0, 0),
  people: [...featured, ...ordinary],
};

/** The same tenant before preparation opens: the admin schedules or starts it. */
export const demoTenantInSetup: WorkspaceTemplate = {
  ...demoTenant,
  id: 'demo-setup',
  name: 'Demo company (30 employees, setup)',
  tenant: {
    name: demoTenant.tenant.name,
    companyDomain: DOMAIN,
    phase: 'setup',
    allowedDomains: [],
    hrmClientSecret: demoTenant.tenant.hrmClientSecret,
    customerNumber: demoTenant.tenant.customerNumber,
    connectAdmins: demoTenant.tenant.connectAdmins ?? [],
    connectGroups: CONNECT_GROUPS,
  },
};

/** Where the stage and the mail server read a person's mailboxes from; kept here for the callers that import it from this file. */
export { mailboxesOf } from './template';
