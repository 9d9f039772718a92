// A server with an endpoint table (src/contracts/endpoint.ts) answers its API (/api/…), its sign-in through Connect
// (/auth/…) and the simulator's inspection (/_sim/…) through the table alone: a handler written by hand beside the
// table fails here, and so does an endpoint of the table that no handler answers. Read from the live workspace's
// handlers, in the order MSW tries them.
import { HttpHandler } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECT_API } from '../../src/contracts/connect-api';
import { DNS_API } from '../../src/contracts/dns';
import { endpointsOf, routeOf, type Endpoint } from '../../src/contracts/endpoint';
import { EXPENSE_API } from '../../src/contracts/expense';
import { HRM_API } from '../../src/contracts/hrm';
import { HRM_API_SHIFTS, HRM_OLD_ADDRESS_SHIFTS, HRM_SHIFTS_API, HRM_WEB_SHIFTS } from '../../src/contracts/hrm-shifts';
import { HRM_INTEGRATIONS_API, HRM_PUBLIC_API } from '../../src/contracts/hrm-integrations';
import { TIMECLOCK_API, TIMECLOCK_OLD_API } from '../../src/contracts/timeclock';
import { INTEGRATIONS_API } from '../../src/contracts/integrations';
import { IDP_API } from '../../src/contracts/idp';
import { IDP_CONSOLE_API } from '../../src/contracts/idp-console';
import { MAIL_API } from '../../src/contracts/mail';
import { createTestWorld, type TestWorld } from '../support/harness';

/** Every server with an endpoint table, and its table. */
const TABLES: ReadonlyArray<{ server: string; table: Record<string, Endpoint> }> = [
  {
    server: 'hrm',
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
  { server: 'expense', table: EXPENSE_API },
  { server: 'dns', table: DNS_API },
  { server: 'integrations', table: INTEGRATIONS_API },
  { server: 'connect', table: CONNECT_API },
  { server: 'mail', table: MAIL_API },
  { server: 'entra', table: { ...IDP_API.entra, ...IDP_CONSOLE_API.entra } },
  { server: 'google', table: { ...IDP_API.google, ...IDP_CONSOLE_API.google } },
  { server: 'okta', table: { ...IDP_API.okta, ...IDP_CONSOLE_API.okta } },
  { server: 'ping', table: { ...IDP_API.ping, ...IDP_CONSOLE_API.ping } },
];

const TABLE_PREFIXES = ['/api/', '/auth/', '/_sim/'];

let world: TestWorld;
/** "GET https://hrm.test/api/users/:id" for each handler with a method of its own (not a catch-all of every method). */
let handled: string[];

beforeAll(async () => {
  world = await createTestWorld();
  handled = world.workspace
    .handlers()
    .filter((handler): handler is HttpHandler => handler instanceof HttpHandler)
    .filter((handler) => typeof handler.info.method === 'string' && typeof handler.info.path === 'string')
    .map((handler) => `${String(handler.info.method)} ${String(handler.info.path)}`);
});

afterAll(() => world?.close());

for (const { server, table } of TABLES)
  describe(`the ${server} server`, () => {
    const endpoints = endpointsOf(table);
    const origin = endpoints[0]!.origin;
    const routes = endpoints.map((endpoint) => `${endpoint.method} ${routeOf(endpoint)}`);

    it('answers every endpoint of its table', () => {
      expect(routes.filter((route) => !handled.includes(route))).toEqual([]);
    });

    it('answers its API, sign-in and inspection paths only through its table', () => {
      const underTable = handled.filter((route) => {
        const pattern = route.slice(route.indexOf(' ') + 1);
        return (
          pattern.startsWith(origin) && TABLE_PREFIXES.some((prefix) => pattern.startsWith(`${origin}${prefix}`)) && !pattern.endsWith('/*')
        );
      });
      expect(underTable.filter((route) => !routes.includes(route))).toEqual([]);
      expect(underTable.length).toBeGreaterThan(0);
    });
  });
