import { describe, expect, it } from 'vitest';
import { CONNECT_API } from '../../../src/contracts/connect-api';
import { DNS_API } from '../../../src/contracts/dns';
import {
  endpointsOf,
  endpointTable,
  FORM_CONTENT_TYPE,
  matchEndpoint,
  pathOf,
  routeOf,
  shape,
  urlOf,
  type TextFile,
} from '../../../src/contracts/endpoint';
import { call } from '../../../src/clients/http';
import { answersInTurn, jsonAnswer, recordingClient } from '../../support/recording-client';

describe('endpoint tables', () => {
  it('fill path parameters as single escaped segments, keeping emails readable', () => {
    expect(pathOf(DNS_API.updateRecord, { zone: 'company.com', id: 'a/b?c' })).toBe('/api/zones/company.com/records/a%2Fb%3Fc');
    const users = endpointTable('https://hrm.test', { user: { method: 'GET', path: '/api/users/:email', summary: 'A user.' } });
    expect(pathOf(users.user, { email: 'oskar+hrm@company.com' })).toBe('/api/users/oskar+hrm@company.com');
  });

  it('build the URL with only the query parameters that have a value', () => {
    expect(urlOf(DNS_API.login, {}, { return_to: '/zones/a b', empty: '', none: null })).toBe(
      'https://dns.test/api/session?return_to=%2Fzones%2Fa+b',
    );
  });

  it('give MSW the origin and the path template', () => {
    expect(routeOf(DNS_API.deleteRecord)).toBe('https://dns.test/api/zones/:zone/records/:id');
  });

  it('name the endpoint a request is, with its decoded parameters, by method and path', () => {
    const endpoints = endpointsOf(DNS_API);
    const found = matchEndpoint(endpoints, 'put', 'https://dns.test/api/zones/company.com/records/r%2F1?x=1');
    expect(found?.endpoint.name).toBe('updateRecord');
    expect(found?.params).toEqual({ zone: 'company.com', id: 'r/1' });
    expect(matchEndpoint(endpoints, 'POST', 'https://dns.test/api/zones/company.com/records')?.endpoint.name).toBe('addRecord');
    expect(matchEndpoint(endpoints, 'PATCH', 'https://dns.test/api/zones/company.com/records')).toBeNull();
    expect(matchEndpoint(endpoints, 'POST', 'https://hrm.test/api/zones/company.com/records')).toBeNull();
    expect(matchEndpoint(endpoints, 'GET', 'https://dns.test/api/zones/company.com/records/extra/segment')).toBeNull();
  });

  it('refuse to build a path with a parameter missing', () => {
    expect(() => pathOf(DNS_API.updateRecord, { zone: 'company.com' } as never)).toThrow(/updateRecord needs :id/);
  });

  it('send the call the table describes and type what comes back', async () => {
    const { ctx, sent } = recordingClient(jsonAnswer({ id: 'r1', host: '_connect', type: 'TXT', value: 'v', ttl: 300 }, 201));
    const result = await call(ctx, DNS_API.addRecord, {
      params: { zone: 'company.com' },
      body: { host: '_connect', type: 'TXT', value: 'v' },
    });
    expect(sent[0]?.method).toBe('POST');
    expect(sent[0]?.url).toBe('https://dns.test/api/zones/company.com/records');
    expect(await sent[0]?.json()).toEqual({ host: '_connect', type: 'TXT', value: 'v' });
    expect(result.ok && result.value.host).toBe('_connect');
    // The compiler holds clients to the table: a body of the wrong shape, or a missing path parameter, does not build.
    // @ts-expect-error the record's type must be TXT or CNAME
    void (() => call(ctx, DNS_API.addRecord, { params: { zone: 'company.com' }, body: { host: 'x', type: 'MX', value: 'v' } }));
    // @ts-expect-error :zone is required
    void (() => call(ctx, DNS_API.addRecord, { body: { host: 'x', type: 'TXT', value: 'v' } }));
    void shape;
  });

  it('read an answer declared with a responseType as text, with the file name the server suggests', async () => {
    const files = endpointTable('https://hrm.test', {
      exportUsers: {
        method: 'GET',
        path: '/api/users/export',
        summary: 'A CSV file.',
        response: shape<TextFile>(),
        responseType: 'text/csv',
        errors: ['forbidden'],
      },
    });
    const answers = [
      new Response('User ID,Name\r\n10001,Anna\r\n', {
        headers: { 'content-type': 'text/csv', 'content-disposition': 'attachment; filename="users.csv"' },
      }),
      new Response(JSON.stringify({ status: 403, title: 'Forbidden', code: 'forbidden', message: 'Admins only' }), {
        status: 403,
        headers: { 'content-type': 'application/problem+json' },
      }),
    ];
    const { ctx, sent } = recordingClient(answersInTurn(...answers));
    const file = await call(ctx, files.exportUsers, { query: { fields: 'loginId,name' } });
    expect(sent[0]?.method).toBe('GET');
    expect(sent[0]?.url).toBe('https://hrm.test/api/users/export?fields=loginId%2Cname');
    expect(sent[0]?.headers.get('accept')).toMatch(/^text\/csv,/);
    expect(file).toEqual({ ok: true, status: 200, value: { text: 'User ID,Name\r\n10001,Anna\r\n', fileName: 'users.csv' } });
    const refused = await call(ctx, files.exportUsers);
    expect(refused.ok || refused.problem.code).toBe('forbidden');
  });

  it('send a body declared with a requestType as that text, and read the JSON answer', async () => {
    const imports = endpointTable('https://hrm.test', {
      preview: {
        method: 'POST',
        path: '/api/imports',
        summary: 'A preview.',
        request: shape<string>(),
        requestType: 'text/csv',
        response: shape<{ id: string }>(),
      },
    });
    const { ctx, sent } = recordingClient(
      answersInTurn(new Response(JSON.stringify({ id: 'imp_1' }), { status: 201, headers: { 'content-type': 'application/json' } })),
    );
    const result = await call(ctx, imports.preview, { query: { fileName: 'users.csv' }, body: 'User ID,Connect email\r\n' });
    expect(sent[0]?.url).toBe('https://hrm.test/api/imports?fileName=users.csv');
    expect(sent[0]?.headers.get('content-type')).toBe('text/csv');
    expect(await sent[0]?.text()).toBe('User ID,Connect email\r\n');
    expect(result).toEqual({ ok: true, status: 201, value: { id: 'imp_1' } });
  });

  it('send a form body as its fields, encoded, for an endpoint that reads a form (an OAuth token request)', async () => {
    const { ctx, sent } = recordingClient(
      answersInTurn(
        new Response(JSON.stringify({ access_token: 'a', token_type: 'Bearer' }), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        }),
      ),
    );
    const result = await call(ctx, CONNECT_API.token, {
      body: { grant_type: 'authorization_code', code: 'c 1&2', redirect_uri: 'https://hrm.test/cb', code_verifier: undefined },
    });
    expect(sent[0]?.method).toBe('POST');
    expect(sent[0]?.headers.get('content-type')).toBe(FORM_CONTENT_TYPE);
    expect(await sent[0]?.text()).toBe('grant_type=authorization_code&code=c+1%262&redirect_uri=https%3A%2F%2Fhrm.test%2Fcb');
    expect(result.ok && result.value.token_type).toBe('Bearer');
  });
});
