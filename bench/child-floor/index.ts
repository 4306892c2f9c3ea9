/**
 * Child-floor benchmark: what one workflow per dealer costs on this machine, whatever the dealer's work. The dunning
 * month's shape (a parent keeping `concurrency` children running, each child `las` local activities with results of
 * a dealer's facts' size, reporting by its result) carries a fixed CPU work per child, once on a real Temporal dev
 * server and once as a plain loop of the same activity calls in one process (the baseline, same run). With the
 * dunning statement's CPU as the work (`--work-ms`, default 55), the ratio is the floor of the dunning bench's
 * Temporal/plain ratio for any design with a workflow per dealer; with `--work-ms 0` it is the workflow's own cost.
 * `--shape` measures decision 0005's alternatives on the same footing (bench/child-floor/workflows.ts):
 * `child-per-batch` (a workflow per `--batch` dealers) and `work-batched` (the batch's work in the parent, then a
 * workflow per dealer with one step); the plain loop is the same in every shape (`--children` counts dealers).
 *
 *   npm run bench -- child-floor [--children 1000] [--las 4] [--work-ms 55] [--payload-bytes 1500] [--concurrency 20]
 *                                [--shape child-per-dealer|child-per-batch|work-batched] [--batch 25]
 *
 * Last line: one JSON object with the figures (CPU per child: worker process, server, plain loop).
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
import { burn } from './activities';
import { numberArg, stringArg } from '../lib/args';

const CHILDREN = numberArg('--children', 1000);
const LAS = numberArg('--las', 4);
const WORK_MS = numberArg('--work-ms', 55);
const PAYLOAD = numberArg('--payload-bytes', 1500);
const CONCURRENCY = numberArg('--concurrency', 20);
const SHAPES = ['child-per-dealer', 'child-per-batch', 'work-batched'] as const;
const SHAPE = stringArg('--shape') ?? SHAPES[0];
const BATCH = numberArg('--batch', 25);
const log = (...a: unknown[]) => console.log('[bench:child-floor]', ...a);
// One parent run holds every child (~4 history events each): 5,000 stay well inside a history's 50,000 events.
const MAX_CHILDREN = 5000;

/** Loop rounds per millisecond of CPU here: the best of a few timed runs after warm-up (the host's speed drifts). */
function calibrate(): number {
  burn(2_000);
  let best = 0;
  for (let i = 0; i < 5; i++) {
    const c0 = process.cpuUsage();
    burn(10_000);
    const c = process.cpuUsage(c0);
    best = Math.max(best, 10_000 / ((c.user + c.system) / 1000));
  }
  return best;
}

async function main(): Promise<void> {
  if (!(CHILDREN >= 1 && CHILDREN <= MAX_CHILDREN)) throw new Error(`--children must be 1..${MAX_CHILDREN}`);
  if (!(SHAPES as readonly string[]).includes(SHAPE)) throw new Error(`--shape must be one of ${SHAPES.join(', ')}`);
  if (!(Number.isInteger(BATCH) && BATCH >= 1)) throw new Error('--batch must be a whole number ≥ 1');
  const dir = mkdtempSync(join(tmpdir(), 'bench-floor-'));
  const perMs = calibrate();
  const units = Math.round(perMs * WORK_MS);
  log(
    `${CHILDREN} dealers × ${LAS} local activities, ${WORK_MS} ms of CPU work each (${units} rounds), ` +
      `concurrency ${CONCURRENCY}, shape ${SHAPE}${SHAPE === SHAPES[0] ? '' : ` (batch ${BATCH})`}`,
  );
  // As the dunning bench does it: bundled in a process of its own, before the clock starts.
  const bundlePath = await bundleWorkflowsToFile(join(dir, 'floor-bundle.js'), join(__dirname, 'workflows.ts'));
  // Both measured processes run compiled, as `npm run worker` runs the worker (scripts/compile-entry.ts).
  const plainScript = await compileEntry(join(__dirname, 'measure-plain.ts'));
  const temporalScript = await compileEntry(join(__dirname, 'measure-temporal.ts'));
  const work = [String(CHILDREN), String(LAS), String(units), String(PAYLOAD), String(CONCURRENCY)];
  const plain = await runChild<{ run_s: number; cpu_s: number }>(plainScript, work);
  log(`plain loop: ${round(plain.result.run_s, 1)} s, CPU ${round(plain.result.cpu_s, 1)} s`);
  const server = await startDevServer({ uiPort: null, dbFile: null });
  try {
    const serverCpu0 = processCpuSeconds(server.pid);
    const temporal = await runChild<{
      run_s: number;
      cpu_s: number;
      done: number;
      failed: number;
      child_events: number;
      workflows: number;
    }>(temporalScript, [server.address, bundlePath, ...work, SHAPE, String(BATCH)]);
    const serverCpu = (processCpuSeconds(server.pid) ?? NaN) - (serverCpu0 ?? NaN);
    const t = temporal.result;
    if (t.done !== CHILDREN) throw new Error(`${t.done} of ${CHILDREN} dealers completed (${t.failed} failed)`);
    const perChild = (s: number) => round((1000 * s) / CHILDREN, 1);
    // Without work (--work-ms 0 or --las 0) the plain loop does nothing: only the CPU per child means anything.
    const ratio = WORK_MS > 0 && LAS > 0 ? t.run_s / plain.result.run_s : null;
    log(`temporal: ${round(t.run_s, 1)} s, worker CPU ${round(t.cpu_s, 1)} s, server CPU ${round(serverCpu, 1)} s`);
    log(
      `CPU per dealer: worker ${perChild(t.cpu_s)} + server ${perChild(serverCpu)} ms against the plain loop's ` +
        `${perChild(plain.result.cpu_s)} ms` +
        (ratio === null ? '' : `; Temporal / plain time ${round(ratio, 2)}×`),
    );
    printFinal({
      bench: 'child-floor',
      children: CHILDREN,
      shape: SHAPE,
      batch: SHAPE === SHAPES[0] ? 1 : BATCH,
      workflows: t.workflows,
      local_activities: LAS,
      work_ms: WORK_MS,
      payload_bytes: PAYLOAD,
      concurrency: CONCURRENCY,
      temporal_s: round(t.run_s, 1),
      temporal_peak_rss_mb: temporal.peak_rss_mb,
      temporal_worker_cpu_ms_per_child: perChild(t.cpu_s),
      temporal_server_cpu_ms_per_child: Number.isFinite(serverCpu) ? perChild(serverCpu) : null,
      child_events: t.child_events,
      plain_s: round(plain.result.run_s, 1),
      plain_cpu_ms_per_child: perChild(plain.result.cpu_s),
      overhead_cpu_ms_per_child: Number.isFinite(serverCpu) ? perChild(t.cpu_s + serverCpu - plain.result.cpu_s) : null,
      overhead_ratio: ratio === null ? null : round(ratio, 2),
    });
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
