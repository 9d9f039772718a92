// Owns the DNS provider API tests' shared steps: signing in to the console as the IT administrator, adding records,
// and asking the public resolver what the internet sees now.
import { expect } from 'vitest';
import type { DnsRecord, RecordInput, ResolveAnswer } from '../../../src/contracts/dns';
import { ORIGINS } from '../../../src/contracts/origins';
import type { TestBrowser, TestWorld } from '../../support/harness';
import { body, expectProblem } from '../../support/api';

export { body, expectProblem };

export const DNS = ORIGINS.dns;
export const ZONE = 'company.com';
export const NILS = { email: 'nils.olsson@company.com', password: 'dns-nils-1' };

/** A browser signed in to the DNS console as Nils, who owns company.com. */
export async function signInToDns(world: TestWorld, name = 'nils'): Promise<TestBrowser> {
  const browser = world.browser(name);
  const response = await browser.api(`${DNS}/api/session`, { body: NILS });
  expect(response.status).toBe(200);
  return browser;
}

export function records(zone = ZONE): string {
  return `${DNS}/api/zones/${zone}/records`;
}

export async function addRecord(browser: TestBrowser, input: RecordInput, zone = ZONE): Promise<DnsRecord> {
  const response = await browser.api(records(zone), { body: input });
  expect(response.status, await response.clone().text()).toBe(201);
  return body<DnsRecord>(response);
}

/** What a resolver answers now (the public resolver needs no sign-in). */
export async function resolve(world: TestWorld, name: string, type = 'TXT'): Promise<ResolveAnswer> {
  const response = await world.workspace.network.fetch(new Request(`${DNS}/resolve?name=${encodeURIComponent(name)}&type=${type}`), {
    initiator: 'server:test',
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/dns-json');
  return (await response.json()) as ResolveAnswer;
}

/** The data of each answer record, e.g. ['"v=spf1 …"']. */
export async function answers(world: TestWorld, name: string, type = 'TXT'): Promise<string[]> {
  return ((await resolve(world, name, type)).Answer ?? []).map((a) => a.data);
}
