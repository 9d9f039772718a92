import { describe, expect, it } from 'vitest';
import { endpointsOf, matchEndpoint } from '../../../src/contracts/endpoint';
import { MAIL_API } from '../../../src/contracts/mail';
import { ORIGINS } from '../../../src/contracts/origins';

describe("the mail server's endpoint table", () => {
  it('names a request by method and path, with its decoded parameters', () => {
    const endpoints = endpointsOf(MAIL_API);
    const found = matchEndpoint(endpoints, 'GET', `${ORIGINS.mail}/api/mailboxes/anna%40company.com/messages`);
    expect(found).toEqual({ endpoint: MAIL_API.listMailbox, params: { mailbox: 'anna@company.com' } });
    expect(matchEndpoint(endpoints, 'POST', `${ORIGINS.mail}/api/messages/batch`)?.endpoint.name).toBe('sendBatch');
    expect(matchEndpoint(endpoints, 'GET', `${ORIGINS.mail}/api/messages/msg_1/source`)?.endpoint.name).toBe('messageSource');
    expect(matchEndpoint(endpoints, 'POST', `${ORIGINS.mail}/api/session`)?.endpoint.name).toBe('signIn');
    expect(matchEndpoint(endpoints, 'DELETE', `${ORIGINS.mail}/api/session`)?.endpoint.name).toBe('signOut');
    expect(matchEndpoint(endpoints, 'GET', `${ORIGINS.mail}/_sim/messages/msg_1/source`)?.endpoint.name).toBe('inspectSource');
  });
});
