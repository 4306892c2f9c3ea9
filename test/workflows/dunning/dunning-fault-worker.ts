/**
 * A dunning worker in its own process for the crash test: platform + dunning activities on the test's config.
 * With CRASH_AFTER_STATEMENTS=N it SIGKILLs itself (no cleanup, in-flight activities and workflow tasks lost)
 * right after the N-th statement mail was accepted by SMTP and recorded in the sent-log.
 * argv: <configJson> <temporalAddress> <taskQueue> <bundlePath>
 */
import { readFileSync } from 'node:fs';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createDunningActivities, createDunningServices } from '../../../activities/dunning';
import { createExcelBackend } from '../../../activities/sheets/excel/excel-backend';
import { dataPath, type LoadedConfig } from '../../../config/load-config';
import { createActivities, createPlatformServices } from '../../../worker';
import { activityBoundary } from '../../../activities/boundary';

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const [cfgPath, address, taskQueue, bundlePath] = process.argv.slice(2) as [string, string, string, string];
  const cfg = JSON.parse(readFileSync(cfgPath, 'utf8')) as LoadedConfig;
  const services = createPlatformServices(cfg);
  const crashAfter = Number(process.env.CRASH_AFTER_STATEMENTS ?? 0);
  if (crashAfter > 0) {
    let statements = 0;
    const record = services.sentLog.record.bind(services.sentLog);
    services.sentLog.record = async (key, rec) => {
      await record(key, rec);
      if (key.workflowId.startsWith('dunning-statement-') && ++statements === crashAfter) {
        process.stdout.write('CRASHING\n');
        process.kill(process.pid, 'SIGKILL');
        await new Promise(() => undefined);
      }
    };
  }
  const excel = createExcelBackend();
  const platform = createActivities(services);
  const activities = {
    ...platform,
    ...createDunningActivities({
      ...createDunningServices({
        root: dataPath(cfg, cfg.archive.dir),
        resolveExcelPath: (ref) => excel.resolvePath(ref),
      }),
      work: services.work,
      archive: services.archive,
      backendFor: () => excel,
      mail: platform.sendMail,
      render: platform.renderDocument,
      signer: { keys: cfg.secrets.linkKeys },
      publicBaseUrl: cfg.web.publicBaseUrl,
      timeZone: cfg.timezone,
    }),
  };
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowBundle: { codePath: bundlePath },
    activities,
    interceptors: { activity: [activityBoundary] },
  });
  process.stdout.write('WORKER-READY\n');
  await worker.run();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
