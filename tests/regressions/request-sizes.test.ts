// Requests larger than any person makes are refused at once with a clear problem, at the field when there is one:
// search text past 200 characters, addresses past 16,384, bodies past a server's limit; and no message ever quotes a
// hostile value back whole.
import { describe, expect } from 'vitest';
import { ORIGINS } from '../../src/contracts/origins';
import type { TestBrowser } from '../support/harness';
import { it } from '../support/world-test';
import { expectProblem, HRM, signIn } from '../mocks/hrm/support';
import { signedInAdmin } from '../mocks/connect/admin-support';

let karin: TestBrowser;
it.beforeEach(async ({ world }) => {
  karin = await signIn(world, 'karin');
});

describe('search text (q)', () => {
  it.each([`${HRM}/api/users`, `${HRM}/api/audit`])('%s refuses a q of 201 characters with 422 at q', async (url) => {
    const problem = await expectProblem(await karin.api(`${url}?q=${'a'.repeat(201)}`), 422, 'invalid_request', 'q');
    expect(problem.message).toBe('q: at most 200 characters, not 201');
  });

  it('Connect’s Users search refuses a q of 201 characters with 422 at q', async ({ world }) => {
    const admin = await signedInAdmin(world);
    const problem = await expectProblem(
      await admin.api(`${ORIGINS.connect}/api/admin/users?q=${'a'.repeat(201)}`),
      422,
      'invalid_request',
      'q',
    );
    expect(problem.message).toBe('q: at most 200 characters, not 201');
  });

  it('a q of 200 characters is a search like any other', async () => {
    expect((await karin.api(`${HRM}/api/users?q=${'a'.repeat(200)}`)).status).toBe(200);
  });

  it('a q of 5 million characters is refused before any server routes it, naming q', async () => {
    const response = await karin.api(`${HRM}/api/users?q=${'a'.repeat(5_000_000)}`);
    const problem = await expectProblem(response, 414, 'uri_too_long', 'q');
    expect(problem.message).toBe(
      'The address is 5,000,029 characters long, q alone has 5,000,000: a server here takes addresses up to 16,384 characters.',
    );
  });
});

describe('values quoted back in messages', () => {
  it('a wrong limit of 10,000 characters is quoted as its first 60 and “…”', async () => {
    const problem = await expectProblem(await karin.api(`${HRM}/api/users?limit=${'9x'.repeat(5_000)}`), 400, 'invalid_request', 'limit');
    expect(problem.message).toBe(`limit: a whole number from 1 to 500, not “${'9x'.repeat(30)}…”`);
  });

  it('an audit date past 31 Dec 9999 is refused at its field', async () => {
    const problem = await expectProblem(await karin.api(`${HRM}/api/audit?from=8640000000000001`), 400, 'invalid_request', 'from');
    expect(problem.message).toBe(
      'from: a date between 1 Jan 1970 and 31 Dec 9999, in milliseconds since 1 Jan 1970, not “8640000000000001”',
    );
  });
});

describe('request bodies', () => {
  it('a JSON body of 2 MB to Connect is refused with 413 before Connect reads it', async ({ world }) => {
    const response = await world
      .browser()
      .api(`${ORIGINS.connect}/api/session/identify`, { body: { email: `${'a'.repeat(2 * 1024 * 1024)}@company.com` } });
    const problem = await expectProblem(response, 413, 'payload_too_large');
    expect(problem.message).toBe('The request is 2 MB: connect.test takes at most 1 MB.');
  });

  it('a JSON body under the limit is read as before', async ({ world }) => {
    const response = await world.browser().api(`${ORIGINS.connect}/api/session/identify`, { body: { email: 'anna.svensson@company.com' } });
    expect(response.status).toBe(200);
  });
});
