import { readFileSync } from 'node:fs';
import { round } from './print-final';

/** Peak RSS in MB: the kernel's high-water mark (VmHWM) where available, else Node's maxRSS (same figure). */
export function peakRssMb(): number {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS / 1024;
}

/** Body of a measurement child: times `work`, then prints `{ work_s, peak_rss_mb, result }` as the last line. */
export function childMain<T>(work: (args: string[]) => Promise<T>): void {
  const started = process.hrtime.bigint();
  work(process.argv.slice(2))
    .then((result) => {
      const work_s = Number(process.hrtime.bigint() - started) / 1e9;
      process.stdout.write(`${JSON.stringify({ work_s, peak_rss_mb: round(peakRssMb(), 1), result })}\n`);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
