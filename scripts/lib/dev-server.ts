import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { readToolchain } from './toolchain';

export interface DevServer {
  address: string;
  uiUrl: string | null;
  namespace: string;
  /** The server process (absent when the SDK's own launcher runs it); fault drills kill it by this. */
  pid?: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForFrontend(address: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const start = Date.now();
  let lastErr: unknown;
  while (Date.now() - start < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`temporal dev server exited with code ${child.exitCode}`);
    try {
      const conn = await Connection.connect({ address, connectTimeout: 1000 });
      await conn.workflowService.getSystemInfo({});
      await conn.close();
      return;
    } catch (err) {
      lastErr = err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`temporal dev server did not answer on ${address} within ${timeoutMs} ms: ${String(lastErr)}`);
}

/**
 * Starts a Temporal CLI dev server. Uses the binary from scripts/setup.sh (PATH or built with `go install`);
 * without one, falls back to the SDK's own download (works for users with internet).
 * We spawn it ourselves rather than through the SDK so a slow, loaded machine gets more than the SDK's 5 s.
 */
export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  // A free port can be taken by someone else between our probe and the server's bind (parallel test runs):
  // retry with fresh ports when no fixed port was asked for.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDevServerOnce(opts);
    } catch (err) {
      if (opts.port !== undefined || attempt >= 3) throw err;
    }
  }
}

export interface DevServerOptions {
  port?: number;
  uiPort?: number | null;
  dbFile?: string | null;
  namespace?: string;
  logLevel?: string;
}

async function startDevServerOnce(opts: DevServerOptions): Promise<DevServer> {
  const toolchain = readToolchain();
  const namespace = opts.namespace ?? 'default';
  const port = opts.port ?? (await freePort());
  const uiPort = opts.uiPort === null ? null : (opts.uiPort ?? (await freePort()));
  if (!toolchain.temporalCli) {
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        namespace,
        port,
        ui: uiPort !== null,
        uiPort: uiPort ?? undefined,
        dbFilename: opts.dbFile ?? undefined,
      },
    });
    return {
      address: `127.0.0.1:${port}`,
      uiUrl: uiPort ? `http://127.0.0.1:${uiPort}` : null,
      namespace,
      stop: () => env.teardown(),
    };
  }
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--namespace', namespace];
  args.push('--log-level', opts.logLevel ?? 'error');
  if (uiPort === null) args.push('--headless');
  else args.push('--ui-port', String(uiPort), '--ui-ip', '127.0.0.1');
  if (opts.dbFile) {
    mkdirSync(dirname(opts.dbFile), { recursive: true });
    args.push('--db-filename', opts.dbFile);
  }
  const child = spawn(toolchain.temporalCli, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  // Never leave an orphaned server behind if this process exits without calling stop().
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const address = `127.0.0.1:${port}`;
  try {
    await waitForFrontend(address, child, 60_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n${stderr}`);
  }
  return {
    address,
    uiUrl: uiPort ? `http://127.0.0.1:${uiPort}` : null,
    namespace,
    ...(child.pid ? { pid: child.pid } : {}),
    stop: async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
