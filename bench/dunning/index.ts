/**
 * Dunning benchmark: N dealers × ~40 transactions each (xlsx), all statements of account rendered, archived and
 * mailed to the local SMTP listener — once as the real Temporal month (parent + one child per dealer on a dev
 * server) and once as a plain loop over the same activity functions in one process (the baseline), each in its
 * own process so each peak RSS is its own. Prints dealers/s, peak RSS, the Temporal/plain time ratio and history
 * events per child and per parent run.
 *
 *   npm run bench -- dunning [--dealers 5000] [--tx 40] [--concurrency 20] [--children-per-run 500] [--no-plain]
 *                            [--keep]
 *
 * Above 10,000 dealers (`--dealers 50000`) it shows scale rather than overhead: ~4 transactions per dealer by
 * default, no plain loop (pass --plain for one), and what must stay bounded: history events of each parent run
 * (continue-as-new every --children-per-run) and the worker's RSS by quarter of the run (flat, not growing with
 * the dealers done).
 *
 * The run's files (workbooks, both processes' data: ~0.9 GB at 5,000 dealers) are removed at the end unless --keep.
 *
 * Last line: one JSON object with the figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowsToFile } from '../../scripts/bundle-workflows';
import { compileEntry } from '../../scripts/compile-entry';
import { startDevServer } from '../../scripts/lib/dev-server';
import { printFinal, round } from '../lib/print-final';
import { processCpuSeconds } from '../lib/process-cpu';
import { runChild } from '../lib/run-child';
import { startSmtpSink } from '../lib/smtp-sink';
import { writeBenchDataset } from './generate-dealers';
import { parsePeriod } from '../../domain/calendar';
import { numberArg } from '../lib/args';

const DEALERS = numberArg('--dealers', 5000);
const SCALE_MODE = DEALERS > 10_000;
const TX = numberArg('--tx', SCALE_MODE ? 4 : 40);
const PLAIN = process.argv.includes('--plain') || (!SCALE_MODE && !process.argv.includes('--no-plain'));
const CONCURRENCY = numberArg('--concurrency', 20);
const PER_RUN = numberArg('--children-per-run', 500);
const PERIOD = parsePeriod('2026-10');
const log = (...a: unknown[]) => console.log('[bench:dunning]', ...a);

interface TemporalFigures {
  run_s: number;
  cpu_s: number;
  dealers: number;
  statements: number;
  generations: number;
  parent_events_per_run: number[];
  child_events: { sampled: number; min: number; max: number; avg: number };
  rss_samples: { atS: number; done: number; rssMb: number; hwmMb: number }[];
}

/** Highest RSS seen in each quarter of the dealers (by progress samples): flat means memory does not grow with them. */
function rssByQuarter(samples: TemporalFigures['rss_samples'], total: number): number[] {
  const quarters = [0, 0, 0, 0];
  for (const s of samples) {
    const q = Math.min(3, Math.floor((4 * s.done) / Math.max(1, total)));
    quarters[q] = Math.max(quarters[q]!, s.rssMb);
  }
  return quarters;
}

/**
 * When the worker's peak was reached: the first progress sample whose high-water mark is the peak (within 1 MB), or
 * after the last one (the month's close). A peak at the start is the prepare step's, one at the close the report's.
 */
function peakReached(samples: TemporalFigures['rss_samples'], peakMb: number): { atS: number; done: number } | null {
  const s = samples.find((x) => x.hwmMb >= peakMb - 1);
  return s ? { atS: s.atS, done: s.done } : null;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-dunning-'));
  try {
    await run(dir);
  } finally {
    if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  }
}

async function run(dir: string): Promise<void> {
  const dealersPath = join(dir, '经销商.xlsx');
  const txPath = join(dir, '往来账.xlsx');
  const t = performance.now();
  const data = await writeBenchDataset(dealersPath, txPath, { dealers: DEALERS, perDealer: TX, year: 2026, month: 10 });
  log(
    `dataset: ${data.dealers} dealers, ${data.transactions} transactions in ${round((performance.now() - t) / 1000, 1)} s (${dir})`,
  );

  // A real SMTP listener that only counts what it accepts; it runs here, outside the measured processes.
  const catcher = await startSmtpSink();
  // As the worker does it (worker.ts): bundled in a process of its own, before the clock starts.
  const bundlePath = await bundleWorkflowsToFile(join(dir, 'workflow-bundle.js'));
  // Both measured processes run compiled, as `npm run worker` runs the worker (scripts/compile-entry.ts).
  const plainScript = await compileEntry(join(__dirname, 'measure-plain.ts'));
  const temporalScript = await compileEntry(join(__dirname, 'measure-temporal.ts'));
  const server = await startDevServer({ uiPort: null, dbFile: null });
  try {
    const plain = PLAIN
      ? await runChild<{ run_s: number; cpu_s: number; dealers: number; statements: number }>(plainScript, [
          join(dir, 'plain'),
          String(catcher.port),
          dealersPath,
          txPath,
          PERIOD,
          String(CONCURRENCY),
        ])
      : undefined;
    const plainMails = catcher.count();
    if (plain) {
      log(
        `plain loop: ${plain.result.statements} statements in ${round(plain.result.run_s, 1)} s, peak RSS ${plain.peak_rss_mb} MB, ${plainMails} mails caught`,
      );
    }

    const serverCpu0 = processCpuSeconds(server.pid);
    const temporal = await runChild<TemporalFigures>(temporalScript, [
      join(dir, 'temporal'),
      String(catcher.port),
      server.address,
      dealersPath,
      txPath,
      PERIOD,
      String(CONCURRENCY),
      String(PER_RUN),
      String(data.dealers),
      bundlePath,
    ]);
    const serverCpu = (processCpuSeconds(server.pid) ?? NaN) - (serverCpu0 ?? NaN);
    const temporalMails = catcher.count() - plainMails;
    const r = temporal.result;
    // CPU per dealer: the worker process (all its threads) plus the Temporal server, against the plain loop's process.
    const cpuMs = (s: number) => round((1000 * s) / r.dealers, 1);
    log(
      `CPU per dealer: worker ${cpuMs(r.cpu_s)} ms + Temporal server ${cpuMs(serverCpu)} ms` +
        (plain ? `; plain loop ${cpuMs(plain.result.cpu_s)} ms` : ''),
    );
    log(
      `temporal: ${r.statements} statements in ${round(r.run_s, 1)} s, peak RSS ${temporal.peak_rss_mb} MB, ${temporalMails} mails caught`,
    );
    log(
      `history events: parent runs ${r.parent_events_per_run.join(', ')}; children (${r.child_events.sampled} sampled) min ${r.child_events.min} avg ${r.child_events.avg} max ${r.child_events.max}`,
    );
    const quarters = rssByQuarter(r.rss_samples, r.dealers);
    log(`worker RSS by quarter of the dealers done: ${quarters.map((q) => `${q} MB`).join(', ')}`);
    const reached = peakReached(r.rss_samples, temporal.peak_rss_mb);
    log(
      `worker peak ${temporal.peak_rss_mb} MB reached ` +
        (reached ? `by ${reached.atS} s (${reached.done} dealers done)` : 'after the last progress line (the close)'),
    );
    const ratio = plain ? r.run_s / plain.result.run_s : undefined;
    if (plain && ratio !== undefined) {
      log(
        `Temporal / plain time: ${round(ratio, 2)}×  (${round(r.dealers / r.run_s, 1)} vs ${round(plain.result.dealers / plain.result.run_s, 1)} dealers/s)`,
      );
    }
    printFinal({
      bench: 'dunning',
      dealers: DEALERS,
      transactions: data.transactions,
      concurrency: CONCURRENCY,
      children_per_run: PER_RUN,
      temporal_s: round(r.run_s, 1),
      temporal_dealers_per_s: round(r.dealers / r.run_s, 2),
      temporal_peak_rss_mb: temporal.peak_rss_mb,
      temporal_rss_mb_by_quarter: quarters,
      temporal_peak_reached_at_s: reached?.atS ?? round(r.run_s, 1),
      temporal_mails: temporalMails,
      temporal_worker_cpu_ms_per_dealer: cpuMs(r.cpu_s),
      temporal_server_cpu_ms_per_dealer: Number.isFinite(serverCpu) ? cpuMs(serverCpu) : null,
      ...(plain && ratio !== undefined
        ? {
            plain_s: round(plain.result.run_s, 1),
            plain_dealers_per_s: round(plain.result.dealers / plain.result.run_s, 2),
            plain_peak_rss_mb: plain.peak_rss_mb,
            plain_mails: plainMails,
            plain_cpu_ms_per_dealer: cpuMs(plain.result.cpu_s),
            overhead_ratio: round(ratio, 2),
          }
        : {}),
      generations: r.generations,
      parent_events_max: Math.max(...r.parent_events_per_run),
      child_events_avg: r.child_events.avg,
      child_events_max: r.child_events.max,
    });
  } finally {
    await server.stop();
    await catcher.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
