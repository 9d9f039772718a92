// What a user reads speaks in the product's own words: nothing cites the documents the simulator was built from
// (by their numbers or their file names). Scanned: every line of every Svelte file under src/app, its comments
// too (a component's source is what someone who opens the page's sources reads), and every string literal in the
// TypeScript of src/app, mocks/servers (problem bodies, pages, mails) and mocks/templates (persona notes on the stage).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const INTERNAL = /\b(seed \d{3}|rules? \d+|PRODUCT\.md|DESIGN\.md)\b/i;
/** The ids code and docs cite rules by (docs/rules.md R1..R29, docs/architecture.md H1..H15); case matters (`<h1>`). */
const RULE_ID = /\b[RH][1-9]\d?\b/;

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && ext.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

/** Every string literal and template part in `code`, with its line (1-based). */
function literals(code: string): Array<{ line: number; text: string }> {
  const source = ts.createSourceFile('x.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: Array<{ line: number; text: string }> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateLiteralToken(node))
      found.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: node.text });
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function internalReferences(file: string, text: string): string[] {
  const hits: string[] = [];
  const check = (line: number, what: string): void => {
    if (INTERNAL.test(what) || RULE_ID.test(what)) hits.push(`${file}:${line}: ${what.trim().slice(0, 160)}`);
  };
  if (file.endsWith('.svelte')) {
    text.split('\n').forEach((line, i) => check(i + 1, line));
  } else {
    for (const l of literals(text)) check(l.line, l.text);
  }
  return hits;
}

describe('user-visible text cites no internal documents', () => {
  it('finds a reference where one is: any line of a component, a TypeScript string but not its comments', () => {
    expect(internalReferences('x.svelte', '<!-- rule 11 -->\n<p>Needs no account (rule 11).</p>')).toHaveLength(2);
    expect(internalReferences('x.svelte', '<script>\n// seed 000\nconst a = "ok";\n</script>\n<p title="Seed 000 says">x</p>')).toEqual([
      'x.svelte:2: // seed 000',
      'x.svelte:5: <p title="Seed 000 says">x</p>',
    ]);
    expect(internalReferences('x.ts', '// DESIGN.md rule 5\nconst m = `a ${b} as PRODUCT.md says`;')).toEqual([
      'x.ts:2: as PRODUCT.md says',
    ]);
    expect(internalReferences('x.ts', "// R25: a block ends access\nconst m = 'Blocked everywhere (R25).';\nconst h = 'H3';")).toEqual([
      'x.ts:2: Blocked everywhere (R25).',
      'x.ts:3: H3',
    ]);
    expect(internalReferences('x.svelte', '<!-- H1: one server, one folder -->\n<h1>Users</h1>\n<p>RS256, R2D2</p>')).toEqual([
      'x.svelte:1: <!-- H1: one server, one folder -->',
    ]);
  });

  it('holds for src/app, mocks/servers, mocks/templates and the built-in scenarios', () => {
    const scanned = [
      ...files('src/app', /\.(svelte|ts)$/),
      ...files('mocks/servers', /\.ts$/),
      ...files('mocks/templates', /\.ts$/),
      // A scenario's title, description and notes are what a trainer reads; its strings parse as TypeScript.
      ...files('mocks/scenarios/catalogue', /\.json$/),
    ];
    expect(scanned.length).toBeGreaterThan(50);
    const hits = scanned.flatMap((file) => internalReferences(file, readFileSync(join(ROOT, file), 'utf8')));
    expect(hits).toEqual([]);
  });
});
