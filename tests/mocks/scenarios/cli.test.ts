// The headless runner's command line, as `npm run scenario -- …` runs it: every step printed with pass or fail, the
// state hash, and an exit code that fails the shell when anything failed.
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { SCENARIO_FORMAT } from '../../../src/contracts/scenario';

function scenarioCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', 'scenario', '--', ...args],
      { env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

async function file(content: unknown): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'scenario-')), 'scenario.json');
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('npm run scenario', () => {
  test('runs a built-in scenario by name: each step with its mark and note, the hash, the closing count', async () => {
    const { code, stdout } = await scenarioCli('timeclock-only');
    expect(code).toBe(0);
    expect(stdout).toContain('A Timeclock-only worker needs no email and no action (timeclock-only)');
    expect(stdout).toMatch(/ ✓ {2}2\. karin sendVerificationEmail — failed as expected with timeclock_only_user: /);
    expect(stdout).toContain('       The Users view will not send him a verification email: he needs none.');
    expect(stdout).toMatch(/state hash [0-9a-f]{64}\n/);
    expect(stdout.trim().split('\n').at(-1)).toBe('6 passed, 0 failed');
  }, 90_000);

  test('runs a file, and exits 1 when a step fails', async () => {
    const path = await file({
      format: SCENARIO_FORMAT,
      version: 1,
      id: 'failing',
      title: 'A failing scenario',
      workspace: { template: 'demo', seed: 'cli' },
      steps: [
        { persona: 'anna', action: 'hrmLogin' },
        { expect: 'linkStatus', persona: 'anna', status: 'linked' },
      ],
    });
    const { code, stdout } = await scenarioCli(path);
    expect(code).toBe(1);
    expect(stdout).toMatch(/ ✗ {2}1\. anna expect linkStatus — status: expected "linked", saw "unlinked"/);
    expect(stdout).toContain('FAIL: 1 passed, 1 failed, 0 skipped');
    expect(stdout.trim().split('\n').at(-1)).toBe('1 passed, 1 failed');
  }, 90_000);

  test('names the bad field of an invalid file, and an unknown name; without arguments lists the catalogue', async () => {
    const path = await file({
      format: SCENARIO_FORMAT,
      version: 1,
      id: 'bad',
      title: 'Bad',
      workspace: { template: 'demo', seed: 'x' },
      steps: [{ persona: 'anna', action: 'sendCod' }],
    });
    const invalid = await scenarioCli(path, 'no-such-scenario');
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain(`${path}: steps[0].action: unknown action "sendCod" (did you mean "sendCode"?)`);
    expect(invalid.stderr).toContain('no-such-scenario: no such file, and no built-in scenario of that name');
    const usage = await scenarioCli();
    expect(usage.code).toBe(2);
    expect(usage.stdout).toMatch(/happy-path +The happy path/);
  }, 90_000);
});
