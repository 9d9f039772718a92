// Citations in the repository name rules the repository defines: the product's rules by their id in docs/rules.md
// (R1..R29) and the house rules by theirs in docs/architecture.md (H1..H15), never a document that is not in the
// repository or a bare "rule 7". Names file:line for each citation that breaks this, and checks that every file
// docs/rules.md links to exists, so a rule's Code and Tests lists cannot point at a file that was moved or deleted.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** What is scanned: folders (walked) and single files, repo-relative. */
const ROOTS = [
  'src',
  'mocks',
  'machines',
  'tests',
  'docs',
  'README.md',
  'index.html',
  'package.json',
  'tsconfig.json',
  'tsconfig.sw.json',
  'vite.config.ts',
  'vitest.config.ts',
  'playwright.config.ts',
  'playwright.bench.config.ts',
  '.ci',
];

/** The checks themselves, whose probes cite what they must refuse. */
const EXEMPT = new Set(['tests/architecture/references.test.ts', 'tests/src/app/no-internal-references.test.ts']);

const TEXT = new Set(['', '.ts', '.js', '.svelte', '.json', '.md', '.html', '.css', '.yml', '.yaml', '.sh', '.txt']);

function textFiles(path: string): string[] {
  const full = join(ROOT, path);
  if (!existsSync(full)) return []; // a missing root fails its own assertion below
  if (statSync(full).isFile()) return [path];
  return readdirSync(full, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && TEXT.has(extname(e.name)))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
    .filter((f) => !f.split('/').includes('node_modules') && !EXEMPT.has(f))
    .sort();
}

/** Each way of citing what the repository does not hold. */
const FORBIDDEN: Array<[string, RegExp]> = [
  ['a source document', /\bseeds? \d{3}\b/i],
  ['a document outside the repository', /\b(PRODUCT|DESIGN|TOOLCHAIN)\.md\b/],
  ['a bare rule number (cite R<n> or H<n>)', /\brules? \d+\b/i],
];

/** A rule id as cited: R3, H12, also both ends of a range such as R8–R11. Case matters: `h1` is a heading tag. */
const CITATION = /\b([RH])(\d{1,3})\b/g;

interface Finding {
  where: string; // file:line
  text: string;
}

function forbidden(file: string, text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const [what, pattern] of FORBIDDEN) if (pattern.test(line)) found.push(`${file}:${i + 1}: ${what}: ${line.trim().slice(0, 140)}`);
  });
  return found;
}

function citations(file: string, text: string): Array<Finding & { id: string }> {
  const found: Array<Finding & { id: string }> = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(CITATION)) found.push({ where: `${file}:${i + 1}`, text: line.trim(), id: `${m[1]}${m[2]}` });
  });
  return found;
}

/** The ids a document defines: rules.md's `### R3 — …` headings, architecture.md's `<a id="h3"></a>**H3 — …**`. */
function definedIds(markdown: string): Set<string> {
  const ids = new Set<string>();
  for (const m of markdown.matchAll(/^### (R\d+) — /gm)) ids.add(m[1]!);
  for (const m of markdown.matchAll(/<a id="h\d+"><\/a>\*\*(H\d+) — /g)) ids.add(m[1]!);
  return ids;
}

/** Relative links of a markdown file, as repo-relative paths (anchors and external links left out). */
function linkedPaths(file: string, markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!)
    .filter((target) => !/^[a-z]+:/i.test(target) && !target.startsWith('#'))
    .map((target) => relative(ROOT, resolve(ROOT, dirname(file), target.replace(/#.*$/, ''))));
}

/** Each rule's **Scenario** line in docs/rules.md, as the scenario ids it names in backticks. */
function scenariosByRule(markdown: string): Map<string, string[]> {
  const byRule = new Map<string, string[]>();
  for (const section of markdown.split(/^(?=### R\d+ — )/m)) {
    const id = /^### (R\d+)/.exec(section)?.[1];
    if (!id) continue;
    const line = /^- \*\*Scenario:\*\*(.*(?:\n {2}.*)*)/m.exec(section)?.[1] ?? '';
    byRule.set(
      id,
      [...line.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]!),
    );
  }
  return byRule;
}

const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

describe('citations name rules the repository defines', () => {
  const files = ROOTS.flatMap(textFiles);
  const rules = read('docs/rules.md');
  const architecture = read('docs/architecture.md');
  const defined = new Set([...definedIds(rules), ...definedIds(architecture)]);

  it('docs/rules.md defines R1..R29 and docs/architecture.md H1..H15, each once', () => {
    const numbered = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
    expect([...rules.matchAll(/^### (R\d+) — /gm)].map((m) => m[1])).toEqual(numbered('R', 29));
    expect([...architecture.matchAll(/\*\*(H\d+) — /g)].map((m) => m[1])).toEqual(numbered('H', 15));
    expect(defined.size).toBe(44);
  });

  it('cites no source document, outside document or bare rule number', () => {
    expect(ROOTS.filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
    expect(files.length).toBeGreaterThan(300);
    expect(files).toContain('docs/rules.md');
    expect(files).toContain('README.md');
    const found = files.flatMap((file) => forbidden(file, read(file)));
    expect(found).toEqual([]);
  });

  it('cites only rule ids that docs/rules.md and docs/architecture.md define', () => {
    const cited = files.flatMap((file) => citations(file, read(file)));
    const definitions = /^docs\/(rules|architecture)\.md:/;
    const outsideTheDefinitions = cited.filter((c) => !definitions.test(c.where));
    expect(outsideTheDefinitions.filter((c) => c.id.startsWith('R')).length).toBeGreaterThan(200);
    expect(outsideTheDefinitions.filter((c) => c.id.startsWith('H')).length).toBeGreaterThan(5);
    const undefinedIds = cited.filter((c) => !defined.has(c.id)).map((c) => `${c.where}: ${c.id} in ${c.text.slice(0, 120)}`);
    expect(undefinedIds).toEqual([]);
  });

  it('every file docs/rules.md links to exists', () => {
    const linked = linkedPaths('docs/rules.md', rules);
    expect(linked.length).toBeGreaterThan(80);
    expect(linked.filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
  });

  it('every docs/ page a comment, test or doc cites by path exists', () => {
    const cited = files.flatMap((file) => [...read(file).matchAll(/\bdocs\/[a-z0-9/-]+\.md\b/g)].map((m) => ({ file, path: m[0] })));
    expect(cited.filter((c) => c.path.startsWith('docs/decisions/')).length).toBeGreaterThan(5);
    expect(cited.filter((c) => !existsSync(join(ROOT, c.path))).map((c) => `${c.file}: ${c.path}`)).toEqual([]);
  });

  it('docs/rules.md names, for each rule, every built-in scenario that claims to show it, and only real ones', () => {
    const catalogue = textFiles('mocks/scenarios/catalogue').filter((f) => f.endsWith('.json'));
    expect(catalogue.length).toBeGreaterThan(10);
    const scenarios = catalogue.map((f) => JSON.parse(read(f)) as { id: string; rules: number[] });
    const named = scenariosByRule(rules);
    expect(named.size).toBe(29);
    const missing = scenarios.flatMap((s) => s.rules.filter((n) => !named.get(`R${n}`)?.includes(s.id)).map((n) => `R${n}: ${s.id}`));
    expect(missing).toEqual([]);
    const known = new Set(scenarios.map((s) => s.id));
    const unknown = [...named].flatMap(([id, names]) => names.filter((name) => !known.has(name)).map((name) => `${id}: ${name}`));
    expect(unknown).toEqual([]);
  });

  it('catches each kind of broken citation (the checks can fail)', () => {
    const probe = ['// seed 002: at once', '// as DESIGN.md says', '// Rule 25: blocked', '// R25, H3: fine', '// Rules of the house'].join(
      '\n',
    );
    expect(forbidden('x.ts', probe)).toEqual([
      'x.ts:1: a source document: // seed 002: at once',
      'x.ts:2: a document outside the repository: // as DESIGN.md says',
      'x.ts:3: a bare rule number (cite R<n> or H<n>): // Rule 25: blocked',
    ]);
    const cited = citations('x.md', 'R8–R11 and H3\n<h1>R30</h1>, RS256, H16');
    expect(cited.map((c) => `${c.where} ${c.id}`)).toEqual(['x.md:1 R8', 'x.md:1 R11', 'x.md:1 H3', 'x.md:2 R30', 'x.md:2 H16']);
    expect(cited.filter((c) => !defined.has(c.id)).map((c) => c.id)).toEqual(['R30', 'H16']);
    const links = '[a](../machines/linking.ts) [b](rules.md#r3) [c](https://x.test/y) [d](#r4)';
    expect(linkedPaths('docs/rules.md', links)).toEqual(['machines/linking.ts', 'docs/rules.md']);
    const [gone] = linkedPaths('docs/rules.md', '[gone](../machines/no-such-machine.ts)');
    expect(gone).toBe('machines/no-such-machine.ts');
    expect(existsSync(join(ROOT, gone!))).toBe(false);
    const sample = ['### R1 — A', '- **Scenario:** `happy-path`,', '  `expired-code`', '### R2 — B', '- **Scenario:** none'].join('\n');
    expect(Object.fromEntries(scenariosByRule(sample))).toEqual({ R1: ['happy-path', 'expired-code'], R2: [] });
  });
});
