/**
 * A worker in its own process for fault tests. With CRASH_AFTER_SMTP_ACCEPT=1 it kills itself (SIGKILL, no
 * cleanup) right after the SMTP server accepted a mail and the sent-log recorded it — before the activity
 * can report completion to Temporal.
 * argv: <configJson> <temporalAddress> <taskQueue> <bundlePath>
 */
import { readFileSync } from 'node:fs';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { LoadedConfig } from '../../config/load-config';
import { createActivities, createPlatformServices, recoverLeftovers } from '../../worker';
import { activityBoundary } from '../../activities/boundary';

async function main(): Promise<void> {
  const [cfgPath, address, taskQueue, bundlePath] = process.argv.slice(2) as [string, string, string, string];
  const cfg = JSON.parse(readFileSync(cfgPath, 'utf8')) as LoadedConfig;
  const services = createPlatformServices(cfg);
  await recoverLeftovers(services, (l) => process.stdout.write(`${l}\n`));
  if (process.env.CRASH_AFTER_SMTP_ACCEPT === '1') {
    const record = services.sentLog.record.bind(services.sentLog);
    services.sentLog.record = async (key, rec) => {
      await record(key, rec);
      process.stdout.write('CRASHING-AFTER-ACCEPT\n');
      process.kill(process.pid, 'SIGKILL');
      await new Promise(() => undefined);
    };
  }
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowBundle: { codePath: bundlePath },
    activities: createActivities(services),
    interceptors: { activity: [activityBoundary] },
  });
  process.stdout.write('WORKER-READY\n');
  await worker.run();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
