// Helpers shared by the decision-mechanism tests (workflow, web, browser): a cached workflow bundle of the
// fixture workflows, a worker on a unique task queue, and link signing for the grants a workflow issued.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker, bundleWorkflowCode, type WorkerOptions } from '@temporalio/worker';
import { signActionToken } from '../../../lib/action-token';
import type { Grant } from '../../../workflows/lib/decision-types';
import { temporalAddress, uniqueTaskQueue } from '../../support/temporal';
import { fixtureNoticesQuery, type FixtureNotice } from './fixtures';
import { activityBoundary } from '../../../activities/boundary';

const ROOT = join(__dirname, '..', '..', '..');
export const TEST_KEYS = { keys: ['test-signing-key-0123456789abcdef0123456789'] };
export const CSRF_SECRET = 'test-csrf-secret-0123456789abcdef0123456789';

function sourceHash(): string {
  const h = createHash('sha256');
  for (const dir of ['workflows/lib', 'test/workflows/lib/fixtures', 'domain']) {
    const abs = join(ROOT, dir);
    for (const f of readdirSync(abs)
      .filter((n) => n.endsWith('.ts'))
      .sort())
      h.update(f).update(readFileSync(join(abs, f)));
  }
  // The fixture barrel also carries the CLI's resend workflow (test/cli/cli-approve.test.ts runs it).
  h.update(readFileSync(join(ROOT, 'workflows', 'resend-mail.ts')));
  return h.digest('hex').slice(0, 16);
}

let cached: Promise<{ code: string }> | undefined;

/** The fixture workflows bundled once per source state (shared by test files through .data/test). */
export function fixtureBundle(): Promise<{ code: string }> {
  cached ??= (async () => {
    const dir = join(ROOT, '.data', 'test');
    const file = join(dir, `decision-fixtures-${sourceHash()}.js`);
    if (existsSync(file)) return { code: readFileSync(file, 'utf8') };
    const bundle = await bundleWorkflowCode({
      workflowsPath: join(__dirname, 'fixtures', 'index.ts'),
      logger: {
        log: () => undefined,
        info: () => undefined,
        warn: () => undefined,
        error: console.error,
        debug: () => undefined,
        trace: () => undefined,
      },
    });
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, bundle.code);
    renameSync(tmp, file);
    return { code: bundle.code };
  })();
  return cached;
}

export type FixtureWorkerOptions = Omit<WorkerOptions, 'connection' | 'taskQueue' | 'workflowBundle' | 'workflowsPath'>;

/** A worker for the fixture workflows on a unique task queue; `connection` defaults to the run's dev server. */
export async function createFixtureWorker(
  opts: FixtureWorkerOptions & { connection?: NativeConnection } = {},
): Promise<{ worker: Worker; taskQueue: string; close: () => Promise<void> }> {
  const own = opts.connection ? undefined : await NativeConnection.connect({ address: temporalAddress() });
  const connection = opts.connection ?? own!;
  const taskQueue = uniqueTaskQueue('decision');
  const { connection: _c, ...rest } = opts;
  const worker = await Worker.create({
    interceptors: { activity: [activityBoundary] },
    ...rest,
    connection,
    namespace: 'default',
    taskQueue,
    workflowBundle: await fixtureBundle(),
  });
  return { worker, taskQueue, close: async () => void (await own?.close()) };
}

/** Polls the fixture's notices until `pred` holds (the workflow issues grants asynchronously). */
export async function waitForNotices(
  handle: WorkflowHandle,
  pred: (notices: FixtureNotice[]) => boolean,
  timeoutMs = 15_000,
): Promise<FixtureNotice[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const notices = await handle.query(fixtureNoticesQuery).catch(() => [] as FixtureNotice[]);
    if (pred(notices)) return notices;
    if (Date.now() > until) throw new Error(`notices not as expected: ${JSON.stringify(notices)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Signs the link the approvals activity would have mailed for `grant`. */
export function linkTokenFor(
  workflowId: string,
  stepId: string,
  actions: string[],
  grant: Grant,
  opts: { keys?: string[]; expiresAt?: number; locale?: string } = {},
): string {
  return signActionToken(
    {
      workflowId,
      stepId,
      actions,
      recipient: grant.recipient,
      expiresAt: opts.expiresAt ?? grant.expiresAt,
      jti: grant.jti,
      ...(opts.locale ? { locale: opts.locale } : {}),
    },
    { keys: opts.keys ?? TEST_KEYS.keys },
  );
}

export async function terminateQuietly(client: Client, workflowId: string): Promise<void> {
  await client.workflow
    .getHandle(workflowId)
    .terminate('test cleanup')
    .catch(() => undefined);
}
