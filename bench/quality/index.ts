/**
 * Quality-feedback benchmark (`npm run bench -- quality [--events 200000] [--buckets 32] [--no-flat-check]`).
 * Generates an xlsx of N quality events over 7 months once (cached under .data/bench/), then, each in its own child
 * process for an honest peak RSS:
 *   1. compile all department reports: read → clean → aggregate → 5 department views → render 5 PDFs (the CJK font
 *      is loaded first, outside total_s, as the worker does at start-up; font_load_s says how long it took);
 *   2. the aggregation alone as plain functions on the same events already in memory (clean + aggregate + views);
 *   3. (flat check) step 1 on a quarter of the events, to show peak memory does not grow with the event count.
 * Prints figures; the last line is one JSON object.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { printFinal, round } from '../lib/print-final';
import { runChild } from '../lib/run-child';
import { writeBenchCatalogue, writeBenchEvents, writeBenchVolumes } from './generate-events';
import { parsePeriod } from '../../domain/calendar';

const SEED = 20261130;
const PERIOD = parsePeriod('2026-11');
/** Issue 16: 200,000 events read, cleaned, aggregated and rendered into five department PDFs in at most 8 s. */
const TARGET_S = 8;

interface Opts {
  events: number;
  buckets: number;
  flatCheck: boolean;
  dir: string;
}

interface CompileResult {
  font_load_s: number;
  compile_s: number;
  prepare_s: number;
  render_s: number;
  peak_rss_after_compile_mb: number;
  counts: {
    rows: number;
    events: number;
    reportMonthEvents: number;
    duplicatesRemoved: number;
    unmappedTexts: number;
    problems: number;
  };
  blocking: string[];
  pdfs: { file: string; bytes: number }[];
}

interface PlainResult {
  clean_s: number;
  aggregate_s: number;
  views_s: number;
  plain_s: number;
  events: number;
  duplicatesRemoved: number;
}

const count = (v: string): number => {
  const n = Number(v.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive whole number');
  return n;
};

async function ensure(path: string, make: (tmp: string) => Promise<void>): Promise<void> {
  if (existsSync(path)) return;
  const started = Date.now();
  console.log(`generating ${path} (cached for later runs)`);
  const tmp = `${path}.tmp-${process.pid}.xlsx`;
  await make(tmp);
  renameSync(tmp, path);
  console.log(`generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function eventsFile(dir: string, n: number): Promise<string> {
  const name = `quality-events-${n}-seed${SEED}.xlsx`;
  await ensure(join(dir, name), (tmp) => writeBenchEvents(tmp, n, SEED, PERIOD));
  return name;
}

async function main(o: Opts): Promise<void> {
  const dir = resolve(o.dir);
  mkdirSync(dir, { recursive: true });
  await ensure(join(dir, 'bench-failure-modes.xlsx'), writeBenchCatalogue);
  await ensure(join(dir, 'bench-volumes.xlsx'), (tmp) => writeBenchVolumes(tmp, PERIOD));
  const file = await eventsFile(dir, o.events);

  const full = await runChild<CompileResult>(join(__dirname, 'measure-compile.ts'), [dir, file, String(o.buckets)]);
  const r = full.result;
  if (r.blocking.length || r.counts.rows !== o.events) {
    throw new Error(`compile read ${r.counts.rows} rows (expected ${o.events}); blocking: ${r.blocking.join('; ')}`);
  }
  console.log(
    `compile all department reports: ${full.work_s.toFixed(2)} s (read+clean+aggregate ${r.compile_s.toFixed(2)} s, ` +
      `prepare ${r.prepare_s.toFixed(2)} s, 5 PDFs ${r.render_s.toFixed(2)} s), peak RSS ${full.peak_rss_mb} MB; ` +
      `CJK font loaded before the clock in ${r.font_load_s.toFixed(2)} s`,
  );
  const plain = await runChild<PlainResult>(join(__dirname, 'measure-aggregate.ts'), [String(o.events), String(SEED)]);
  const p = plain.result;
  console.log(
    `aggregation alone (plain functions, events in memory): ${p.plain_s.toFixed(2)} s (clean ${p.clean_s.toFixed(2)} s, ` +
      `aggregate ${p.aggregate_s.toFixed(2)} s, views ${p.views_s.toFixed(3)} s), peak RSS ${plain.peak_rss_mb} MB`,
  );
  if (p.events !== r.counts.events)
    throw new Error(`plain path counted ${p.events} events, compile ${r.counts.events}`);

  const figures: Record<string, unknown> = {
    bench: 'quality',
    events: o.events,
    months: 7,
    departments: r.pdfs.length,
    total_s: round(full.work_s),
    // The same run as a process: Node and the TypeScript loader starting, modules loading, then the work.
    total_process_s: round(full.process_s),
    read_clean_aggregate_s: round(r.compile_s),
    render_pdfs_s: round(r.render_s),
    // Not in total_s: the worker locates and parses the CJK font once when it starts, before any month's work.
    font_load_s: round(r.font_load_s),
    total_excludes: 'worker start-up: CJK font load (font_load_s), Node and module loading (in total_process_s)',
    peak_rss_mb: full.peak_rss_mb,
    aggregate_only_s: round(p.plain_s),
    aggregate_only_peak_rss_mb: plain.peak_rss_mb,
    ratio: round(full.work_s / p.plain_s, 2),
    events_after_cleaning: r.counts.events,
    duplicates_merged: r.counts.duplicatesRemoved,
    unmapped_texts: r.counts.unmappedTexts,
    pdf_bytes: r.pdfs.reduce((s, d) => s + d.bytes, 0),
    buckets: o.buckets,
    target_s: TARGET_S,
    within_target: full.work_s <= TARGET_S,
  };
  if (o.flatCheck) {
    const quarter = Math.max(1, Math.floor(o.events / 4));
    const small = await runChild<CompileResult>(join(__dirname, 'measure-compile.ts'), [
      dir,
      await eventsFile(dir, quarter),
      String(o.buckets),
    ]);
    console.log(`flat check: ${quarter} events → ${small.work_s.toFixed(2)} s, peak RSS ${small.peak_rss_mb} MB`);
    Object.assign(figures, {
      flat_check_events: quarter,
      flat_check_s: round(small.work_s),
      flat_check_peak_rss_mb: small.peak_rss_mb,
      rss_growth_ratio: round(full.peak_rss_mb / small.peak_rss_mb, 2),
    });
  }
  printFinal(figures);
}

const program = new Command()
  .name('bench quality')
  .option('--events <n>', 'quality events in the xlsx', count, 200_000)
  .option('--buckets <n>', 'bucket files used while cleaning', count, 32)
  .option('--no-flat-check', 'skip the quarter-size run that shows memory is flat')
  .option('--dir <dir>', 'cache folder for generated workbooks', '.data/bench')
  .action((o: Opts) => main(o));

program.parseAsync().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
});
