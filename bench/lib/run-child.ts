import { spawn } from 'node:child_process';

export interface ChildMeasurement<T> {
  /** Seconds spent in the measured work, timed inside the child (excludes node/tsx start-up). */
  work_s: number;
  /** Wall time of the whole child process, start-up included. */
  process_s: number;
  /** Peak resident set of the child (kernel high-water mark, MB). */
  peak_rss_mb: number;
  result: T;
}

/**
 * Runs one measurement in a fresh Node process (same loader as the bench: `--import tsx`), so its peak RSS is
 * its own and not inflated by whatever ran before. The child prints one JSON line last (see `childMain`); other
 * lines it prints (progress) are passed through as they arrive.
 */
export function runChild<T>(
  script: string,
  args: string[] = [],
  opts: { env?: Record<string, string> } = {},
): Promise<ChildMeasurement<T>> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    // BENCH_CHILD_FLAGS adds Node flags to the measured process, e.g. "--cpu-prof --cpu-prof-dir=.data/prof".
    const flags = (process.env.BENCH_CHILD_FLAGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...flags, '--expose-gc', '--import', 'tsx', script, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...opts.env },
    });
    let out = '';
    let echoed = 0;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      // Progress lines are shown as they come; the final JSON line is the result.
      const end = out.lastIndexOf('\n') + 1;
      for (const line of out.slice(echoed, end).split('\n')) if (line && !line.startsWith('{')) console.log(line);
      echoed = end;
    });
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
}
