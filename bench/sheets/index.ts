/**
 * Spreadsheet-layer benchmark (`npm run bench -- sheets [--rows 200000] [--google-rows N] [--no-google] [--repeat K]`).
 * Reads one big ledger xlsx (12 columns, cached under .data/bench/) through the whole layer (Excel backend +
 * mapping + validation) and with raw exceljs streaming, each in its own child process for honest peak RSS; then
 * reads the same kind of table from the local Sheets stand-in through Google's client and counts API calls.
 * Prints figures; the last line is one JSON object.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { writeLargeLedger } from '../../activities/sheets/samples';
import { runChild, type ChildMeasurement } from '../lib/run-child';
import { printFinal, round } from '../lib/print-final';
import { measureGoogle } from './measure-google';

const SEED = 20261130;
const PERIOD = '2026-11';

const count = (v: string): number => {
  const n = Number(v.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive whole number');
  return n;
};

interface Opts {
  rows: number;
  googleRows?: number;
  google: boolean;
  repeat: number;
  dir: string;
  latencyMs: number;
}

async function ensureLedger(dir: string, rows: number): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `ledger-${rows}-seed${SEED}.xlsx`);
  if (existsSync(path)) return path;
  console.log(`generating ${rows} ledger rows → ${path} (cached for later runs)`);
  const started = Date.now();
  const tmp = `${path}.tmp-${process.pid}.xlsx`;
  await writeLargeLedger(tmp, { seed: SEED, period: PERIOD, rows });
  renameSync(tmp, path);
  console.log(`generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return path;
}

/** Best work time and worst peak memory over `repeat` alternating runs. */
function best<T>(runs: ChildMeasurement<T>[]): ChildMeasurement<T> {
  const fastest = runs.reduce((a, b) => (b.work_s < a.work_s ? b : a));
  return { ...fastest, peak_rss_mb: Math.max(...runs.map((r) => r.peak_rss_mb)) };
}

async function main(o: Opts): Promise<void> {
  const here = __dirname;
  const path = await ensureLedger(resolve(o.dir), o.rows);
  const baselineRuns: ChildMeasurement<{ rows: number; cells: number }>[] = [];
  const layerRuns: ChildMeasurement<{ rows: number; problems: number; headerRow: number }>[] = [];
  for (let i = 0; i < o.repeat; i++) {
    baselineRuns.push(await runChild(join(here, 'measure-exceljs.ts'), [path]));
    console.log(
      `raw exceljs streaming: ${baselineRuns.at(-1)?.work_s.toFixed(2)} s, peak ${baselineRuns.at(-1)?.peak_rss_mb} MB`,
    );
    layerRuns.push(await runChild(join(here, 'measure-excel-layer.ts'), [path]));
    console.log(
      `whole layer (xlsx):   ${layerRuns.at(-1)?.work_s.toFixed(2)} s, peak ${layerRuns.at(-1)?.peak_rss_mb} MB`,
    );
  }
  const baseline = best(baselineRuns);
  const layer = best(layerRuns);
  if (layer.result.rows !== o.rows || layer.result.problems !== 0) {
    throw new Error(
      `layer read ${layer.result.rows} valid rows with ${layer.result.problems} problems; expected ${o.rows} and 0`,
    );
  }
  const figures: Record<string, unknown> = {
    bench: 'sheets',
    rows: o.rows,
    columns: 12,
    total_s: round(layer.work_s),
    baseline_s: round(baseline.work_s),
    ratio: round(layer.work_s / baseline.work_s, 2),
    rows_per_s: Math.round(o.rows / layer.work_s),
    baseline_rows_per_s: Math.round(o.rows / baseline.work_s),
    peak_rss_mb: layer.peak_rss_mb,
    baseline_peak_rss_mb: baseline.peak_rss_mb,
    valid_rows: layer.result.rows,
  };
  if (o.google) {
    const g = await measureGoogle(
      { read: join(here, 'measure-google-read.ts'), layer: join(here, 'measure-google-layer.ts') },
      { rows: o.googleRows ?? Math.min(o.rows, 200_000), seed: SEED, period: PERIOD, latencyMs: o.latencyMs },
    );
    const line = (what: string, r: typeof g.read): string =>
      `${what} ${r.seconds.toFixed(2)} s, ${r.calls} API calls ${JSON.stringify(r.byMethod)}, peak ${r.peak_rss_mb} MB`;
    console.log(line('Google stand-in, backend read:', g.read));
    console.log(line('Google stand-in, whole layer: ', g.layer));
    Object.assign(figures, {
      google_rows: g.rows,
      google_s: round(g.layer.seconds),
      google_rows_per_s: Math.round(g.rows / g.layer.seconds),
      google_calls: g.layer.calls,
      calls_per_100k: round((g.layer.calls * 100_000) / g.rows, 2),
      google_calls_by_method: g.layer.byMethod,
      google_peak_rss_mb: g.layer.peak_rss_mb,
      google_read_s: round(g.read.seconds),
      google_read_calls: g.read.calls,
      google_read_calls_per_100k: round((g.read.calls * 100_000) / g.rows, 2),
      google_read_peak_rss_mb: g.read.peak_rss_mb,
      google_latency_ms: o.latencyMs,
    });
  }
  printFinal(figures);
}

const program = new Command()
  .name('bench sheets')
  .option('--rows <n>', 'ledger rows in the xlsx', count, 200_000)
  .option('--google-rows <n>', 'rows in the Sheets stand-in table (default: min(rows, 200000))', count)
  .option('--no-google', 'skip the Google Sheets stand-in measurement')
  .option('--repeat <k>', 'alternate baseline/layer runs k times, keep the best time', count, 1)
  .option('--latency-ms <ms>', 'simulated network latency per Sheets API call', (v) => Number(v), 0)
  .option('--dir <dir>', 'cache folder for generated workbooks', '.data/bench')
  .action((o: Opts) => main(o));

program.parseAsync().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
});
