import { peakRssMb } from './child-main';
import { round } from './print-final';

/**
 * Prints progress every `everyMs` while a measurement runs: items done, the rate over the last interval and
 * overall, and this process's resident memory (now, and its high-water mark so far: when the peak happened).
 * `done` may be async (a workflow query); a failed read is skipped.
 */
export function startProgress(
  label: string,
  total: number,
  done: () => number | Promise<number>,
  everyMs = 10_000,
): { stop(): void; samples: { atS: number; done: number; rssMb: number; hwmMb: number }[] } {
  const started = performance.now();
  let last = { at: started, done: 0 };
  const samples: { atS: number; done: number; rssMb: number; hwmMb: number }[] = [];
  const timer = setInterval(() => {
    void (async () => {
      let n: number;
      try {
        n = await done();
      } catch {
        return;
      }
      const now = performance.now();
      const rssMb = round(process.memoryUsage.rss() / 2 ** 20, 0);
      const hwm = round(peakRssMb(), 0);
      samples.push({ atS: round((now - started) / 1000, 1), done: n, rssMb, hwmMb: hwm });
      const recent = ((n - last.done) * 1000) / (now - last.at);
      const overall = (n * 1000) / (now - started);
      console.log(
        `${label}: ${n}/${total} dealers, ${round(recent, 1)}/s (last ${round((now - last.at) / 1000, 0)} s), ` +
          `${round(overall, 1)}/s overall, RSS ${rssMb} MB (peak so far ${hwm})`,
      );
      last = { at: now, done: n };
    })();
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer), samples };
}
