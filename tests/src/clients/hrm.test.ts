import { describe, expect, it } from 'vitest';
import { exportUsers, getUser, listJobs, listUsers, login, previewImport } from '../../../src/clients/hrm';
import { jsonAnswer as json, recordingClient as recording } from '../../support/recording-client';

describe('the HRM client', () => {
  it('sends the old login to /api/session with the page to come back to, only when there is one', async () => {
    const { ctx, sent } = recording(json({ redirectTo: '/users' }));
    await login(ctx, '10001', 'secret', '/users?status=linked');
    await login(ctx, '10001', 'secret', null);
    expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST https://hrm.test/api/session?return_to=%2Fusers%3Fstatus%3Dlinked',
      'POST https://hrm.test/api/session',
    ]);
    expect(await sent[0]!.json()).toEqual({ loginId: '10001', password: 'secret' });
  });

  it('puts a user id in the path as one escaped segment', async () => {
    const { ctx, sent } = recording(json({}));
    await getUser(ctx, 'usr/1?x');
    expect(sent[0]!.url).toBe('https://hrm.test/api/users/usr%2F1%3Fx');
  });

  it('leaves the empty parts of a user query out, and sends the rest', async () => {
    const { ctx, sent } = recording(json({ rows: [] }));
    await listUsers(ctx, { q: '', status: 'not_linked', department: undefined, offset: 0, limit: 50 });
    await listJobs(ctx);
    expect(sent.map((r) => r.url)).toEqual([
      'https://hrm.test/api/users?status=not_linked&offset=0&limit=50',
      'https://hrm.test/api/jobs?limit=10',
    ]);
  });

  it('uploads an import as CSV text and downloads an export as a CSV file', async () => {
    const upload = recording(json({ id: 'imp_1' }, 201));
    const preview = await previewImport(upload.ctx, 'connect emails.csv', 'User ID,Connect email\r\n10001,anna@company.com\r\n');
    expect(upload.sent[0]!.url).toBe('https://hrm.test/api/imports?fileName=connect+emails.csv');
    expect(upload.sent[0]!.headers.get('content-type')).toBe('text/csv');
    expect(await upload.sent[0]!.text()).toBe('User ID,Connect email\r\n10001,anna@company.com\r\n');
    expect(preview.ok && preview.value.id).toBe('imp_1');

    const download = recording(
      () =>
        new Response('User ID\r\n10001\r\n', {
          headers: { 'content-type': 'text/csv', 'content-disposition': 'attachment; filename="users-not-linked.csv"' },
        }),
    );
    const file = await exportUsers(download.ctx, ['loginId'], { status: 'not_linked' });
    expect(download.sent[0]!.url).toBe('https://hrm.test/api/users/export?status=not_linked&fields=loginId');
    expect(file.ok && file.value).toEqual({ text: 'User ID\r\n10001\r\n', fileName: 'users-not-linked.csv' });
  });

  it('answers with the problems its endpoint lists', async () => {
    const { ctx } = recording(json({ status: 404, title: 'Not found', code: 'not_found', message: 'There is no user usr_9' }, 404));
    const result = await getUser(ctx, 'usr_9');
    expect(result.ok || result.problem.code).toBe('not_found');
    // The compiler holds callers to the table: getUser never answers a code of the import.
    // @ts-expect-error import_stale is not among getUser's problems
    void (result.ok || result.problem.code === 'import_stale');
  });
});
