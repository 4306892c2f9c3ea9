/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): the functions with the most self time and the
 * packages/files with the most self and total time, in milliseconds, optionally divided by a count (e.g. ms per
 * statement). Used to record where the time goes before and after a change.
 *
 *   node --import tsx bench/lib/profile-top.ts <file.cpuprofile> [--per N] [--top 25] [--under name] [--fn name1,name2]
 *
 * `--under name` keeps only samples with that function on the stack. `--fn` adds the inclusive time of the named functions (every frame of that name on a sample's stack).
 */
import { readFileSync } from 'node:fs';
import { numberArg, stringArg } from './args';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** node_modules/<pkg> (scoped too), else the path under the repository, else the raw url. */
export function groupOf(url: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (!url) return '(native/vm)';
  if (url.startsWith('node:')) return url;
  const repo = /\/(activities|domain|templates|workflows|bench|web|config|scripts)\/(.*)$/.exec(url);
  return repo ? `${repo[1]}/${repo[2]}` : url;
}

function main(): void {
  const file = process.argv[2];
  if (!file) throw new Error('usage: profile-top.ts <file.cpuprofile> [--per N] [--top 25]');
  const per = numberArg('--per', 1);
  const top = numberArg('--top', 25);
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const under = stringArg('--under');
  const hasOnStack = (id: number, name: string): boolean => {
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur))
      if (byId.get(cur)!.callFrame.functionName === name) return true;
    return false;
  };
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => {
    if (under && !hasOnStack(id, under)) return;
    self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((s, v) => s + v, 0);

  const fnSelf = new Map<string, number>();
  const groupSelf = new Map<string, number>();
  const groupTotal = new Map<string, number>();
  for (const [id, ms] of self) {
    const n = byId.get(id)!;
    const g = groupOf(n.callFrame.url);
    const key = `${n.callFrame.functionName || '(anonymous)'}  ${g}:${n.callFrame.lineNumber + 1}`;
    fnSelf.set(key, (fnSelf.get(key) ?? 0) + ms);
    groupSelf.set(g, (groupSelf.get(g) ?? 0) + ms);
    // Total (inclusive) per group: count the sample once for every distinct group on its stack.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const cg = groupOf(byId.get(cur)!.callFrame.url);
      if (seen.has(cg)) continue;
      seen.add(cg);
      groupTotal.set(cg, (groupTotal.get(cg) ?? 0) + ms);
    }
  }
  const fnNames = (stringArg('--fn') ?? '').split(',').filter(Boolean);
  const fnTotal = new Map<string, number>(fnNames.map((n) => [n, 0]));
  for (const [id, ms] of self) {
    const onStack = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const name = byId.get(cur)!.callFrame.functionName;
      if (fnTotal.has(name)) onStack.add(name);
    }
    for (const name of onStack) fnTotal.set(name, fnTotal.get(name)! + ms);
  }
  const fmt = (ms: number) => (ms / per).toFixed(per === 1 ? 0 : 2).padStart(9);
  const print = (title: string, m: Map<string, number>) => {
    console.log(`\n${title} (ms${per === 1 ? '' : ` / ${per}`})`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${fmt(v)}  ${k}`);
  };
  console.log(`profile ${file}: ${total.toFixed(0)} ms sampled`);
  print('self time by function', fnSelf);
  print('self time by package/file', groupSelf);
  print('total time by package/file', groupTotal);
  if (fnNames.length) print('inclusive time of named functions', fnTotal);
}

main();
