import { Connection, type Client } from '@temporalio/client';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import { dataPath, type LoadedConfig } from '../../config/load-config';
import { startMailCatcher, type MailCatcher } from '../../activities/mail/mail-catcher';
import { startWebServer, type RunningWebServer } from '../../web/server';
import {
  connectClient,
  connectWorker,
  createPlatformServices,
  createWeb,
  createWorker,
  temporalAddress,
  type PlatformServices,
} from '../../worker';
import { startDevServer, type DevServer } from './dev-server';

export interface Stack {
  cfg: LoadedConfig;
  services: PlatformServices;
  client: Client;
  temporalUi: string | null;
  devServer?: DevServer;
  catcher?: MailCatcher;
  web?: RunningWebServer;
  worker?: Worker;
  stop(): Promise<void>;
}

async function answers(address: string): Promise<boolean> {
  try {
    const conn = await Connection.connect({ address, connectTimeout: 1500 });
    await conn.workflowService.getSystemInfo({});
    await conn.close();
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts what the config asks for: the embedded Temporal dev server (SQLite under the data dir, UI on its port)
 * unless a server already answers there, the local mail catcher in catcher mode, the worker and the web server.
 * Used by `npm start` and `npm run demo`; each part can be left out.
 */
export async function startStack(
  cfg: LoadedConfig,
  opts: { worker?: boolean; web?: boolean; verbose?: boolean; log?: (line: string) => void } = {},
): Promise<Stack> {
  const log = opts.log ?? ((l: string) => console.log(l));
  if (opts.worker !== false && !opts.verbose) {
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // a Runtime was installed already in this process
    }
  }
  const stops: (() => Promise<void>)[] = [];
  let devServer: DevServer | undefined;
  let temporalUi: string | null = null;
  const address = temporalAddress(cfg);
  if (cfg.temporal.address === 'embedded') {
    temporalUi = `http://127.0.0.1:${cfg.temporal.embedded.uiPort}`;
    if (await answers(address)) {
      log(`[stack] reusing the Temporal dev server already running on ${address}`);
    } else {
      devServer = await startDevServer({
        port: cfg.temporal.embedded.port,
        uiPort: cfg.temporal.embedded.uiPort,
        dbFile: dataPath(cfg, cfg.temporal.embedded.dbFile),
        namespace: cfg.temporal.namespace,
      });
      stops.unshift(() => devServer!.stop());
      log(`[stack] Temporal dev server on ${address}, UI ${temporalUi}`);
    }
  }
  let catcher: MailCatcher | undefined;
  if (cfg.smtp.mode === 'catcher') {
    try {
      catcher = await startMailCatcher({ port: cfg.smtp.port, outboxDir: dataPath(cfg, cfg.smtp.outboxDir) });
      stops.unshift(() => catcher!.close());
      log(`[stack] mail catcher on 127.0.0.1:${cfg.smtp.port}, outbox ${dataPath(cfg, cfg.smtp.outboxDir)}`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      log(`[stack] port ${cfg.smtp.port} busy: assuming the mail catcher of a running instance`);
    }
  }
  const services = createPlatformServices(cfg);
  stops.push(async () => services.transport.close());
  const client = await connectClient(cfg);
  stops.push(() => client.connection.close());

  let worker: Worker | undefined;
  if (opts.worker !== false) {
    const nativeConnection = await connectWorker(cfg);
    worker = await createWorker(services, nativeConnection, client);
    const running = worker.run();
    stops.unshift(async () => {
      // After Ctrl+C the SDK's own signal handler may already be draining the worker.
      if (worker!.getState() === 'RUNNING') worker!.shutdown();
      await running;
      await nativeConnection.close();
    });
    log(`[stack] worker polling task queue ${cfg.temporal.taskQueue}`);
  }
  let web: RunningWebServer | undefined;
  if (opts.web !== false) {
    web = await startWebServer({ app: createWeb(services, client), port: cfg.web.port, host: cfg.web.host });
    stops.unshift(() => web!.close());
    log(`[stack] web server ${web.url} (links use ${cfg.web.publicBaseUrl})`);
  }
  let stopped = false;
  return {
    cfg,
    services,
    client,
    temporalUi,
    devServer,
    catcher,
    web,
    worker,
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const stop of stops) {
        try {
          await stop();
        } catch (err) {
          console.error('[stack] stop failed:', err);
        }
      }
    },
  };
}
