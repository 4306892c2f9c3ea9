/**
 * The child-floor Temporal run: the floor parent and its children on a real dev server, one worker in this process
 * tuned as the product's worker (WORKER_TUNING). argv: <address> <bundlePath> <children> <las> <units>
 * <payloadBytes> <concurrency> <shape> <batch>
 */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { WORKER_TUNING } from '../../worker';
import { childMain } from '../lib/child-main';
import { startProgress } from '../lib/progress';
import { createFloorActivities } from './activities';
import type { FloorShape, floorMonthWorkflow } from './workflows';

childMain(async ([address, bundlePath, n, las, units, payload, conc, shape, batch]) => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address: address! });
  const taskQueue = `bench-floor-${Date.now()}`;
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowBundle: { codePath: bundlePath! },
    activities: createFloorActivities(),
    ...WORKER_TUNING,
  });
  const client = new Client({ connection: await Connection.connect({ address: address! }) });
  const workflowId = `floor-${Date.now()}`;
  const children = Number(n);
  const workflows = shape === 'child-per-batch' ? Math.ceil(children / Number(batch)) : children;
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  // Progress from the server's count of closed children (the floor parent has no query, on purpose: nothing extra).
  const progress = startProgress('[bench:child-floor] temporal workflows', workflows, async () => {
    const r = await client.workflow.count(`WorkflowId STARTS_WITH '${workflowId}-C' AND ExecutionStatus = 'Completed'`);
    return r.count;
  });
  const result = await worker.runUntil(async () => {
    try {
      return await client.workflow.execute<typeof floorMonthWorkflow>('floorMonthWorkflow', {
        taskQueue,
        workflowId,
        args: [
          {
            children,
            las: Number(las),
            units: Number(units),
            payloadBytes: Number(payload),
            concurrency: Number(conc),
            shape: shape as FloorShape,
            batch: Number(batch),
          },
        ],
      });
    } finally {
      progress.stop();
    }
  });
  const run_s = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const childEvents = (await client.workflow.getHandle(`${workflowId}-C00000`).fetchHistory()).events?.length ?? 0;
  await client.connection.close();
  await connection.close();
  return { run_s, cpu_s: (cpu.user + cpu.system) / 1e6, ...result, workflows, child_events: childEvents };
});
