// Owns reading a Chrome CPU profile (CDP Profiler.stop) for the scale bench: self and total time by function and by
// source file, so a missed target says where its time went.

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileLine {
  name: string;
  selfMs: number;
  totalMs: number;
}

export interface ProfileSummary {
  wallMs: number;
  /** Time the main thread spent outside JavaScript (idle, waiting on IndexedDB, GC is listed apart). */
  idleMs: number;
  byFunction: ProfileLine[];
  byFile: ProfileLine[];
}

function fileOf(url: string): string {
  if (!url) return '(native)';
  const path = url.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, '');
  const dep = /\/node_modules\/\.vite\/deps\/([^/]+?)(?:\.js)?$/.exec(path);
  if (dep) return `dep:${dep[1]}`;
  return path.replace(/^\//, '');
}

function nameOf(frame: CallFrame): string {
  return `${frame.functionName || '(anonymous)'} ${fileOf(frame.url)}:${frame.lineNumber + 1}`;
}

/** Self time per node from the samples, then rolled up: a function's total counts each stack once. */
export function summarize(profile: CpuProfile, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // timeDeltas[i] is the time before sample i: charge each interval to the sample that ends it.
  for (let i = 0; i < samples.length; i++) self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + (deltas[i] ?? 0) / 1000);

  const fnSelf = new Map<string, number>();
  const fnTotal = new Map<string, number>();
  const fileSelf = new Map<string, number>();
  const fileTotal = new Map<string, number>();
  let idleMs = 0;
  for (const [id, ms] of self) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)' || node.callFrame.functionName === '(program)') idleMs += ms;
    const key = nameOf(node.callFrame);
    fnSelf.set(key, (fnSelf.get(key) ?? 0) + ms);
    const file = fileOf(node.callFrame.url);
    fileSelf.set(file, (fileSelf.get(file) ?? 0) + ms);
    const seenFn = new Set<string>();
    const seenFile = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      const name = nameOf(frame);
      if (!seenFn.has(name)) {
        seenFn.add(name);
        fnTotal.set(name, (fnTotal.get(name) ?? 0) + ms);
      }
      const f = fileOf(frame.url);
      if (!seenFile.has(f)) {
        seenFile.add(f);
        fileTotal.set(f, (fileTotal.get(f) ?? 0) + ms);
      }
    }
  }
  const lines = (selfs: Map<string, number>, totals: Map<string, number>): ProfileLine[] =>
    [...totals.keys()]
      .map((name) => ({ name, selfMs: selfs.get(name) ?? 0, totalMs: totals.get(name) ?? 0 }))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top);
  return {
    wallMs: (profile.endTime - profile.startTime) / 1000,
    idleMs,
    byFunction: lines(fnSelf, fnTotal),
    byFile: lines(fileSelf, fileTotal),
  };
}

/** Total time of the functions whose name matches, each stack counted once. */
export function totalOf(profile: CpuProfile, match: (frame: CallFrame) => boolean): number {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let ms = 0;
  for (let i = 0; i < samples.length; i++) {
    for (let at: number | undefined = samples[i]; at !== undefined; at = parent.get(at)) {
      if (match(byId.get(at)!.callFrame)) {
        ms += (deltas[i] ?? 0) / 1000;
        break;
      }
    }
  }
  return ms;
}
