import { HttpHandler } from 'msw';
import { describe, expect, it } from 'vitest';
import { endpointsOf, matchEndpoint, routeOf } from '../../../src/contracts/endpoint';
import { MAIL_API } from '../../../src/contracts/mail';
import { ORIGINS } from '../../../src/contracts/origins';
import { mailHandlers } from '../../../mocks/servers/mail/handlers';
import type { MailEnv } from '../../../mocks/servers/mail/messages';

describe("the mail server's endpoint table", () => {
  it('is what the server answers under /api: every endpoint has its handler, and every API handler is an endpoint', () => {
    // Building the list reads nothing of the server's state: the env is only used when a request comes.
    const routes = mailHandlers({} as MailEnv)
      .filter((handler): handler is HttpHandler => handler instanceof HttpHandler)
      // http.all matches any method with a pattern: ALL.
      .map((handler) => `${typeof handler.info.method === 'string' ? handler.info.method : 'ALL'} ${String(handler.info.path)}`)
      .filter((route) => !route.endsWith('*'));
    const endpoints = endpointsOf(MAIL_API).map((endpoint) => `${endpoint.method} ${routeOf(endpoint)}`);
    for (const endpoint of endpoints) expect(routes).toContain(endpoint);
    expect(routes.filter((route) => route.includes(`${ORIGINS.mail}/api/`) && !endpoints.includes(route))).toEqual([]);
  });

  it('names a request by method and path, with its decoded parameters', () => {
    const endpoints = endpointsOf(MAIL_API);
    const found = matchEndpoint(endpoints, 'GET', `${ORIGINS.mail}/api/mailboxes/anna%40company.com/messages`);
    expect(found).toEqual({ endpoint: MAIL_API.listMailbox, params: { mailbox: 'anna@company.com' } });
    expect(matchEndpoint(endpoints, 'POST', `${ORIGINS.mail}/api/messages/batch`)?.endpoint.name).toBe('sendBatch');
    expect(matchEndpoint(endpoints, 'GET', `${ORIGINS.mail}/api/messages/msg_1/source`)?.endpoint.name).toBe('messageSource');
    expect(matchEndpoint(endpoints, 'POST', `${ORIGINS.mail}/api/session`)?.endpoint.name).toBe('signIn');
    expect(matchEndpoint(endpoints, 'DELETE', `${ORIGINS.mail}/api/session`)?.endpoint.name).toBe('signOut');
  });
});
