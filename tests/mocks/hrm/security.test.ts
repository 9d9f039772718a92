import { describe, expect } from 'vitest';
import { LATE_DOMAINS_WARNING } from '../../../mocks/servers/hrm/security';
import type { SecuritySettings } from '../../../src/contracts/hrm';
import { it } from '../../support/world-test';
import { body, expectProblem, hrmDb, HRM, link, linkStatus, sendCode, signIn } from './support';

async function put(browser: Awaited<ReturnType<typeof signIn>>, allowedDomains: unknown): Promise<Response> {
  return browser.api(`${HRM}/api/security`, { method: 'PUT', body: { allowedDomains } });
}

async function current(browser: Awaited<ReturnType<typeof signIn>>): Promise<string[]> {
  return (await body<SecuritySettings>(await browser.api(`${HRM}/api/security`))).allowedDomains;
}

describe('GET/PUT /api/security (General > Security, R6)', () => {
  it('lists no domains at first and saves normalised ones', async ({ world }) => {
    const karin = await signIn(world, 'karin');
    expect(await current(karin)).toEqual([]);
    const response = await put(karin, [' Company.com ', '@company.se', 'sub.company.com.']);
    expect(response.status).toBe(200);
    expect(await body(response)).toEqual({
      allowedDomains: ['company.com', 'company.se', 'sub.company.com'],
      linkVerifiedDomainsWithoutCode: false,
      verifiedDomains: [],
      warning: LATE_DOMAINS_WARNING,
    });
    expect(await current(karin)).toEqual(['company.com', 'company.se', 'sub.company.com']);
  });

  it('refuses a malformed row at its field and saves nothing', async ({ world }) => {
    const karin = await signIn(world, 'karin');
    await put(karin, ['company.com']);
    const cases: Array<[string[], string, string]> = [
      [['company.com', 'not a domain'], 'domain_malformed', 'allowedDomains.1'],
      [['https://company.com'], 'domain_malformed', 'allowedDomains.0'],
      [['anna@company.com'], 'domain_malformed', 'allowedDomains.0'],
      [['company.com', 'example.org', 'company'], 'domain_malformed', 'allowedDomains.2'],
      [['company.com', ''], 'domain_required', 'allowedDomains.1'],
    ];
    for (const [rows, code, field] of cases) await expectProblem(await put(karin, rows), 422, code, field);
    expect(await current(karin)).toEqual(['company.com']);
  });

  it('refuses a duplicate row, naming the row it repeats', async ({ world }) => {
    const karin = await signIn(world, 'karin');
    const problem = await expectProblem(
      await put(karin, ['company.com', 'example.org', 'COMPANY.com']),
      422,
      'invalid_request',
      'allowedDomains.2',
    );
    expect(problem.message).toBe('company.com is already listed in row 1');
    expect(await current(karin)).toEqual([]);
  });

  it('refuses more than 50 domains', async ({ world }) => {
    const karin = await signIn(world, 'karin');
    const many = Array.from({ length: 51 }, (_, i) => `d${i}.example.com`);
    await expectProblem(await put(karin, many), 422, 'invalid_request', 'allowedDomains');
    expect((await put(karin, many.slice(0, 50))).status).toBe(200);
  });

  it('refuses a body without a list (400)', async ({ world }) => {
    const karin = await signIn(world, 'karin');
    await expectProblem(await put(karin, 'company.com'), 400, 'invalid_request', 'allowedDomains');
  });

  it('is for admins only', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    await expectProblem(await anna.api(`${HRM}/api/security`), 403, 'forbidden');
    await expectProblem(await put(anna, []), 403, 'forbidden');
    await expectProblem(await world.browser().api(`${HRM}/api/security`), 401, 'unauthenticated');
  });

  it('writes a security_changed audit entry with before and after', async ({ world }) => {
    const karin = await signIn(world, 'karin');
    await put(karin, ['company.com']);
    await put(karin, []);
    const db = hrmDb(world);
    const audit = await db.audit.where('type').equals('security_changed').toArray();
    db.close();
    expect(audit.map((a) => a.detail)).toEqual([
      'Karin Berg changed the domains allowed for linking from all domains to company.com',
      'Karin Berg changed the domains allowed for linking from company.com to all domains',
    ]);
  });

  it('does not affect users already linked (R6)', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    await link(anna, 'anna.svensson@gmail.com');
    const karin = await signIn(world, 'karin');
    await put(karin, ['company.com']);
    expect(await linkStatus(anna)).toMatchObject({ status: 'linked', email: 'anna.svensson@gmail.com' });
    // Clearing the list again allows every domain.
    await put(karin, []);
    const lena = await signIn(world, 'lena');
    expect((await sendCode(lena, 'lena.holm@gmail.com')).status.status).toBe('code_sent');
  });
});
