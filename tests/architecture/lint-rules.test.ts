// The house rules the linter holds (eslint.config.js), checked on small pieces of code linted as if they were files
// of the tree: each rule fires where it applies and stays quiet where the code is allowed to do the thing. What may
// import what across folders is imports.test.ts's; this file covers what ESLint sees inside one file.
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

let eslint: ESLint;
// Loading the configuration and the TypeScript and Svelte parsers takes seconds on a busy machine: once, up front.
beforeAll(async () => {
  eslint = new ESLint({ cwd: ROOT });
  await eslint.lintText('<script lang="ts"></script>\n', { filePath: resolve(ROOT, 'src/app/Warm.svelte') });
}, 60_000);

/** The rules a piece of code breaks, as "rule: line", when it stands at `path` in the tree. */
async function broken(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, path) });
  return result!.messages.map((m) => `${m.ruleId ?? 'parse'}: ${m.line}`);
}

describe('one way to write a class', () => {
  it('keeps its own members #private, a private constructor aside', async () => {
    const code = [
      'export class Probe {',
      '  private count = 0;',
      '  private constructor(private readonly name: string) {}',
      '  private step(): void {}',
      '  #fine = 1;',
      '  get fine(): number {',
      '    return this.#fine;',
      '  }',
      '}',
      '',
    ].join('\n');
    expect(await broken('mocks/servers/hrm/probe.ts', code)).toEqual([
      'no-restricted-syntax: 2',
      'no-restricted-syntax: 3',
      'no-restricted-syntax: 4',
    ]);
  });

  it('releases what it holds in destroy(), not dispose()', async () => {
    const code = 'export class Probe {\n  dispose(): void {}\n  destroy(): void {}\n}\n';
    expect(await broken('src/app/state/probe.svelte.ts', code)).toEqual(['no-restricted-syntax: 2']);
  });
});

describe('time and randomness (H4, H5)', () => {
  const code = 'export const at = Date.now();\nexport const roll = Math.random();\nexport const today = new Date();\n';

  it('are refused in machines, the domain, the servers and the UI', async () => {
    const expected = ['no-restricted-properties: 1', 'no-restricted-properties: 2', 'no-restricted-syntax: 3'];
    for (const path of ['machines/probe.ts', 'src/domain/probe.ts', 'mocks/servers/hrm/probe.ts', 'src/app/state/probe.svelte.ts'])
      expect(await broken(path, code), path).toEqual(expected);
  });

  it('are read from the real clock only in the system clock, and tests may use them', async () => {
    expect(await broken('src/platform/system-clock.ts', code)).toEqual([]);
    expect(await broken('tests/src/probe.test.ts', code)).toEqual([]);
  });

  it('still allow a date built from the world clock’s time', async () => {
    expect(await broken('mocks/servers/hrm/probe.ts', 'export const at = (now: number) => new Date(now);\n')).toEqual([]);
  });
});

describe('the page reaches servers only over the network (H2, H3)', () => {
  it('refuses fetch, Dexie and MSW in src/, components included', async () => {
    expect(await broken('src/app/probe.ts', "export const answer = fetch('https://hrm.test/api/rollout');\n")).toEqual([
      'no-restricted-globals: 1',
    ]);
    expect(await broken('src/app/probe.ts', "import Dexie from 'dexie';\nexport const db = new Dexie('hrm');\n")).toEqual([
      'no-restricted-imports: 1',
    ]);
    const component = '<script lang="ts">\n  import { http } from \'msw\';\n  console.warn(http);\n</script>\n';
    expect(await broken('src/app/components/Probe.svelte', component)).toEqual(['no-restricted-imports: 2']);
  });

  it('refuses fetch in a server, which calls others through the network it is given', async () => {
    expect(await broken('mocks/servers/connect/probe.ts', "export const jwks = fetch('https://hrm.test/');\n")).toEqual([
      'no-restricted-globals: 1',
    ]);
  });

  it('lets the service worker pass requests on', async () => {
    expect(await broken('src/sw.ts', 'export const pass = (request: Request) => fetch(request);\n')).toEqual([]);
  });
});

describe('the console', () => {
  it('takes warnings and errors in the product’s code, and the scenario CLI prints its report', async () => {
    const code = "console.warn('w');\nconsole.error('e');\nconsole.log('l');\n";
    expect(await broken('mocks/runtime/probe.ts', code)).toEqual(['no-console: 3']);
    expect(await broken('mocks/scenarios/cli.ts', code)).toEqual([]);
  });
});
