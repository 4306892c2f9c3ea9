import { spawn, type ChildProcess } from 'node:child_process';
import { COMPILED_NODE_FLAGS, COMPILED_PROCESS_ENV } from '../../scripts/compile-entry';

export interface ChildMeasurement<T> {
  /** Seconds spent in the measured work, timed inside the child (excludes node/tsx start-up). */
  work_s: number;
  /** Wall time of the whole child process, start-up included. */
  process_s: number;
  /** Peak resident set of the child (kernel high-water mark, MB). */
  peak_rss_mb: number;
  result: T;
}

/** The line a long-running child prints once it is ready for work (see `startChild`). */
export const READY_LINE = 'BENCH-CHILD-READY';

interface Spawned<T> {
  child: ChildProcess;
  ready: Promise<void>;
  done: Promise<ChildMeasurement<T>>;
}

function spawnMeasured<T>(script: string, args: string[], env: Record<string, string> = {}): Spawned<T> {
  const started = process.hrtime.bigint();
  // BENCH_CHILD_FLAGS adds Node flags to the measured process, e.g. "--cpu-prof --cpu-prof-dir=.data/prof".
  const flags = (process.env.BENCH_CHILD_FLAGS ?? '').split(' ').filter(Boolean);
  // A compiled script (scripts/compile-entry.ts) runs as the worker does in production: on node alone, with its
  // process environment; a .ts script runs through tsx, as the bench itself does.
  const compiled = script.endsWith('.js');
  const loader = compiled ? [...COMPILED_NODE_FLAGS] : ['--import', 'tsx'];
  const child = spawn(process.execPath, [...flags, '--expose-gc', ...loader, script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...(compiled ? COMPILED_PROCESS_ENV : {}), ...env },
  });
  let out = '';
  let echoed = 0;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    out += chunk;
    // Progress lines are shown as they come; the final JSON line is the result.
    const end = out.lastIndexOf('\n') + 1;
    for (const line of out.slice(echoed, end).split('\n')) {
      if (line === READY_LINE) markReady();
      else if (line && !line.startsWith('{')) console.log(line);
    }
    echoed = end;
  });
  const done = new Promise<ChildMeasurement<T>>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = out.trim().split('\n');
      const last = lines[lines.length - 1] ?? '';
      if (code !== 0) return reject(new Error(`${script} exited with ${code}: ${out.slice(-2000)}`));
      try {
        const parsed = JSON.parse(last) as Omit<ChildMeasurement<T>, 'process_s'>;
        resolve({ ...parsed, process_s: Number(process.hrtime.bigint() - started) / 1e9 });
      } catch {
        reject(new Error(`${script} did not end with a JSON line: ${last.slice(0, 500)}`));
      }
    });
  });
  return { child, ready: Promise.race([ready, done.then(() => undefined)]), done };
}

/**
 * Runs one measurement in a fresh Node process (a .ts script with the bench's loader, `--import tsx`; a script
 * compiled by scripts/compile-entry.ts on node alone, as the production worker runs), so its peak RSS is
 * its own and not inflated by whatever ran before. The child prints one JSON line last (see `childMain`); other
 * lines it prints (progress) are passed through as they arrive.
 */
export function runChild<T>(
  script: string,
  args: string[] = [],
  opts: { env?: Record<string, string> } = {},
): Promise<ChildMeasurement<T>> {
  return spawnMeasured<T>(script, args, opts.env).done;
}

/**
 * Starts a long-running measured process (a worker the bench drives from outside): `ready` resolves when it
 * prints READY_LINE; `stop()` sends SIGINT and resolves with its last JSON line once it has exited.
 */
export function startChild<T>(
  script: string,
  args: string[] = [],
): { pid: number; ready: Promise<void>; stop(): Promise<ChildMeasurement<T>> } {
  const s = spawnMeasured<T>(script, args);
  return {
    pid: s.child.pid!,
    ready: s.ready,
    stop: () => {
      s.child.kill('SIGINT');
      return s.done;
    },
  };
}

/** Current resident memory of another process, MB (Linux; 0 elsewhere). */
export async function rssOf(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  return m ? Number(m[1]) / 1024 : 0;
}
