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
 * its own and not inflated by whatever ran before. The child prints one JSON line last (see `childMain`).
 */
export function runChild<T>(
  script: string,
  args: string[] = [],
  opts: { env?: Record<string, string> } = {},
): Promise<ChildMeasurement<T>> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...opts.env },
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
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
