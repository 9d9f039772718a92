import Papa from 'papaparse';
import { describe, expect } from 'vitest';
import type { ImportPreview, UserDetail } from '../../../src/contracts/hrm';
import type { TestBrowser, TestWorld } from '../../support/harness';
import { it } from '../../support/world-test';
import { body, expectProblem, HRM, link, signIn, userId } from './support';

let karin: TestBrowser;
it.beforeEach(async ({ world }) => {
  karin = await signIn(world, 'karin');
});

function post(world: TestWorld, csv: string, fileName = 'users.csv'): Promise<Response> {
  return world.workspace.network.fetch(
    new Request(`${HRM}/api/imports?fileName=${encodeURIComponent(fileName)}&limit=100`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: csv,
    }),
    { initiator: 'browser:karin', jar: karin.jar },
  );
}

async function preview(world: TestWorld, csv: string): Promise<ImportPreview> {
  const response = await post(world, csv);
  expect(response.status, await response.clone().text()).toBe(201);
  return body<ImportPreview>(response);
}

const apply = (id: string) => karin.api(`${HRM}/api/imports/${id}/apply`, { method: 'POST' });
const connectEmail = async (world: TestWorld, key: string) =>
  (await body<UserDetail>(await karin.api(`${HRM}/api/users/${await userId(world, key)}`))).connectEmail;

async function exported(
  query = '',
): Promise<{ header: string[]; rows: string[][]; type: string | null; disposition: string | null; bytes: Uint8Array }> {
  const response = await karin.api(`${HRM}/api/users/export${query}`);
  expect(response.status).toBe(200);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const [header, ...rows] = Papa.parse<string[]>(new TextDecoder().decode(bytes), { skipEmptyLines: true }).data;
  return {
    header: header!,
    rows,
    type: response.headers.get('content-type'),
    disposition: response.headers.get('content-disposition'),
    bytes,
  };
}

describe('export (Employees/users template with its "Connect email" field)', () => {
  it('writes a CSV row per user with the chosen fields, UTF-8 with a BOM', async () => {
    const csv = await exported('?fields=loginId,name,connectEmail,state');
    expect(csv.type).toBe('text/csv; charset=utf-8');
    expect(csv.disposition).toBe('attachment; filename="users.csv"');
    // A UTF-8 byte order mark, so spreadsheets read å, ä and ö right.
    expect([...csv.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.header).toEqual(['User ID', 'Name', 'Connect email', 'Link status']);
    expect(csv.rows).toHaveLength(30);
    expect(csv.rows).toContainEqual(['10008', 'Oskar Lund', '', 'Not started']);
    expect(csv.rows.find((r) => r[1] === 'Gustav Engström')).toBeDefined();
  });

  it('exports the users a filter matches: the list of those locked out if activation happened now', async ({ world }) => {
    await link(await signIn(world, 'anna'), 'anna.svensson@company.com');
    const csv = await exported('?fields=loginId,name,email&status=not_linked');
    expect(csv.disposition).toBe('attachment; filename="users-not-linked.csv"');
    expect(csv.rows).toHaveLength(26);
    expect(csv.rows.map((r) => r[1])).not.toContain('Anna Svensson');
    expect(csv.rows.map((r) => r[1])).not.toContain('Pekka Virtanen');
  });

  it('refuses a field the template does not have, and defuses cells a spreadsheet would run as a formula', async ({ world }) => {
    await expectProblem(await karin.api(`${HRM}/api/users/export?fields=loginId,salary`), 400, 'invalid_request', 'fields');
    // "=" and "-" are allowed before the @ of an email address, and start a formula in a spreadsheet.
    const put = await karin.api(`${HRM}/api/users/${await userId(world, 'lena')}/connect-email`, {
      method: 'PUT',
      body: { email: '=1+2@company.com' },
    });
    expect(put.status).toBe(200);
    expect((await exported('?fields=name,connectEmail&q=lena')).rows).toEqual([['Lena Holm', "'=1+2@company.com"]]);
  });
});

describe('import (R9: an invalid email leaves the field unchanged; only users not yet linked)', () => {
  it('previews each row with its outcome and reason, then applies only the good ones', async ({ world }) => {
    await link(await signIn(world, 'anna'), 'anna.svensson@company.com');
    const csv = [
      'User ID;Name;Connect email',
      '10003;Johan Ek;johan.ek@company.se', // good
      '10101;Maja Andersson;Maja.Andersson@Example.org', // good, normalised
      '10007;Lena Holm;lena.holm(at)gmail.com', // invalid email
      '99999;Nobody;nobody@company.com', // unknown user
      '10001;Anna Svensson;anna@company.se', // already linked
      '10102;Lars Karlsson;shared@company.com', // the same email twice in the file
      '10103;Elin Persson;shared@company.com',
      '10104;Nils Olsson;nils.one@company.com', // the same user twice
      '10104;Nils Olsson;nils.two@company.com',
      '10105;Ida Gustafsson;anna.svensson@company.com', // linked to Anna
      '10106;Anders Pettersson;', // empty: left as it is
      ';Someone;someone@company.com', // no user
    ].join('\r\n');
    const result = await preview(world, csv);
    expect(result).toMatchObject({
      status: 'preview',
      fileName: 'users.csv',
      columns: { user: 'User ID', connectEmail: 'Connect email' },
      ignoredColumns: ['Name'],
    });
    expect(result.counts).toEqual({ update: 2, unchanged: 1, rejected: 9, total: 12 });
    expect(result.rows.map((r) => [r.line, r.outcome, r.reason])).toEqual([
      [2, 'update', null],
      [3, 'update', null],
      [4, 'rejected', 'invalid_email'],
      [5, 'rejected', 'unknown_user'],
      [6, 'rejected', 'already_linked'],
      [7, 'rejected', 'duplicate_in_file'],
      [8, 'rejected', 'duplicate_in_file'],
      [9, 'rejected', 'user_twice_in_file'],
      [10, 'rejected', 'user_twice_in_file'],
      [11, 'rejected', 'email_in_use'],
      [12, 'unchanged', null],
      [13, 'rejected', 'missing_user'],
    ]);
    expect(result.rows[2]!.message).toContain('the field is not updated');
    expect(result.rows[1]).toMatchObject({ userRef: '10101', name: 'Maja Andersson', before: null, after: 'maja.andersson@example.org' });
    // Nothing changed yet.
    expect(await connectEmail(world, 'johan')).toBeNull();

    const applied = await apply(result.id);
    expect(applied.status, await applied.clone().text()).toBe(200);
    expect(await body<ImportPreview>(applied)).toMatchObject({ status: 'applied', appliedAt: world.now() });
    expect(await connectEmail(world, 'johan')).toBe('johan.ek@company.se');
    expect(await connectEmail(world, 'lena')).toBeNull();
    expect(await connectEmail(world, 'anna')).toBe('anna.svensson@company.com');
    await expectProblem(await apply(result.id), 409, 'import_applied');
    // The rejected rows' page, by outcome.
    const rejected = await body<ImportPreview>(await karin.api(`${HRM}/api/imports/${result.id}?outcome=rejected&limit=3`));
    expect(rejected).toMatchObject({ total: 9, limit: 3 });
    expect(rejected.rows).toHaveLength(3);
  });

  it('applies nothing when anything moved since the preview, and says which lines', async ({ world }) => {
    const result = await preview(world, 'User ID,Connect email\n10003,johan.ek@company.se\n10007,lena.holm@gmail.com\n');
    // Lena links herself before the admin applies.
    await link(await signIn(world, 'lena'), 'lena.holm@gmail.com');
    const problem = await expectProblem(await apply(result.id), 409, 'import_stale');
    expect(problem.message).toContain('line 3');
    expect(await connectEmail(world, 'johan')).toBeNull();
  });

  it('a swap of two entered emails within one file is allowed', async ({ world }) => {
    const put = async (key: string, email: string) =>
      expect(
        (await karin.api(`${HRM}/api/users/${await userId(world, key)}/connect-email`, { method: 'PUT', body: { email } })).status,
      ).toBe(200);
    await put('johan', 'one@company.com');
    await put('lena', 'two@company.com');
    const result = await preview(world, 'User ID,Connect email\n10003,two@company.com\n10007,one@company.com\n');
    expect(result.counts).toMatchObject({ update: 2, rejected: 0 });
    expect((await apply(result.id)).status).toBe(200);
    expect([await connectEmail(world, 'johan'), await connectEmail(world, 'lena')]).toEqual(['two@company.com', 'one@company.com']);
  });

  it('matches by employee number when the file has no user ID column, and reads tab-separated files', async ({ world }) => {
    const result = await preview(world, 'Employee number\tConnect email\n10003\tjohan.ek@company.se\n');
    expect(result.counts).toMatchObject({ update: 1 });
    expect(result.columns.user).toBe('Employee number');
  });

  it('rejects a domain outside the allowed ones', async ({ world }) => {
    await karin.api(`${HRM}/api/security`, { method: 'PUT', body: { allowedDomains: ['company.com'] } });
    const result = await preview(world, 'User ID,Connect email\n10003,johan.ek@gmail.com\n');
    expect(result.rows[0]).toMatchObject({ outcome: 'rejected', reason: 'domain_not_allowed' });
  });

  it('refuses files it cannot read, with what is wrong', async ({ world }) => {
    await expectProblem(await post(world, ''), 422, 'import_empty', 'file');
    await expectProblem(await post(world, 'User ID,Connect email\n'), 422, 'import_empty', 'file');
    const noEmail = await expectProblem(await post(world, 'User ID,Email\n10003,a@b.se\n'), 422, 'import_unreadable', 'file');
    expect(noEmail.message).toContain('no “Connect email” column');
    await expectProblem(await post(world, 'Name,Connect email\nJohan,a@b.se\n'), 422, 'import_unreadable', 'file');
    await expectProblem(await post(world, 'User ID,Connect email\n10003,"unterminated\n'), 422, 'import_unreadable', 'file');
    await expectProblem(await (await signIn(world, 'anna')).api(`${HRM}/api/imports`, { body: {} }), 403, 'forbidden');
  });
});
