import { hostname, userInfo } from 'node:os';
import type { Client } from '@temporalio/client';
import type { LoadedConfig } from '../config/load-config';
import type { ArchiveStore } from '../activities/archive/archive-store';
import type { AuditLog } from '../activities/archive/audit-log';
import { CliFailure } from './errors';
import type * as ArchiveStoreModule from '../activities/archive/archive-store';
import type * as AuditLogModule from '../activities/archive/audit-log';
import type * as LoadConfig from '../config/load-config';
import type * as TemporalClient from '@temporalio/client';
import { toJson } from './output';
import { temporalAddress, temporalConnectionOptions } from '../lib/temporal-connection';

export interface GlobalOptions {
  config?: string;
  verbose?: boolean;
}

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
}

/** host:port of the config's Temporal frontend (`embedded` = the dev server `npm start` runs). */
export const temporalAddressOf = temporalAddress;

/**
 * What every command shares: the config (parsed once, on first use, from --config or AFTERSALES_CONFIG), a
 * Temporal client (connected on first use, closed at exit), the archive and audit log, and the output streams.
 * Heavy modules load on first use, so `--help` and usage errors answer at once.
 */
export class CliContext {
  exitCode = 0;
  private cfg?: LoadedConfig;
  private clientPromise?: Promise<Client>;

  constructor(
    readonly options: GlobalOptions,
    readonly io: CliIo,
  ) {}

  async config(): Promise<LoadedConfig> {
    if (!this.cfg) {
      const { loadConfig } = require('../config/load-config') as typeof LoadConfig;
      this.cfg = loadConfig(this.options.config);
    }
    return this.cfg;
  }

  client(): Promise<Client> {
    this.clientPromise ??= this.connect();
    return this.clientPromise;
  }

  private async connect(): Promise<Client> {
    const cfg = await this.config();
    const { Client, Connection } = require('@temporalio/client') as typeof TemporalClient;
    const address = temporalAddressOf(cfg);
    const t = cfg.temporal;
    try {
      const connection = await Connection.connect({ ...temporalConnectionOptions(cfg), connectTimeout: '5 seconds' });
      return new Client({ connection, namespace: t.namespace });
    } catch (err) {
      const hint =
        t.address === 'embedded'
          ? 'is the embedded dev server running (`npm start`)?'
          : 'check temporal.address / TEMPORAL_ADDRESS, TLS and the API key';
      throw new CliFailure(
        `cannot reach Temporal at ${address} (namespace ${t.namespace}): ${(err as Error).message}; ${hint}`,
        undefined,
        err,
      );
    }
  }

  async archiveRoot(): Promise<string> {
    const cfg = await this.config();
    const { dataPath } = require('../config/load-config') as typeof LoadConfig;
    return dataPath(cfg, cfg.archive.dir);
  }

  async archive(): Promise<ArchiveStore> {
    const { ArchiveStore } = require('../activities/archive/archive-store') as typeof ArchiveStoreModule;
    return new ArchiveStore({ root: await this.archiveRoot() });
  }

  async audit(): Promise<AuditLog> {
    const { AuditLog } = require('../activities/archive/audit-log') as typeof AuditLogModule;
    return new AuditLog({ root: await this.archiveRoot() });
  }

  /** Who is at the terminal, for the audit log: `--operator` or the OS user at this host. */
  operator(explicit?: string): string {
    if (explicit?.trim()) return explicit.trim();
    try {
      return `${userInfo().username}@${hostname()}`;
    } catch {
      return `unknown@${hostname()}`;
    }
  }

  out(text = ''): void {
    this.io.stdout.write(`${text}\n`);
  }

  json(value: unknown): void {
    this.io.stdout.write(`${toJson(value)}\n`);
  }

  err(text: string): void {
    this.io.stderr.write(`${text}\n`);
  }

  async close(): Promise<void> {
    const pending = this.clientPromise;
    this.clientPromise = undefined;
    if (!pending) return;
    const client = await pending.catch(() => undefined);
    await client?.connection.close().catch(() => undefined);
  }
}
