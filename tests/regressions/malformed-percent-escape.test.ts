// A path with a malformed percent-escape (`%ZZ`, a lone `%`) is the client's mistake on every host: 400 with a problem
// naming it, never a 500 from a server that tried to decode it.
import { describe, expect } from 'vitest';
import { it } from '../support/world-test';
import { ORIGINS } from '../../src/contracts/origins';
import { PROBLEM_CONTENT_TYPE, type ProblemBody } from '../../src/contracts/wire';

describe('a malformed percent-escape in the path', () => {
  it.for<[string, string]>([
    ['GET', `${ORIGINS.connect}/nope/%ZZ`],
    ['DELETE', `${ORIGINS.connect}/api/passkeys/%ZZ`],
    ['GET', `${ORIGINS.hrm}/api/users/%E0%A4%A`],
    ['GET', `${ORIGINS.mail}/api/mailboxes/%/messages`],
    ['POST', `${ORIGINS.dns}/api/zones/%C0%AF/records`],
    ['GET', `${ORIGINS.expense}/%FF`],
  ])('%s %s answers 400 invalid_request', async ([method, url], { world }) => {
    const response = await world.workspace.network.fetch(new Request(url, { method }), { initiator: 'test' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain(PROBLEM_CONTENT_TYPE);
    const problem = (await response.json()) as ProblemBody;
    expect(problem.code).toBe('invalid_request');
    expect(problem.message).toMatch(/percent-escape/);
  });
});
