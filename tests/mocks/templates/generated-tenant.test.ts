import { describe, expect, it } from 'vitest';
import { generateTenant, MIX, REHEARSAL_PASSWORD } from '../../../mocks/templates/generated-tenant';
import { demoTenant } from '../../../mocks/templates/demo-tenant';
import { TEMPLATES } from '../../../mocks/templates';

describe('the tenant generator', () => {
  it('builds the same tenant from the same seed, and another from another seed', () => {
    expect(generateTenant(2_000, 'alpha')).toEqual(generateTenant(2_000, 'alpha'));
    expect(generateTenant(2_000, 'beta').people.slice(8, 20)).not.toEqual(generateTenant(2_000, 'alpha').people.slice(8, 20));
  });

  it('has exactly the size asked for, the demo personas first, and refuses a size without them', () => {
    const tenant = generateTenant(1_000, 's');
    expect(tenant.people).toHaveLength(1_000);
    const personas = demoTenant.people.filter((p) => p.persona).map((p) => p.key);
    expect(tenant.people.slice(0, personas.length).map((p) => p.key)).toEqual(personas);
    expect(tenant.tenant.rehearsalPassword).toBe(REHEARSAL_PASSWORD);
    expect(() => generateTenant(personas.length - 1, 's')).toThrow(RangeError);
  });

  it('gives every person a unique user ID, and every address to one person only (R7)', () => {
    const { people } = generateTenant(17_000, 'unique');
    expect(new Set(people.map((p) => p.loginId)).size).toBe(people.length);
    const owners = new Map<string, string>();
    for (const p of people)
      for (const email of new Set([p.email, ...p.employments.map((e) => e.email)].filter((e): e is string => !!e))) {
        expect(owners.get(email), email).toBeUndefined();
        owners.set(email, p.key);
      }
  });

  it('has the mix of a real employee list at 17,000 (each share within a point of its target)', () => {
    const generated = generateTenant(17_000, 'mix').people.slice(8);
    const share = (test: (p: (typeof generated)[number]) => boolean) => generated.filter(test).length / generated.length;
    const hasEmail = (p: (typeof generated)[number]) => !!p.email || p.employments.some((e) => !!e.email);
    const timeclock = share((p) => p.roles.includes('timeclock'));
    expect(timeclock).toBeCloseTo(MIX.timeclockOnly, 1);
    expect(share((p) => !p.roles.includes('timeclock') && !hasEmail(p))).toBeCloseTo(MIX.noEmail, 1);
    expect(share((p) => !p.email && hasEmail(p))).toBeCloseTo(MIX.privateOnly, 1);
    expect(share((p) => !!p.email?.includes('+hrm@'))).toBeCloseTo(MIX.plusAlias, 1);
    expect(share((p) => p.employments.length > 1)).toBeCloseTo(MIX.twoEmployments * (1 - MIX.timeclockOnly), 1);
    expect(share((p) => p.employments[0]!.status === 'parental_leave')).toBeGreaterThan(0.01);
    expect(share((p) => p.roles.includes('hr'))).toBeGreaterThan(0.01);
    expect(share((p) => !!p.connectAccount)).toBeGreaterThan(0.005);
    // Timeclock-only workers have no email and work where clocking in is the job.
    for (const p of generated.filter((q) => q.roles.includes('timeclock'))) {
      expect(hasEmail(p)).toBe(false);
      expect(['Production', 'Logistics', 'Facilities']).toContain(p.employments[0]!.department);
    }
  });

  it('is offered as templates of 17,000 and 100,000 employees', () => {
    expect(TEMPLATES.map((t) => t.id)).toEqual(expect.arrayContaining(['generated-17000', 'generated-100000']));
    expect(TEMPLATES.find((t) => t.id === 'generated-17000')!.build('x').people).toHaveLength(17_000);
  });
});
