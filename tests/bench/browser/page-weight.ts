// Owns the runtime bench's page-weight figure: the gzipped JavaScript a production build loads before the stage's first
// paint — what index.html names (its scripts and modulepreloads) and the stage's own chunk (src/app/mount.ts, which the
// entry imports while the simulation's worker starts), each with every chunk it imports statically, transitively; no
// other dynamic import, never the simulation's worker — and the worker's own chunks for information. Read from the
// build's files.
// Alone: `npx tsx tests/bench/browser/page-weight.ts [dist]` (no dist: builds a fresh copy of the work tree first).
import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parseAst } from 'vite';

export interface ChunkWeight {
  /** The chunk's URL path in the build, e.g. /assets/index-abc.js. */
  path: string;
  bytes: number;
  gzip: number;
}

export interface PageWeight {
  /** What index.html itself names: module scripts and modulepreload links. */
  roots: string[];
  /** Every chunk loaded before the first paint (the boot message): the roots and their static imports, transitively. */
  beforePaint: ChunkWeight[];
  beforePaintGzip: number;
  /** Every chunk loaded before the stage's first paint: those, and the stage's chunk with its static imports. */
  beforeStage: ChunkWeight[];
  beforeStageGzip: number;
  /** The simulation's worker chunk and its static imports (loaded by the worker, not the page). */
  worker: ChunkWeight[];
  workerGzip: number;
  /** The stylesheets index.html links (render-blocking, not JavaScript; for information). */
  css: ChunkWeight[];
}

const WORKER_CHUNK = /^simulation\.worker-[\w-]+\.js$/;
/** The stage's chunk: src/app/mount.ts, which the entry imports dynamically beside the worker's start. */
const STAGE_CHUNK = /^mount-[\w-]+\.js$/;

/** Builds the work tree into a fresh temporary directory (so a stale or half-written dist/ never counts); returns it. */
export function buildFresh(root = process.cwd()): string {
  const outDir = mkdtempSync(join(tmpdir(), 'rollout-rehearsal-bench-dist-'));
  execSync(`npx vite build --outDir ${JSON.stringify(outDir)} --emptyOutDir --logLevel warn`, { cwd: root, stdio: 'pipe' });
  return outDir;
}

export function removeBuild(outDir: string): void {
  rmSync(outDir, { recursive: true, force: true });
}

function attributes(tag: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g))
    found[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
  return found;
}

/** Script sources and modulepreloads the page's HTML names, as URL paths. */
function htmlRoots(html: string): { scripts: string[]; styles: string[] } {
  const scripts: string[] = [];
  const styles: string[] = [];
  for (const [tag] of html.matchAll(/<(?:script|link)\b[^>]*>/gi)) {
    const a = attributes(tag.replace(/^<\w+/, '').replace(/\/?>$/, ''));
    if (tag.toLowerCase().startsWith('<script') && a.src) scripts.push(a.src);
    else if (a.rel === 'modulepreload' && a.href) scripts.push(a.href);
    else if (a.rel === 'stylesheet' && a.href) styles.push(a.href);
  }
  return {
    scripts: scripts.map((s) => new URL(s, 'http://page/').pathname),
    styles: styles.map((s) => new URL(s, 'http://page/').pathname),
  };
}

/** The module specifiers a chunk imports statically: import declarations and re-exports, not import(). */
function staticImports(code: string, file: string): string[] {
  const specifiers: string[] = [];
  for (const node of parseAst(code, undefined, file).body) {
    if (
      (node.type === 'ImportDeclaration' || node.type === 'ExportAllDeclaration' || node.type === 'ExportNamedDeclaration') &&
      node.source
    ) {
      specifiers.push(String(node.source.value));
    }
  }
  return specifiers;
}

function weigh(dist: string, path: string): ChunkWeight {
  const bytes = readFileSync(join(dist, path));
  return { path, bytes: bytes.length, gzip: gzipSync(bytes).length };
}

/** `roots` and every chunk they import statically, each once, in the order they are found. */
function closure(dist: string, roots: readonly string[]): ChunkWeight[] {
  const seen = new Set<string>();
  const queue = [...roots];
  const chunks: ChunkWeight[] = [];
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const file = join(dist, path);
    if (!existsSync(file)) throw new Error(`The build has no ${path} (named by index.html or a static import)`);
    chunks.push(weigh(dist, path));
    for (const specifier of staticImports(readFileSync(file, 'utf8'), file)) {
      // A bare specifier would be resolved by an import map; a production build has none.
      if (!specifier.startsWith('.') && !specifier.startsWith('/'))
        throw new Error(`${path} imports “${specifier}”, which no file of the build is`);
      queue.push(posix.resolve(posix.dirname(path), specifier));
    }
  }
  return chunks;
}

const sum = (chunks: readonly ChunkWeight[]) => chunks.reduce((total, c) => total + c.gzip, 0);

export function pageWeight(dist: string): PageWeight {
  const { scripts, styles } = htmlRoots(readFileSync(join(dist, 'index.html'), 'utf8'));
  if (scripts.length === 0) throw new Error(`${dist}/index.html loads no script`);
  const beforePaint = closure(dist, scripts);
  const assets = readdirSync(join(dist, 'assets'));
  const stageFiles = assets.filter((f) => STAGE_CHUNK.test(f));
  if (stageFiles.length !== 1) throw new Error(`The build has ${stageFiles.length} stage chunks (mount-*.js), not one`);
  const beforeStage = closure(dist, [...scripts, ...stageFiles.map((f) => `/assets/${f}`)]);
  const workerFiles = assets.filter((f) => WORKER_CHUNK.test(f));
  const worker = closure(
    dist,
    workerFiles.map((f) => `/assets/${f}`),
  );
  return {
    roots: scripts,
    beforePaint,
    beforePaintGzip: sum(beforePaint),
    beforeStage,
    beforeStageGzip: sum(beforeStage),
    worker,
    workerGzip: sum(worker),
    css: styles.map((s) => weigh(dist, s)),
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The figure's lines, as the bench prints them. */
export function describe(weight: PageWeight): string[] {
  const lines = [`page JS before the stage's first paint: ${kb(weight.beforeStageGzip)} gzip (target ≤ 250 KB)`];
  for (const c of weight.beforeStage) lines.push(`    ${kb(c.gzip).padStart(9)} gzip  ${kb(c.bytes).padStart(9)} raw  ${c.path}`);
  lines.push(`    of which before the page's first paint (the entry, which starts the worker): ${kb(weight.beforePaintGzip)} gzip`);
  const leaked = weight.beforeStage.filter((c) => WORKER_CHUNK.test(posix.basename(c.path)));
  if (leaked.length > 0)
    lines.push(`    NOTE: the page loads the worker's chunk itself before first paint: ${leaked.map((c) => c.path).join(', ')}`);
  lines.push(`simulation worker JS (for information, loaded by the worker): ${kb(weight.workerGzip)} gzip`);
  for (const c of weight.worker) lines.push(`    ${kb(c.gzip).padStart(9)} gzip  ${kb(c.bytes).padStart(9)} raw  ${c.path}`);
  for (const c of weight.css) lines.push(`stylesheet index.html links (for information): ${kb(c.gzip)} gzip, ${c.path}`);
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const given = process.argv[2];
  const dist = given ?? buildFresh();
  try {
    console.log(describe(pageWeight(dist)).join('\n'));
  } finally {
    if (!given) removeBuild(dist);
  }
}
