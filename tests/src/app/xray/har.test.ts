// Tests the HAR export of the traffic log against an independent oracle: the HAR 1.2 JSON schemas of the har-schema
// package checked by ajv (formats included), on a real login through Connect; and what standard tools read from it —
// cookies, form bodies, pages for navigations, bodies cut by the log.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import harSchemas from 'har-schema';
import { describe, expect } from 'vitest';
import { toHar, harFileName } from '../../../../src/app/xray/har';
import type { Exchange } from '../../../../src/contracts/network';
import type { TestWorld } from '../../../support/harness';
import { it } from '../../../support/world-test';
import { annaLogsInThroughConnect, loggedSince } from '../../../support/logged-login';

function harValidator() {
  // The schemas use keywords of their own ("optional", "min"), which strict mode would refuse.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addMetaSchema(draft06);
  for (const schema of Object.values(harSchemas)) ajv.addSchema(schema);
  return ajv.getSchema('har.json#')!;
}

const context = { personas: [], version: '0.1.0', workspaceName: 'Demo company' };

async function loginExchanges(world: TestWorld): Promise<Exchange[]> {
  const { firstId } = await annaLogsInThroughConnect(world);
  return loggedSince(world, firstId);
}

describe('toHar', () => {
  it('exports a login through Connect as a log that validates against the HAR 1.2 schema', async ({ world }) => {
    const exchanges = await loginExchanges(world);
    const har = toHar(exchanges, context);
    const validate = harValidator();
    const valid = validate(JSON.parse(JSON.stringify(har)));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(har.log.entries).toHaveLength(exchanges.length);
    expect(har.log.entries.map((e) => e.request.url)).toEqual(exchanges.map((e) => e.url));
  });

  it('the schema check fails for a log that breaks HAR 1.2', async ({ world }) => {
    const har = toHar(await loginExchanges(world), context);
    const broken = JSON.parse(JSON.stringify(har)) as { log: { entries: Array<{ request: Record<string, unknown> }> } };
    delete broken.log.entries[0]!.request['httpVersion'];
    expect(harValidator()(broken)).toBe(false);
  });

  it('makes each navigation a page of its hops, with redirect targets and the cookies sent and set', async ({ world }) => {
    // Logged in after the cutover, at the HRM's new web address.
    const exchanges = await loginExchanges(world);
    const har = toHar(exchanges, context);
    const callback = har.log.entries.find((e) => e.request.url.startsWith('https://web.hrm.test/auth/callback'))!;
    const page = har.log.pages!.find((p) => p.id === callback.pageref)!;
    const hops = har.log.entries.filter((e) => e.pageref === page.id);
    expect(hops.map((e) => [e.request.url.split('?')[0], e.response.status])).toEqual([
      ['https://connect.test/connect/authorize/resume', 302],
      ['https://web.hrm.test/auth/callback', 302],
      ['https://web.hrm.test/my-profile', 200],
    ]);
    expect(page.title).toBe('https://web.hrm.test/my-profile');
    expect(callback.response.redirectURL).toBe('/my-profile');

    // The in-tab cookie headers appear as the standard ones.
    expect(callback.request.cookies.map((c) => c.name)).toContain('hrm_auth');
    expect(callback.request.headers.find((h) => h.name === 'cookie')?.value).toMatch(/hrm_auth=/);
    expect(callback.request.headers.some((h) => h.name.startsWith('x-sim-'))).toBe(false);
    const session = callback.response.cookies.find((c) => c.name === 'hrm_session')!;
    expect(session).toMatchObject({ domain: 'web.hrm.test', path: '/' });
    // The session cookie is a browser-session cookie: no expiry of its own (the server ends the session).
    expect(session.expires).toBeUndefined();
    expect(callback.response.headers.filter((h) => h.name === 'set-cookie').map((h) => h.value)).toContainEqual(
      expect.stringMatching(/^hrm_session=\w+; Path=\/$/),
    );
    // A cookie with Max-Age gets its expiry as a date: the finished login's state, cleared at once.
    const cleared = callback.response.cookies.find((c) => c.name === 'hrm_auth')!;
    expect(Date.parse(cleared.expires!)).toBeLessThanOrEqual(world.now());
    expect(callback.response.headers.filter((h) => h.name === 'set-cookie').map((h) => h.value)).toContainEqual(
      expect.stringMatching(/^hrm_auth=; Path=\/auth; Max-Age=0$/),
    );
  });

  it('gives form bodies as text and fields, JSON answers as content, times as world time', async ({ world }) => {
    const har = toHar(await loginExchanges(world), context);
    const token = har.log.entries.find((e) => e.request.url === 'https://connect.test/connect/token')!;
    expect(token.request.postData).toMatchObject({ mimeType: expect.stringMatching(/^application\/x-www-form-urlencoded/) });
    expect(token.request.postData!.params).toContainEqual({ name: 'grant_type', value: 'authorization_code' });
    expect(token.request.postData!.text).toContain('grant_type=authorization_code');
    expect(token.response.content.mimeType).toMatch(/^application\/json/);
    expect(JSON.parse(token.response.content.text!)).toHaveProperty('id_token');
    expect(token.startedDateTime).toBe(new Date(world.now()).toISOString());
    expect(token.pageref).toBeUndefined();
    expect(token.comment).toBe('Sent by hrm.test (server) (server:hrm.test).');
  });

  it('notes a body the log cut, with its whole size', async ({ world }) => {
    const body = { loginId: '10001', password: 'x'.repeat(40_000) };
    await world.browser('anna').api('https://hrm.test/api/session', { body });
    const [summary] = (await world.workspace.trafficSummaries()).slice(-1);
    const har = toHar(await world.workspace.trafficExchanges([summary!.id]), context);
    const post = har.log.entries[0]!.request.postData!;
    expect(JSON.stringify(body)).toHaveLength(40_033);
    expect(post.comment).toBe('Cut at 16,384 characters in the traffic log: the whole request body was 40,033 bytes.');
    expect(post.text).toHaveLength(16_384);
    expect(har.log.entries[0]!.request.bodySize).toBe(40_033);
    expect(harValidator()(JSON.parse(JSON.stringify(har)))).toBe(true);
  });
});

describe('harFileName', () => {
  it('names the file after the workspace and the world time', () => {
    expect(harFileName('Demo company', Date.UTC(2026, 2, 2, 8, 0, 0))).toBe('rollout-rehearsal-demo-company-2026-03-02T08-00-00.har');
  });
});
