// The house rules on what may import what (H1, H15 and docs/architecture.md's layout), as a test that names the file
// and the import that breaks one. It reads the imports of every .ts and .svelte file under src/, machines/ and mocks/
// with the TypeScript parser (Svelte files: their <script> blocks):
//   - static imports and `export … from` (value edges unless written `import type` / `export type`; under
//     verbatimModuleSyntax `import { type A }` stays as a side-effect import, so it counts as a value edge);
//   - dynamic `import('…')` and `new URL('…', import.meta.url)` (a worker's script): they count for who may import
//     what, not for cycles, since neither runs the other module while this one loads.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

interface Edge {
  from: string; // repo-relative path of the importing file
  spec: string; // the specifier as written
  to: string | null; // repo-relative path of the imported file, or null for a package
  kind: 'value' | 'type' | 'dynamic';
}

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|svelte)$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

function scripts(file: string, text: string): string[] {
  return file.endsWith('.svelte') ? [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!) : [text];
}

/** The imported file, by the bundler's resolution: extensionless, `.js` for `.ts`, `x.svelte` for `x.svelte.ts`. */
function resolveSpec(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = resolve(ROOT, dirname(from), spec.replace(/\?.*$/, ''));
  const candidates = [base + '.ts', base, base.replace(/\.js$/, '.ts'), join(base, 'index.ts')];
  const found = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  return relative(ROOT, found ?? (/\.[a-z]+$/.test(base) ? base : `${base}.ts`));
}

function importsOf(file: string, text: string): Edge[] {
  const edges: Edge[] = [];
  const add = (spec: string, kind: Edge['kind']): void => {
    edges.push({ from: file, spec, to: resolveSpec(file, spec), kind });
  };
  for (const code of scripts(file, text)) {
    const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier))
        add(node.moduleSpecifier.text, node.importClause?.isTypeOnly ? 'type' : 'value');
      else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier))
        add(node.moduleSpecifier.text, node.isTypeOnly ? 'type' : 'value');
      else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        const [arg] = node.arguments;
        if (arg && ts.isStringLiteralLike(arg)) add(arg.text, 'dynamic');
      } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'URL') {
        const [arg, base] = node.arguments ?? [];
        if (arg && ts.isStringLiteralLike(arg) && base?.getText(source) === 'import.meta.url' && /\.(ts|svelte)$/.test(arg.text))
          add(arg.text, 'dynamic');
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return edges;
}

const serverOf = (path: string): string | undefined => /^mocks\/servers\/([^/]+)\//.exec(path)?.[1];

/** The rules, each a list of "file: import" lines that break it. */
function violations(edges: Edge[]) {
  const show = (e: Edge) => `${e.from}: ${e.spec}`;
  return {
    /** H1: servers never import each other (mocks/shared is for all of them). */
    serverImportsServer: edges.filter((e) => e.to && serverOf(e.from) && serverOf(e.to) && serverOf(e.from) !== serverOf(e.to)).map(show),
    /**
     * src/ imports mocks/ only in main.ts, the composition root. src/sw.ts is no exception: it reaches MSW's worker
     * with importScripts('/mockServiceWorker.js'), a public file, not a module import.
     */
    srcImportsMocks: edges.filter((e) => e.from.startsWith('src/') && e.from !== 'src/main.ts' && e.to?.startsWith('mocks/')).map(show),
    /** machines/ imports only xstate, src/domain and src/contracts (pure flows; today only xstate and contracts are used). */
    machinesImport: edges
      .filter((e) => e.from.startsWith('machines/'))
      .filter((e) => (e.to === null ? e.spec !== 'xstate' : !/^(src\/domain|src\/contracts|machines)\//.test(e.to)))
      .map(show),
  };
}

/** Value-import cycles (Tarjan's strongly connected components), each as the value imports that close it
 * ("a.ts -> b.ts; b.ts -> a.ts"). */
function valueCycles(edges: Edge[]): string[] {
  const next = new Map<string, string[]>();
  for (const e of edges) if (e.kind === 'value' && e.to) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[] = [];
  let counter = 0;
  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (next.get(v) ?? []).includes(v)) {
        const inside = new Set(component);
        const links = component.sort().flatMap((f) =>
          [...new Set(next.get(f))]
            .filter((t) => inside.has(t))
            .sort()
            .map((t) => `${f} -> ${t}`),
        );
        cycles.push(links.join('; '));
      }
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) connect(v);
  return cycles.sort();
}

const repoEdges = (): Edge[] =>
  ['src', 'machines', 'mocks'].flatMap(files).flatMap((file) => importsOf(file, readFileSync(join(ROOT, file), 'utf8')));

describe('what may import what', () => {
  const edges = repoEdges();

  it('reads the whole tree, and every relative import resolves to a file', () => {
    expect(edges.length).toBeGreaterThan(500);
    const unresolved = edges.filter((e) => e.to !== null && !existsSync(join(ROOT, e.to))).map((e) => `${e.from}: ${e.spec}`);
    expect(unresolved).toEqual([]);
  });

  it('holds the rules on today’s code', () => {
    expect(violations(edges)).toEqual({ serverImportsServer: [], srcImportsMocks: [], machinesImport: [] });
  });

  it('has no value-import cycle', () => {
    expect(valueCycles(edges)).toEqual([]);
  });

  it('catches each kind of violation (the checks can fail)', () => {
    const fake = [
      ...importsOf('mocks/servers/hrm/x.ts', "import { db } from '../connect/db';"),
      ...importsOf('src/app/X.svelte', '<script lang="ts">\n  import { reset } from \'../../mocks/runtime/reset\';\n</script>'),
      ...importsOf('machines/x.ts', "import { z } from 'zod';\nimport type { A } from '../src/contracts/hrm';"),
    ];
    expect(violations(fake)).toEqual({
      serverImportsServer: ['mocks/servers/hrm/x.ts: ../connect/db'],
      srcImportsMocks: ['src/app/X.svelte: ../../mocks/runtime/reset'],
      machinesImport: ['machines/x.ts: zod'],
    });
    const cycle = [
      ...importsOf('mocks/a.ts', "import { b } from './b';"),
      ...importsOf('mocks/b.ts', "import { a } from './a';"),
      ...importsOf('mocks/c.ts', "import type { a } from './a';\nconst d = () => import('./d');"),
      ...importsOf('mocks/d.ts', "import { c } from './c';"),
    ];
    expect(valueCycles(cycle)).toEqual(['mocks/a.ts -> mocks/b.ts; mocks/b.ts -> mocks/a.ts']);
  });
});
