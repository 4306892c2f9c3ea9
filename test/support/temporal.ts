import { inject } from 'vitest';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { activityBoundary } from '../../activities/boundary';

// Keep test output readable: only warnings and errors from the SDK's workers.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // already installed in this process
}

/** Address of the real dev server the global setup started for this run. */
export function temporalAddress(): string {
  return inject('temporalAddress');
}

export function uniqueTaskQueue(prefix = 'test'): string {
  return `${prefix}-${randomUUID()}`;
}

export async function connectClient(): Promise<Client> {
  const connection = await Connection.connect({ address: temporalAddress() });
  return new Client({ connection, namespace: 'default' });
}

export type TestWorkerOptions = Omit<WorkerOptions, 'connection' | 'taskQueue' | 'workflowBundle' | 'workflowsPath'> & {
  taskQueue?: string;
};

/**
 * Creates a real worker on a unique task queue against the run's dev server, using the shared pre-built
 * workflow bundle. Call `worker.runUntil(promise)` or use `withWorker`.
 */
export async function createTestWorker(
  opts: TestWorkerOptions = {},
): Promise<{ worker: Worker; taskQueue: string; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: temporalAddress() });
  const taskQueue = opts.taskQueue ?? uniqueTaskQueue();
  const worker = await Worker.create({
    interceptors: { activity: [activityBoundary] },
    ...opts,
    connection,
    namespace: 'default',
    taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
  });
  return { worker, taskQueue, connection };
}

/** Runs `fn` while a test worker polls its unique task queue; shuts the worker down afterwards. */
export async function withWorker<T>(
  opts: TestWorkerOptions,
  fn: (ctx: { client: Client; taskQueue: string; worker: Worker }) => Promise<T>,
): Promise<T> {
  const { worker, taskQueue, connection } = await createTestWorker(opts);
  const client = await connectClient();
  try {
    return await worker.runUntil(fn({ client, taskQueue, worker }));
  } finally {
    await client.connection.close();
    await connection.close();
  }
}

/**
 * A time-skipping environment on the Java test server resolved from Maven Central by scripts/setup.sh
 * (falls back to the SDK's download when Java/Maven are absent). Each call starts its own server.
 *
 * `startAt` sets the server's clock (our launcher's `--initial-time`), so a test about month ends, due dates or
 * reminders runs the same on any date. Tests that pass dates must pass it: the wall clock is never a business date.
 * Time skipping is locked outside `env.sleep()` and `env.client`'s `result()`, so a test's waits decide how far
 * the clock moves, not the machine's load.
 */
export async function createTimeSkippingEnv(opts: { startAt?: string } = {}): Promise<TestWorkflowEnvironment> {
  const path = inject('timeSkippingServer');
  if (opts.startAt && !path)
    throw new Error('a time-skipping start instant needs the Java test server launcher (run scripts/setup.sh)');
  const extraArgs = [
    ...(opts.startAt ? ['--initial-time', new Date(opts.startAt).toISOString()] : []),
    '--start-locked',
  ];
  // With the SDK's flags the server starts with skipping unlocked: whenever no task is in flight it jumps to the
  // next timer, so days could pass while a test merely polls a mail catcher on a loaded machine. Our launcher's
  // --start-locked keeps the clock in real time except inside env.sleep() and the time-skipping client's result().
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: path ? { executable: { type: 'existing-path', path }, extraArgs } : {},
  });
  return env;
}

/** A worker for a time-skipping env, using the shared workflow bundle. */
export async function createTimeSkippingWorker(
  env: TestWorkflowEnvironment,
  opts: TestWorkerOptions = {},
): Promise<{ worker: Worker; taskQueue: string }> {
  const taskQueue = opts.taskQueue ?? uniqueTaskQueue('ts');
  const worker = await Worker.create({
    interceptors: { activity: [activityBoundary] },
    ...opts,
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
  });
  return { worker, taskQueue };
}
