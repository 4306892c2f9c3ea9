import { createConnection } from 'node:net';
import { Connection, type Client } from '@temporalio/client';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import { dataPath, type LoadedConfig } from '../../config/load-config';
import { ConfigError } from '../../domain/errors';
import type { MailCatcher } from './mail-catcher';
import { startWebServer, type RunningWebServer } from '../../web/server';
import {
  connectClient,
  connectWorker,
  createPlatformServices,
  createWeb,
  createWorker,
  recoverLeftovers,
  temporalAddress,
  type PlatformServices,
} from '../../worker';
import type { DevServer } from './dev-server';

/**
 * The embedded dev server and mail catcher are development tools (devDependencies: @temporalio/testing,
 * smtp-server, mailparser), loaded only when the config asks for them, so a production install
 * (`npm ci --omit=dev`) pointed at a cluster and an SMTP relay runs without them.
 */
async function devTool<T>(load: () => Promise<T>, what: string): Promise<T> {
  try {
    return await load();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') throw err;
    throw new ConfigError(
      `${what} is a development tool and its packages are not installed (npm ci --omit=dev): ` +
        `configure temporal.address and an smtp relay, or install the devDependencies (${(err as Error).message.split('\n')[0]})`,
    );
  }
}

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

/** True when an SMTP server greets (220) on 127.0.0.1:port within 2 s. */
function smtpAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (d: Buffer) => done(d.toString('latin1').startsWith('220')));
  });
}

/** Polls until a Temporal frontend answers on `address` (another process may be starting it right now). */
async function answersWithin(address: string, ms: number): Promise<boolean> {
  for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 500))) {
    if (await answers(address)) return true;
  }
  return false;
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
      const { startDevServer } = await devTool(() => import('./dev-server'), 'the embedded Temporal server');
      try {
        devServer = await startDevServer({
          port: cfg.temporal.embedded.port,
          uiPort: cfg.temporal.embedded.uiPort,
          dbFile: dataPath(cfg, cfg.temporal.embedded.dbFile),
          namespace: cfg.temporal.namespace,
        });
        stops.unshift(() => devServer!.stop());
        log(`[stack] Temporal dev server on ${address}, UI ${temporalUi}`);
      } catch (err) {
        // Another instance may have been starting its server on the same port: use it once it answers.
        if (!(await answersWithin(address, 30_000))) throw err;
        log(`[stack] reusing the Temporal dev server another process started on ${address}`);
      }
    }
  }
  let catcher: MailCatcher | undefined;
  if (cfg.smtp.mode === 'catcher') {
    try {
      const { startMailCatcher } = await devTool(() => import('./mail-catcher'), 'the local mail catcher');
      catcher = await startMailCatcher({ port: cfg.smtp.port, outboxDir: dataPath(cfg, cfg.smtp.outboxDir) });
      stops.unshift(() => catcher!.close());
      log(`[stack] mail catcher on 127.0.0.1:${cfg.smtp.port}, outbox ${dataPath(cfg, cfg.smtp.outboxDir)}`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      if (!(await smtpAnswers(cfg.smtp.port))) {
        throw new Error(`port ${cfg.smtp.port} (smtp.port) is taken by something that is not an SMTP server`);
      }
      log(`[stack] reusing the mail catcher already listening on 127.0.0.1:${cfg.smtp.port}`);
    }
  }
  const services = createPlatformServices(cfg);
  stops.push(async () => services.transport.close());
  if (opts.worker !== false) await recoverLeftovers(services, log);
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
