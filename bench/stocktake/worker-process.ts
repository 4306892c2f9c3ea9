/**
 * The system under test of the stocktake bench: one worker process with the real platform and stocktake
 * activities, as worker.ts wires them, polling the bench's task queue until SIGINT. The bench (counters, approvers,
 * mail listener) drives the workflows from its own process, so this process's peak RSS is the worker's own.
 * argv: <dataDir> <smtpPort> <temporalAddress> <taskQueue> <workflowBundlePath>
 */
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { activityBoundary } from '../../activities/boundary';
import { createExcelBackend } from '../../activities/sheets/excel/excel-backend';
import { createStocktakeActivities } from '../../activities/stocktake';
import { WORKER_TUNING, createActivities, createPlatformServices } from '../../worker';
import { childMain } from '../lib/child-main';
import { READY_LINE } from '../lib/run-child';
import { benchConfig } from './bench-config';

childMain(async ([dataDir, smtpPort, address, taskQueue, bundlePath]) => {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const cfg = benchConfig(dataDir!, Number(smtpPort));
  const services = createPlatformServices(cfg);
  const platform = createActivities(services);
  const activities = {
    ...platform,
    ...createStocktakeActivities({
      excel: createExcelBackend({ root: dataDir! }),
      work: services.work,
      archive: services.archive,
      audit: services.audit,
      mail: platform.sendMail,
      timeZone: cfg.timezone,
      senderName: cfg.company.name,
    }),
  };
  const connection = await NativeConnection.connect({ address: address! });
  const worker = await Worker.create({
    connection,
    taskQueue: taskQueue!,
    workflowBundle: { codePath: bundlePath! },
    activities,
    interceptors: { activity: [activityBoundary] },
    ...WORKER_TUNING,
  });
  const cpu0 = process.cpuUsage();
  console.log(READY_LINE);
  // The SDK's runtime turns SIGINT into a graceful shutdown: run() returns once in-flight tasks are done.
  await worker.run();
  const cpu = process.cpuUsage(cpu0);
  services.transport.close();
  await connection.close();
  return { cpuUserMs: Math.round(cpu.user / 1000), cpuSystemMs: Math.round(cpu.system / 1000) };
});
