/**
 * The one composition root: builds the platform services from the parsed config and wires every
 * activity factory with its typed dependencies, then runs a Temporal worker. Clean shutdown on
 * SIGINT/SIGTERM (the SDK's Runtime installs those handlers and drains in-flight tasks).
 *
 *   npm run worker [-- --config config/example.yaml]   (compiled, on node alone: scripts/worker.sh)
 *   tsx worker.ts [--config config/example.yaml]       (the same, ~70 MB more resident)
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Transporter } from 'nodemailer';
import { googleBackendOptions } from './config/google-backend-options';
import { loadConfig, dataPath, type LoadedConfig } from './config/load-config';
import { ArchiveStore } from './activities/archive/archive-store';
import { AuditLog } from './activities/archive/audit-log';
import { WorkStore } from './activities/archive/work-store';
import { cleanLeftovers } from './activities/archive/clean-leftovers';
import { createArchiveActivities } from './activities/archive/create-archive-activities';
import { createPdfActivities } from './activities/pdf/create-pdf-activities';
import { preloadCjkFont } from './activities/pdf/common-cjk-font';
import { createMailActivities, type MailDocumentSource } from './activities/mail/send-mail';
import { recordPossibleDuplicate } from './activities/mail/possible-duplicate';
import { createFileSentLog, SENT_LOG_FOLDER, type SentLog } from './activities/mail/sent-log';
import { createResendMailActivities } from './activities/mail/resend-mail';
import { createMailTransport } from './activities/mail/create-transport';
import { createApprovalActivities } from './activities/approvals';
import { activityBoundary } from './activities/boundary';
import { AppError } from './domain/errors';
import type { TableBackend, TableRef } from './activities/sheets/types';
import { createExcelBackend } from './activities/sheets/excel/excel-backend';
import { createGoogleBackend } from './activities/sheets/google';
import { createReturnStarter, createReturnsActivities } from './activities/returns';
import { createQualityActivities } from './activities/quality';
import { createStocktakeActivities } from './activities/stocktake';
import { createDunningActivities, createDunningServices } from './activities/dunning';
import { createScheduleActivities } from './schedules/create-schedule-activities';
import { createIncidentActivities, createIncidentPointers, createIncidentStarter } from './activities/incidents';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import type { Hono } from 'hono';
import { createWebApp } from './web/app';
import { deploymentOptions } from './versioning/workflow-build-id';
import { temporalAddress, temporalConnectionOptions } from './lib/temporal-connection';
import { bundleWorkflowsToFile } from './scripts/bundle-workflows';
import { returnsSettingsFromConfig } from './config/start-inputs/returns-settings';
import { earlyWarningSettingsFromConfig } from './config/start-inputs/early-warning-settings';

export interface PlatformServices {
  config: LoadedConfig;
  archive: ArchiveStore;
  audit: AuditLog;
  work: WorkStore;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pooled or plain SMTP
  transport: Transporter<any, any>;
  documents: MailDocumentSource;
  sentLog: SentLog;
  /** The spreadsheet backend for a table: Excel files (relative paths under the data dir) or Google Sheets. */
  backendFor: (ref: TableRef) => TableBackend;
  excel: ReturnType<typeof createExcelBackend>;
  google?: ReturnType<typeof createGoogleBackend>;
}

/**
 * Lets the JavaScript heap grow to 1.5× what is live after each full collection, instead of V8's default of up to
 * several times that on a machine with plenty of RAM. A dunning run keeps ~115 MB live but, rendering and mailing
 * thousands of documents, left ~350 MB of garbage uncollected (RSS 550 MB for 500 dealers); with this the same run
 * peaks at ~350 MB. A soft policy, not a cap: a job that needs a big heap (a 200,000-row compile) still gets it.
 */
function limitHeapGrowth(): void {
  setFlagsFromString('--heap-growing-percent=50');
}

/** SMTP endpoint for the config: the local catcher (embedded default) or a relay. */
export function smtpEndpoint(cfg: LoadedConfig): {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  pass?: string;
} {
  return cfg.smtp.mode === 'catcher'
    ? { host: '127.0.0.1', port: cfg.smtp.port, secure: false }
    : { host: cfg.smtp.host, port: cfg.smtp.port, secure: cfg.smtp.secure, user: cfg.smtp.user, pass: cfg.smtp.pass };
}

export function createPlatformServices(config: LoadedConfig): PlatformServices {
  limitHeapGrowth();
  // Fail at start-up, with the install hint, rather than on the first report of the month.
  preloadCjkFont();
  // Scratch space for spilling large inputs (the quality compile's buckets).
  mkdirSync(dataPath(config, 'tmp'), { recursive: true });
  const root = dataPath(config, config.archive.dir);
  const archive = new ArchiveStore({ root });
  const audit = new AuditLog({ root });
  const work = new WorkStore({ root });
  const transport = createMailTransport({ ...smtpEndpoint(config), pool: { maxConnections: 4 } });
  const documents: MailDocumentSource = {
    async getDocument(docId) {
      const found = await archive.getDocument(docId);
      if (!found) throw new AppError('DocumentNotFound', `archived document ${docId} does not exist`, { docId });
      return {
        bytes: found.bytes,
        fileName: found.entry.fileName,
        contentType: found.entry.contentType ?? 'application/pdf',
      };
    },
  };
  const sentLog = createFileSentLog(join(root, SENT_LOG_FOLDER));
  const excel = createExcelBackend({ root: config.dataDirAbs });
  const googleOptions = googleBackendOptions(config.google);
  const google = googleOptions ? createGoogleBackend(googleOptions) : undefined;
  const backendFor = (ref: TableRef): TableBackend => {
    if (ref.kind === 'excel') return excel;
    if (!google)
      throw new AppError('ConfigError', 'a Google Sheets source is configured but the `google` config key is missing', {
        ref,
      });
    return google;
  };
  return {
    config,
    archive,
    audit,
    work,
    transport,
    documents,
    sentLog,
    backendFor,
    excel,
    ...(google ? { google } : {}),
  };
}

/**
 * Removes what a killed worker left in the store — lock files of dead processes, temp files of dead writers — so
 * nothing waits on them. Run at worker start-up; a failure here is reported, never fatal.
 */
export async function recoverLeftovers(s: PlatformServices, log: (line: string) => void = console.log): Promise<void> {
  try {
    const removed = await cleanLeftovers(dataPath(s.config, s.config.archive.dir));
    if (removed.length) log(`[worker] removed ${removed.length} leftover file(s) of stopped processes`);
  } catch (err) {
    log(`[worker] could not check for leftover files: ${(err as Error).message}`);
  }
}

/**
 * Every activity the workflows call, wired with its dependencies. `client` lets activities start workflows
 * (the returns watcher starts one workflow per new return).
 */
export function createActivities(s: PlatformServices, opts: { client?: Client } = {}) {
  const cfg = s.config;
  const mail = createMailActivities({
    transport: s.transport,
    from: cfg.smtp.from,
    sentLog: s.sentLog,
    documents: s.documents,
    messages: s.work,
    onPossibleDuplicate: (d) => recordPossibleDuplicate(s.audit, d),
  });
  const pdf = createPdfActivities({ store: s.archive, work: s.work, timeZone: cfg.timezone });
  return {
    ...createArchiveActivities({ store: s.archive, audit: s.audit, work: s.work }),
    ...pdf,
    ...mail,
    ...createResendMailActivities({ sentLog: s.sentLog, messages: s.work, sendMail: mail.sendMail, audit: s.audit }),
    ...createApprovalActivities({
      signer: { keys: cfg.secrets.linkKeys },
      publicBaseUrl: cfg.web.publicBaseUrl,
      mail: mail.sendMail,
      timeZone: cfg.timezone,
    }),
    ...createScheduleActivities({ config: cfg }),
    ...createDunningActivities({
      ...createDunningServices({
        root: dataPath(cfg, cfg.archive.dir),
        resolveExcelPath: (ref) => s.excel.resolvePath(ref),
      }),
      work: s.work,
      archive: s.archive,
      backendFor: s.backendFor,
      mail: mail.sendMail,
      render: pdf.renderDocument,
      signer: { keys: cfg.secrets.linkKeys },
      publicBaseUrl: cfg.web.publicBaseUrl,
      timeZone: cfg.timezone,
      senderName: cfg.company.name,
    }),
    ...createStocktakeActivities({
      excel: s.excel,
      ...(s.google ? { google: s.google } : {}),
      work: s.work,
      archive: s.archive,
      audit: s.audit,
      mail: mail.sendMail,
      timeZone: cfg.timezone,
      senderName: cfg.company.name,
    }),
    ...createQualityActivities({
      backendFor: s.backendFor,
      work: s.work,
      archive: s.archive,
      mail: mail.sendMail,
      tmpDir: dataPath(cfg, 'tmp'),
      senderName: cfg.company.name,
    }),
    ...(cfg.sources.returns && cfg.sources.dealers && cfg.sources.parts
      ? createReturnsActivities({
          settings: returnsSettingsFromConfig(cfg),
          backendFor: s.backendFor,
          work: s.work,
          mail: mail.sendMail,
          stateDir: dataPath(cfg, 'returns'),
          ...(opts.client
            ? { startReturn: createReturnStarter(opts.client, { taskQueue: cfg.temporal.taskQueue }) }
            : {}),
        })
      : {}),
    ...(cfg.earlyWarning
      ? createIncidentActivities({
          settings: earlyWarningSettingsFromConfig(cfg),
          backendFor: s.backendFor,
          work: s.work,
          pointers: createIncidentPointers(dataPath(cfg, cfg.archive.dir)),
          mail: mail.sendMail,
          lockDir: join(dataPath(cfg, cfg.archive.dir), 'incidents', 'locks'),
          ...(opts.client
            ? { starter: createIncidentStarter(opts.client, { taskQueue: cfg.temporal.taskQueue }) }
            : {}),
        })
      : {}),
  };
}

export type AllActivities = ReturnType<typeof createActivities>;

/**
 * The web application (action links + auditor portal) wired to the same archive and audit log. `now` is the clock
 * links expire by and decisions are timed with: the machine's, unless the caller runs against a server whose
 * clock it set (a time-skipping test server).
 */
export function createWeb(s: PlatformServices, temporal: Client, opts: { now?: () => number } = {}): Hono {
  const cfg = s.config;
  const secure = cfg.web.publicBaseUrl.startsWith('https:');
  return createWebApp({
    temporal,
    ...(opts.now ? { now: opts.now } : {}),
    tokens: { keys: cfg.secrets.linkKeys },
    csrfSecret: cfg.secrets.csrfSecret,
    locale: cfg.locale,
    secureCookies: secure,
    documents: s.archive,
    audit: s.audit,
    portal: {
      store: s.archive,
      audit: s.audit,
      accounts: cfg.auditors,
      sessionSecret: cfg.secrets.sessionSecret,
      locale: cfg.locale,
      secureCookies: secure,
      timeZone: cfg.timezone,
    },
  });
}

export { temporalAddress };

/**
 * Connects the worker, waiting for a Temporal server that is down or restarting (1 s, doubling, at most 15 s apart,
 * for up to `waitMs`, default 10 minutes): a worker started during an outage joins when the server is back.
 */
export async function connectWorker(
  cfg: LoadedConfig,
  opts: { waitMs?: number; log?: (line: string) => void } = {},
): Promise<NativeConnection> {
  const until = Date.now() + (opts.waitMs ?? 10 * 60_000);
  for (let delay = 1_000; ; delay = Math.min(delay * 2, 15_000)) {
    try {
      return await NativeConnection.connect(temporalConnectionOptions(cfg));
    } catch (err) {
      if (Date.now() + delay > until) throw err;
      (opts.log ?? console.log)(
        `[worker] Temporal at ${temporalAddress(cfg)} unavailable; retrying in ${delay / 1000} s`,
      );
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/** A Temporal client for the configured cluster (TLS / API key as configured). */
export async function connectClient(cfg: LoadedConfig): Promise<Client> {
  const connection = await Connection.connect({
    ...temporalConnectionOptions(cfg),
    // Ride out a Temporal server restart (about a minute: 25 tries, at most 5 s apart) instead of failing the
    // caller's wait for a result or a query: the web server, the demo and the activities that start workflows.
    interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 25 }))],
  });
  return new Client({ connection, namespace: cfg.temporal.namespace });
}

/**
 * Worker limits, sized for a small server (2 cores, a few hundred MB) running a month-end next to other work:
 * - task-queue activities (sheet reads, report builds, postings) are few and heavy: 20 at a time;
 * - local activities (a dunning child's short steps; see workflows/dunning-dealer-context.ts): one per running child,
 *   bounded by the parent's `concurrency` (default 20); 40 leaves room for two months or departments at once;
 * - cached workflows: children following up for weeks sit on timers; beyond 500 the least recently used are
 *   evicted and replayed (a few dozen events) when their timer fires, so memory does not grow with the dealer
 *   count (the SDK's default is sized from the heap limit: thousands).
 */
export const WORKER_TUNING = {
  maxConcurrentActivityTaskExecutions: 20,
  maxConcurrentLocalActivityExecutions: 40,
  maxCachedWorkflows: 500,
} as const satisfies Partial<WorkerOptions>;

export async function createWorker(
  services: PlatformServices,
  connection: NativeConnection,
  client: Client,
  extra: Partial<WorkerOptions> = {},
): Promise<Worker> {
  const cfg = services.config;
  return Worker.create({
    connection,
    namespace: cfg.temporal.namespace,
    taskQueue: cfg.temporal.taskQueue,
    // Bundled in a child process, so webpack's memory never becomes the worker's (scripts/bundle-workflows.ts).
    ...(extra.workflowBundle || extra.workflowsPath
      ? {}
      : {
          workflowBundle: { codePath: await bundleWorkflowsToFile(dataPath(cfg, join('tmp', 'workflow-bundle.js'))) },
        }),
    activities: createActivities(services, { client }),
    // A killed worker's workflow tasks move to another worker after 3 s instead of the SDK's 10 s.
    stickyQueueScheduleToStartTimeout: '3 seconds',
    // The build id (a hash of the workflow code) is recorded on every workflow task; no routing by it.
    workerDeploymentOptions: deploymentOptions(),
    ...WORKER_TUNING,
    ...extra,
    // The one error boundary, outermost: typed failures (permanent fail fast, transient retry), keep-alive heartbeats.
    interceptors: { ...extra.interceptors, activity: [activityBoundary, ...(extra.interceptors?.activity ?? [])] },
  });
}

async function main(): Promise<void> {
  const idx = process.argv.indexOf('--config');
  const cfg = loadConfig(idx > 0 ? process.argv[idx + 1] : undefined);
  const services = createPlatformServices(cfg);
  await recoverLeftovers(services);
  const connection = await connectWorker(cfg);
  const client = await connectClient(cfg);
  const worker = await createWorker(services, connection, client);
  console.log(
    `[worker] polling ${cfg.temporal.taskQueue} on ${temporalAddress(cfg)} (namespace ${cfg.temporal.namespace}),` +
      ` build ${worker.options.workerDeploymentOptions?.version.buildId ?? '—'}`,
  );
  await worker.run();
  services.transport.close();
  await client.connection.close();
  await connection.close();
  console.log('[worker] stopped cleanly');
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof AppError ? err.message : err);
    process.exit(1);
  });
}
