// Owns the seeded tenant generator: a company of any size (17,000 like a real rollout's customers together, 100,000 for
// headroom) with the mix a real employee list has — company addresses, private ones, plus-aliases, no email at all,
// Timeclock-only workers, several employments, parental leave, people who already use Connect — around the demo's
// featured personas, so the stage's stories work in a big tenant too. The same seed builds the same tenant.
import { SeededRandom, type Random } from '../../src/domain/random';
import { CONNECT_GROUPS, demoTenant } from './demo-tenant';
import type { TemplateEmployment, TemplatePerson, TemplateSource, WorkspaceTemplate } from './template';

const DOMAIN = 'company.com';
const DAY = 86_400_000;
/** Every generated person without a persona of their own logs in to the old HRM with this (the persona cards show it). */
export const REHEARSAL_PASSWORD = 'rehearsal-hrm-1';

const FIRST_NAMES = [
  'Anna',
  'Eva',
  'Maria',
  'Karin',
  'Sara',
  'Emma',
  'Elin',
  'Ida',
  'Hanna',
  'Linnea',
  'Maja',
  'Klara',
  'Alva',
  'Wilma',
  'Tove',
  'Sofia',
  'Ebba',
  'Frida',
  'Julia',
  'Lisa',
  'Amira',
  'Fatima',
  'Aisha',
  'Leila',
  'Noor',
  'Mei',
  'Priya',
  'Olga',
  'Aino',
  'Ingrid',
  'Lars',
  'Erik',
  'Johan',
  'Anders',
  'Per',
  'Nils',
  'Karl',
  'Oskar',
  'Gustav',
  'Emil',
  'Axel',
  'Viktor',
  'Jonas',
  'Fredrik',
  'Mikael',
  'Daniel',
  'Mohammed',
  'Ali',
  'Omar',
  'Yusuf',
  'Ahmed',
  'Arvid',
  'Hugo',
  'Liam',
  'Noah',
  'Elias',
  'Matti',
  'Pekka',
  'Dragan',
  'Tomasz',
] as const;

const SURNAMES = [
  'Andersson',
  'Johansson',
  'Karlsson',
  'Nilsson',
  'Eriksson',
  'Larsson',
  'Olsson',
  'Persson',
  'Svensson',
  'Gustafsson',
  'Pettersson',
  'Jonsson',
  'Jansson',
  'Hansson',
  'Bengtsson',
  'Jönsson',
  'Lindberg',
  'Jakobsson',
  'Magnusson',
  'Olofsson',
  'Lindström',
  'Lindqvist',
  'Lindgren',
  'Berg',
  'Axelsson',
  'Bergström',
  'Lundberg',
  'Lind',
  'Lundgren',
  'Lundqvist',
  'Mattsson',
  'Berglund',
  'Fredriksson',
  'Sandberg',
  'Henriksson',
  'Forsberg',
  'Sjöberg',
  'Wallin',
  'Engström',
  'Danielsson',
  'Håkansson',
  'Eklund',
  'Lundin',
  'Gunnarsson',
  'Holm',
  'Samuelsson',
  'Fransson',
  'Nyström',
  'Ali',
  'Mohammed',
  'Hassan',
  'Virtanen',
  'Korhonen',
  'Nowak',
  'Kowalski',
  'Petrović',
  'Yilmaz',
  'Nguyen',
  'Khan',
  'Ek',
] as const;

/** Departments with their share of the workforce, titles, and monthly pay band (SEK). */
const DEPARTMENTS = [
  {
    name: 'Production',
    weight: 22,
    titles: ['Machine Operator', 'Assembler', 'Production Lead', 'Quality Inspector'],
    pay: [27_000, 38_000],
  },
  { name: 'Logistics', weight: 16, titles: ['Warehouse Operative', 'Driver', 'Forklift Driver', 'Shift Lead'], pay: [26_000, 36_000] },
  { name: 'Sales', weight: 10, titles: ['Account Executive', 'Sales Assistant', 'Key Account Manager'], pay: [32_000, 60_000] },
  { name: 'Customer Service', weight: 10, titles: ['Customer Service Agent', 'Team Lead'], pay: [27_000, 36_000] },
  {
    name: 'Finance',
    weight: 7,
    titles: ['Accountant', 'Controller', 'Payroll Specialist', 'Accounts Payable Clerk'],
    pay: [34_000, 62_000],
  },
  { name: 'IT', weight: 7, titles: ['Developer', 'Support Technician', 'Network Engineer', 'IT Architect'], pay: [36_000, 70_000] },
  { name: 'HR', weight: 4, titles: ['HR Partner', 'Recruiter', 'HR Coordinator'], pay: [34_000, 55_000] },
  { name: 'Marketing', weight: 5, titles: ['Content Designer', 'Marketing Lead', 'Event Coordinator'], pay: [33_000, 58_000] },
  { name: 'Facilities', weight: 7, titles: ['Cleaner', 'Caretaker', 'Facility Manager'], pay: [25_000, 40_000] },
  { name: 'Operations', weight: 12, titles: ['Planner', 'Operations Manager', 'Quality Engineer'], pay: [33_000, 60_000] },
] as const;
/** Departments whose floor staff may clock in at the Timeclock only (R11). */
const TIMECLOCK_DEPARTMENTS = new Set(['Production', 'Logistics', 'Facilities']);
const PRIVATE_DOMAINS = ['gmail.com', 'hotmail.com', 'outlook.com', 'icloud.com', 'yahoo.se'] as const;

/** The mix, as shares of everyone generated (docs/rules.md names each case; the numbers are this rehearsal's). */
export const MIX = {
  timeclockOnly: 0.08,
  noEmail: 0.04,
  privateOnly: 0.1,
  plusAlias: 0.03,
  /** Of those with a company address: also a private one on their employment, with mailings activated. */
  alsoPrivate: 0.15,
  twoEmployments: 0.1,
  parentalLeave: 0.03,
  hrStaff: 0.02,
  admins: 0.002,
  /** Already have a Connect account from another product (R4: linked, never duplicated). */
  existingConnect: 0.02,
} as const;

function pick<T>(random: Random, list: readonly T[]): T {
  return list[random.int(list.length)]!;
}

function pickDepartment(random: Random): (typeof DEPARTMENTS)[number] {
  const total = DEPARTMENTS.reduce((sum, d) => sum + d.weight, 0);
  let r = random.int(total);
  for (const department of DEPARTMENTS) {
    if (r < department.weight) return department;
    r -= department.weight;
  }
  return DEPARTMENTS[0];
}

/** "Åsa Sjöberg" → "asa.sjoberg", as mail systems fold names. */
function localPart(first: string, last: string): string {
  const fold = (s: string) =>
    s
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]/g, '');
  return `${fold(first)}.${fold(last)}`;
}

function employment(random: Random, department: (typeof DEPARTMENTS)[number], extra: Partial<TemplateEmployment> = {}): TemplateEmployment {
  const [low, high] = department.pay;
  return {
    title: pick(random, department.titles),
    department: department.name,
    mailingsActivated: true,
    monthlySalary: low + random.int((high - low) / 100 + 1) * 100,
    ...extra,
  };
}

/** A tenant of `size` people (at least the demo's personas), built from `seed`. */
export function generateTenant(size: number, seed: string): WorkspaceTemplate {
  const featured = demoTenant.people.filter((p) => p.persona);
  if (!Number.isInteger(size) || size < featured.length)
    throw new RangeError(`A generated tenant needs at least ${featured.length} people, not ${size}`);
  const random = SeededRandom.derive(seed, `tenant/${size}`);
  const taken = new Set<string>(featured.flatMap((p) => [p.email, ...p.employments.map((e) => e.email)].filter((e): e is string => !!e)));
  const unique = (local: string, domain: string): string => {
    let candidate = `${local}@${domain}`;
    for (let n = 2; taken.has(candidate); n++) candidate = `${local}${n}@${domain}`;
    taken.add(candidate);
    return candidate;
  };

  const people: TemplatePerson[] = [...featured];
  for (let i = 0; people.length < size; i++) {
    const first = pick(random, FIRST_NAMES);
    const last = pick(random, SURNAMES);
    const local = localPart(first, last);
    const loginId = String(20_001 + i);
    let department = pickDepartment(random);
    const r = random.next();

    if (r < MIX.timeclockOnly) {
      // R11: badge or employee number at the Timeclock, no email, nothing to do.
      while (!TIMECLOCK_DEPARTMENTS.has(department.name)) department = pickDepartment(random);
      people.push({
        key: `p${loginId}`,
        name: `${first} ${last}`,
        loginId,
        roles: ['timeclock'],
        employments: [employment(random, department, { mailingsActivated: false })],
      });
      continue;
    }

    const roleDraw = random.next();
    const roles: TemplatePerson['roles'] =
      roleDraw < MIX.admins ? ['admin', 'employee'] : roleDraw < MIX.admins + MIX.hrStaff ? ['hr', 'employee'] : ['employee'];
    const status = random.next() < MIX.parentalLeave ? 'parental_leave' : 'active';
    const kind = r - MIX.timeclockOnly;
    let email: string | undefined;
    let employmentEmail: string | undefined;
    if (kind < MIX.noEmail) {
      // Some have no email at all; the admin helps them to one.
    } else if (kind < MIX.noEmail + MIX.privateOnly) {
      employmentEmail = unique(local, pick(random, PRIVATE_DOMAINS));
    } else if (kind < MIX.noEmail + MIX.privateOnly + MIX.plusAlias) {
      email = unique(`${local}+hrm`, DOMAIN);
    } else {
      email = unique(local, DOMAIN);
      if (random.next() < MIX.alsoPrivate) employmentEmail = unique(local, pick(random, PRIVATE_DOMAINS));
    }
    const employments = [employment(random, department, { status, ...(employmentEmail ? { email: employmentEmail } : {}) })];
    if (random.next() < MIX.twoEmployments)
      employments.push(employment(random, pickDepartment(random), { mailingsActivated: random.next() < 0.5 }));
    const person: TemplatePerson = {
      key: `p${loginId}`,
      name: `${first} ${last}`,
      loginId,
      roles,
      ...(email ? { email } : {}),
      employments,
    };
    if (email && random.next() < MIX.existingConnect) person.connectAccount = { email, apps: ['Expense'] };
    people.push(person);
  }

  return {
    id: `generated-${size}`,
    name: `Generated company (${size.toLocaleString('en-GB')} employees, preparation)`,
    tenant: {
      name: 'Generated Company',
      companyDomain: DOMAIN,
      customerNumber: '9000',
      phase: 'preparation',
      activationAt: demoTenant.startsAt + 28 * DAY,
      allowedDomains: [],
      hrmClientSecret: demoTenant.tenant.hrmClientSecret,
      rehearsalPassword: REHEARSAL_PASSWORD,
      connectAdmins: demoTenant.tenant.connectAdmins ?? [],
      connectGroups: CONNECT_GROUPS,
    },
    startsAt: demoTenant.startsAt,
    people,
  };
}

export function generatedTenant(size: number): TemplateSource {
  return {
    id: `generated-${size}`,
    name: `Generated company (${size.toLocaleString('en-GB')} employees)`,
    build: (seed) => generateTenant(size, seed),
  };
}
