// Each server folder's README lists its endpoint table (src/contracts/endpoint.ts), one row per endpoint:
// `| Method | `path` | What it does | Errors |`. This keeps the README true: an endpoint added to, removed from or moved in
// the table, or an error code it gains or loses, fails here until the README says so too.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONNECT_API } from '../../src/contracts/connect-api';
import { DNS_API } from '../../src/contracts/dns';
import { endpointsOf, type Endpoint } from '../../src/contracts/endpoint';
import { EXPENSE_API } from '../../src/contracts/expense';
import { HRM_API } from '../../src/contracts/hrm';
import { HRM_API_SHIFTS, HRM_OLD_ADDRESS_SHIFTS, HRM_SHIFTS_API, HRM_WEB_SHIFTS } from '../../src/contracts/hrm-shifts';
import { HRM_INTEGRATIONS_API, HRM_PUBLIC_API } from '../../src/contracts/hrm-integrations';
import { TIMECLOCK_API, TIMECLOCK_OLD_API } from '../../src/contracts/timeclock';
import { INTEGRATIONS_API } from '../../src/contracts/integrations';
import { IDP_API } from '../../src/contracts/idp';
import { IDP_CONSOLE_API } from '../../src/contracts/idp-console';
import { MAIL_API } from '../../src/contracts/mail';

const ROOT = resolve(import.meta.dirname, '../..');

/** Every server folder with an endpoint table, and its table. */
const SERVERS: ReadonlyArray<{ folder: string; table: Record<string, Endpoint> }> = [
  {
    folder: 'mocks/servers/hrm',
    table: {
      ...HRM_API,
      ...TIMECLOCK_OLD_API,
      ...TIMECLOCK_API,
      ...HRM_SHIFTS_API,
      ...HRM_OLD_ADDRESS_SHIFTS,
      ...HRM_WEB_SHIFTS,
      ...HRM_API_SHIFTS,
      ...HRM_INTEGRATIONS_API,
      ...HRM_PUBLIC_API,
    },
  },
  { folder: 'mocks/servers/expense', table: EXPENSE_API },
  { folder: 'mocks/servers/dns', table: DNS_API },
  { folder: 'mocks/servers/integrations', table: INTEGRATIONS_API },
  { folder: 'mocks/servers/connect', table: CONNECT_API },
  { folder: 'mocks/servers/mail', table: MAIL_API },
  { folder: 'mocks/servers/entra', table: { ...IDP_API.entra, ...IDP_CONSOLE_API.entra } },
  { folder: 'mocks/servers/google', table: { ...IDP_API.google, ...IDP_CONSOLE_API.google } },
  { folder: 'mocks/servers/okta', table: { ...IDP_API.okta, ...IDP_CONSOLE_API.okta } },
  { folder: 'mocks/servers/ping', table: { ...IDP_API.ping, ...IDP_CONSOLE_API.ping } },
];

interface ListedEndpoint {
  /** "POST /api/session", as the row names it. */
  route: string;
  errors: string[];
}

const ROW = /^\|\s*(GET|POST|PUT|DELETE|PATCH)\s*\|\s*`([^`]+)`\s*\|(.*)\|([^|]*)\|\s*$/;

/** The endpoint rows of a README's tables, in the order written; other lines (prose, pages, headers) are not rows. */
function listedEndpoints(markdown: string): ListedEndpoint[] {
  const rows: ListedEndpoint[] = [];
  for (const line of markdown.split('\n')) {
    const row = ROW.exec(line.trim());
    if (!row) continue;
    const errors = [...row[4]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    rows.push({ route: `${row[1]} ${row[2]}`, errors });
  }
  return rows;
}

const routeOf = (endpoint: Endpoint) => `${endpoint.method} ${endpoint.path}`;

describe('listedEndpoints', () => {
  it('reads the method, the path and the error codes of each row, and nothing else', () => {
    const readme = [
      '# x.test',
      '',
      'Pages: `/login`, `/zones/:zone`.',
      '',
      '| Method | Path | What it does | Errors |',
      '|---|---|---|---|',
      '| POST | `/api/session` | Signs in; answers {redirectTo}. | `invalid_request`, `invalid_credentials` |',
      '| DELETE | `/api/users/:id` | Deletes a user. | — |',
      '| GET | /api/unquoted | A path must be in backticks. | — |',
    ].join('\n');
    expect(listedEndpoints(readme)).toEqual([
      { route: 'POST /api/session', errors: ['invalid_request', 'invalid_credentials'] },
      { route: 'DELETE /api/users/:id', errors: [] },
    ]);
  });
});

for (const { folder, table } of SERVERS)
  describe(`${folder}/README.md`, () => {
    const listed = listedEndpoints(readFileSync(resolve(ROOT, folder, 'README.md'), 'utf8'));
    const endpoints = endpointsOf(table);

    it('lists exactly the endpoints of its table, by method and path, each once', () => {
      expect(listed.map((row) => row.route).sort()).toEqual(endpoints.map(routeOf).sort());
    });

    it('gives each endpoint the error codes its table lists', () => {
      const listedErrors = new Map(listed.map((row) => [row.route, [...row.errors].sort()]));
      for (const endpoint of endpoints) expect(listedErrors.get(routeOf(endpoint)), routeOf(endpoint)).toEqual([...endpoint.errors].sort());
    });
  });
