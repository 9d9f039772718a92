// The page's stylesheets (docs/decisions/styles-per-host.md): every sheet in src/app/styles is linked by the entry,
// src/main.ts, the shared base before any host's, and no component imports one (which would give the stage's chunk a
// stylesheet of its own to wait for, and make the cascade's order depend on which page loads first). An x-ray view,
// loaded when first shown, may still bring a sheet of its own.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const STYLES = 'src/app/styles';

function sheetsImportedBy(file: string): string[] {
  const code = readFileSync(join(ROOT, file), 'utf8');
  return [...code.matchAll(/^\s*import\s+'([^']+\.css)';/gm)].map((m) => m[1]!);
}

describe('the page’s stylesheets', () => {
  const linked = sheetsImportedBy('src/main.ts');

  it('are all linked by the entry, the shared base first', () => {
    const sheets = readdirSync(join(ROOT, STYLES)).filter((name) => name.endsWith('.css'));
    expect(linked.map((path) => path.replace('./app/styles/', '')).sort()).toEqual(sheets.sort());
    expect(linked[0]).toBe('./app/styles/base.css');
  });

  it('are imported by no component or module of the app', () => {
    const importers = readdirSync(join(ROOT, 'src/app'), { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && /\.(svelte|ts)$/.test(e.name))
      .map((e) => relative(ROOT, join(e.parentPath, e.name)))
      .filter((file) => sheetsImportedBy(file).some((sheet) => /(^|\/)styles\//.test(sheet)));
    expect(importers).toEqual([]);
  });
});
