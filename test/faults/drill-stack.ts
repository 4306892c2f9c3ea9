/**
 * A month-end stack for the fault drills, every part of it killable: the Temporal dev server (SQLite, so it survives
 * a SIGKILL), the mail catcher, the web server (startStack, which reuses the two), and the production worker in its
 * own process (drill-worker.ts), restarted at once whenever it dies.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadConfig, type LoadedConfig } from '../../config/load-config';
import { DEMO_VERIFICATION } from '../../scripts/demo/demo-early-warning';
import { startMailCatcher, type MailCatcher } from '../../scripts/lib/mail-catcher';
import { freePort, startDevServer, type DevServer } from '../../scripts/lib/dev-server';
import { startStack, type Stack } from '../../scripts/lib/stack';
import type { KillPoint } from './drill-worker';

const ROOT = join(__dirname, '..', '..');

export interface WorkerLife {
  startedAt: number;
  readyAt?: number;
  endedAt?: number;
  /** The kill point that ended it. */
  killed?: string;
  /** The attempt that kill point ended. */
  victim?: { workflowId: string; activityId: string; attempt: number };
}

export class DrillStack {
  devServer!: DevServer;
  catcher: MailCatcher | null = null;
  stack!: Stack;
  cfg!: LoadedConfig;
  readonly lives: WorkerLife[] = [];
  readonly fired = new Set<string>();
  /** Called when a kill point has ended a worker (before its restart): the drill watches that kill's stall. */
  onKill: ((life: WorkerLife) => void) | null = null;
  private child: ChildProcess | null = null;
  private stopping = false;
  private plan: KillPoint[] = [];

  constructor(
    readonly dir: string,
    readonly cfgPath: string,
    private readonly bundlePath: string,
  ) {}

  /** Writes the demo config (example.yaml) with this drill's data dir, free ports and, optionally, the store elsewhere. */
  static async create(dir: string, bundlePath: string, storeDir?: string): Promise<DrillStack> {
    mkdirSync(dir, { recursive: true });
    const raw = parse(readFileSync(join(ROOT, 'config', 'example.yaml'), 'utf8')) as Record<string, unknown>;
    const [port, smtpPort, webPort] = [await freePort(), await freePort(), await freePort()];
    const cfgPath = join(dir, 'config.yaml');
    writeFileSync(
      cfgPath,
      stringify({
        ...raw,
        dataDir: dir,
        temporal: {
          ...(raw.temporal as object),
          address: 'embedded',
          embedded: { port, uiPort: 0, dbFile: 'temporal.db' },
        },
        smtp: { ...(raw.smtp as object), mode: 'catcher', port: smtpPort, outboxDir: 'outbox' },
        web: { ...(raw.web as object), port: webPort, publicBaseUrl: `http://127.0.0.1:${webPort}` },
        ...(storeDir ? { archive: { ...(raw.archive as object), dir: storeDir } } : {}),
        // The demo's short incident verification (the worker reads this file): weeks otherwise.
        ...(raw.earlyWarning
          ? { earlyWarning: { ...(raw.earlyWarning as object), verification: DEMO_VERIFICATION } }
          : {}),
      }),
    );
    return new DrillStack(dir, cfgPath, bundlePath);
  }

  get startsLog(): string {
    return join(this.dir, 'activity-starts.log');
  }

  async start(plan: KillPoint[]): Promise<void> {
    this.cfg = loadConfig(this.cfgPath, {});
    this.plan = plan;
    await this.startTemporal();
    await this.startCatcher();
    this.stack = await startStack(this.cfg, { worker: false, log: () => undefined });
    await this.spawnWorker();
  }

  async startTemporal(): Promise<void> {
    const e = this.cfg.temporal.embedded;
    this.devServer = await startDevServer({ port: e.port, uiPort: null, dbFile: join(this.dir, e.dbFile) });
  }

  /** SIGKILLs the Temporal dev server: no shutdown, whatever it had not written is lost. */
  killTemporal(): void {
    if (this.devServer.pid) process.kill(this.devServer.pid, 'SIGKILL');
  }

  async startCatcher(): Promise<void> {
    this.catcher = await startMailCatcher({ port: this.cfg.smtp.port, outboxDir: join(this.dir, 'outbox') });
  }

  async stopCatcher(): Promise<void> {
    await this.catcher?.close();
    this.catcher = null;
  }

  private async spawnWorker(): Promise<void> {
    const life: WorkerLife = { startedAt: Date.now() };
    this.lives.push(life);
    const remaining = this.plan.filter((p) => !this.fired.has(p.id));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'drill-worker.ts'), this.cfgPath, this.bundlePath],
      {
        env: { ...process.env, DRILL_STARTS: this.startsLog, DRILL_KILLS: JSON.stringify(remaining) },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    this.child = child;
    let out = '';
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (!life.readyAt && out.includes('WORKER-READY')) {
          life.readyAt = Date.now();
          resolve();
        }
      });
      child.once('exit', () => reject(new Error(`drill worker exited before it was ready: ${out}`)));
    });
    child.once('exit', () => {
      life.endedAt = Date.now();
      const [, killed, workflowId, activityId, attempt] = /KILL (\S+) (\S+) (\S+) (\d+)/.exec(out) ?? [];
      if (killed) {
        life.killed = killed;
        life.victim = { workflowId: workflowId!, activityId: activityId!, attempt: Number(attempt) };
        this.fired.add(killed);
        this.onKill?.(life);
      }
      // Restarted at once, like a supervisor would (a start that fails is restarted the same way).
      if (!this.stopping) this.spawnWorker().catch(() => undefined);
    });
    await ready;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((r) => this.child!.once('exit', r));
      this.child.kill('SIGKILL');
      await exited;
    }
    await this.stack?.stop();
    await this.catcher?.close();
    await this.devServer?.stop();
  }
}
