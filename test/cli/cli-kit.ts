// Helpers for the CLI tests: the real entry point (`node cli/bin.js …`) as a child process, a config file made
// from config/example.yaml for a temp data dir, and a fresh Temporal namespace per test file on the run's dev
// server, so business ids (stocktake-2026-11-…), schedules and visibility lists never meet other tests.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common';
import { parse, stringify } from 'yaml';
import { loadConfig, type LoadedConfig } from '../../config/load-config';
import { temporalAddress, uniqueTaskQueue } from '../support/temporal';

const ROOT = join(__dirname, '..', '..');
export const BIN = join(ROOT, 'cli', 'bin.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node cli/bin.js …args` with the run's Temporal address; resolves with exit code and output. */
export function runCli(
  args: string[],
  opts: { config?: string; input?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: temporalAddress(),
        ...(opts.config ? { AFTERSALES_CONFIG: opts.config } : {}),
        ...opts.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

export function json<T = unknown>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${run.code}):\n${run.stdout}\n--- stderr ---\n${run.stderr}`);
  }
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && cur && typeof cur === 'object' && !Array.isArray(cur)
        ? deepMerge(cur as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

export interface TestConfigFile {
  path: string;
  dataDir: string;
  config: LoadedConfig;
  /** Rewrites the file with another patch on top of the example (same data dir); `replace` swaps whole top-level keys. */
  rewrite(patch: Record<string, unknown>, replace?: Record<string, unknown>): LoadedConfig;
}

/**
 * Writes config/example.yaml (raw, so money stays in yuan) merged with a temp data dir, the given SMTP port,
 * namespace and task queue, and `patch`; returns the path and the config as the CLI will load it.
 */
export function writeTestConfig(opts: {
  smtpPort?: number;
  namespace: string;
  taskQueue?: string;
  patch?: Record<string, unknown>;
  dataDir?: string;
  /** File name inside the data dir (several configs may share one data dir). */
  fileName?: string;
}): TestConfigFile {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'aftersales-cli-'));
  const path = join(dataDir, opts.fileName ?? 'config.yaml');
  const taskQueue = opts.taskQueue ?? uniqueTaskQueue('cli');
  const write = (patch: Record<string, unknown>, replace: Record<string, unknown> = {}): LoadedConfig => {
    const raw = parse(readFileSync(join(ROOT, 'config', 'example.yaml'), 'utf8')) as Record<string, unknown>;
    const merged = deepMerge(
      deepMerge(raw, {
        dataDir,
        temporal: { address: temporalAddress(), namespace: opts.namespace, taskQueue },
        smtp: {
          mode: 'catcher',
          port: opts.smtpPort ?? 2525,
          outboxDir: 'outbox',
          from: '售后服务部 <aftersales@example.cn>',
        },
      }),
      patch,
    );
    writeFileSync(path, stringify({ ...merged, ...replace }));
    return loadConfig(path, {});
  };
  const file: TestConfigFile = {
    path,
    dataDir,
    config: write(opts.patch ?? {}),
    rewrite(patch, replace) {
      file.config = write(patch, replace);
      return file.config;
    },
  };
  return file;
}

/** Registers a fresh namespace on the run's dev server (usable at once) and returns it with a client. */
export async function freshNamespace(prefix = 'cli'): Promise<{ namespace: string; client: Client }> {
  const namespace = `${prefix}-${randomUUID().slice(0, 8)}`;
  const connection = await Connection.connect({ address: temporalAddress() });
  await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
  return { namespace, client: new Client({ connection, namespace }) };
}

/** Polls until `fn` returns a truthy value (visibility and mail arrive asynchronously). */
export async function eventually<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}
