/**
 * The month as it runs in production: the dunning parent and one child per dealer on a real Temporal dev server,
 * one worker in this process with the real activities. Times the run from start to the parent's completion (the
 * workflow bundle is built by the bench beforehand, in a process of its own, as worker.ts does) and samples history lengths of the children and parent runs.
 * argv: <dataDir> <smtpPort> <temporalAddress> <dealersPath> <transactionsPath> <period> <concurrency> <childrenPerRun>
 *       <dealers> <workflowBundlePath>
 */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { dunningMonthWorkflow, dunningProgressQuery } from '../../workflows/dunning-month';
import { childMain } from '../lib/child-main';
import { startProgress } from '../lib/progress';
import { WORKER_TUNING } from '../../worker';
import { benchActivities, benchConfig, benchSettings } from './bench-services';
import { activityBoundary } from '../../activities/boundary';
import { parsePeriod } from '../../domain/calendar';

childMain(async ([dataDir, smtpPort, address, dealersPath, txPath, period, conc, perRun, total, bundlePath]) => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const cfg = benchConfig(dataDir!, Number(smtpPort));
  const { services, activities } = benchActivities(cfg);
  const connection = await NativeConnection.connect({ address: address! });
  const taskQueue = `bench-dunning-${Date.now()}`;
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowBundle: { codePath: bundlePath! },
    activities,
    interceptors: { activity: [activityBoundary] },
    ...WORKER_TUNING,
  });
  const client = new Client({ connection: await Connection.connect({ address: address! }) });
  const workflowId = `dunning-${period}-bench${Date.now()}`;
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  let progress: ReturnType<typeof startProgress> | undefined;
  const result = await worker.runUntil(async () => {
    const handle = await client.workflow.start(dunningMonthWorkflow, {
      taskQueue,
      workflowId,
      args: [
        {
          settings: benchSettings(cfg, parsePeriod(period, 'period argument'), dealersPath!, txPath!),
          concurrency: Number(conc),
          childrenPerRun: Number(perRun),
        },
      ],
    });
    progress = startProgress('[bench:dunning] temporal', Number(total), async () => {
      return (await client.workflow.getHandle(workflowId).query(dunningProgressQuery)).done;
    });
    try {
      return await handle.result();
    } finally {
      progress?.stop();
    }
  });
  const run_s = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const events = async (id: string, runId?: string) =>
    ((await client.workflow.getHandle(id, runId).fetchHistory()).events ?? []).length;
  const parentRuns: number[] = [];
  for await (const r of client.workflow.list({ query: `WorkflowId = '${workflowId}'` }))
    parentRuns.push(await events(workflowId, r.runId));
  const step = Math.max(1, Math.floor(result.dealers / 25));
  const childEvents: number[] = [];
  for (let i = 1; i <= result.dealers && childEvents.length < 25; i += step) {
    childEvents.push(await events(`${workflowId}-D${String(i).padStart(5, '0')}`));
  }
  services.transport.close();
  await client.connection.close();
  await connection.close();
  return {
    run_s,
    cpu_s: (cpu.user + cpu.system) / 1e6,
    rss_samples: progress?.samples ?? [],
    dealers: result.dealers,
    statements: result.summary.statementsSent,
    generations: result.generations,
    parent_events_per_run: parentRuns,
    child_events: {
      sampled: childEvents.length,
      min: Math.min(...childEvents),
      max: Math.max(...childEvents),
      avg: Math.round(childEvents.reduce((s, n) => s + n, 0) / childEvents.length),
    },
  };
});
