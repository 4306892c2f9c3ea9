/**
 * The production worker (worker.ts createWorker: options, activities, error boundary) in its own process, for the
 * fault drills, plus one test-only interceptor: it logs every activity start to DRILL_STARTS and, when a start
 * reaches an item of the kill plan DRILL_KILLS (the n-th start of an activity type, counted over all the drill's
 * worker processes), SIGKILLs the process `delayMs` into that activity — or at its end, before Temporal hears of it.
 * argv: <configPath> <bundlePath>
 */
import { appendFileSync, readFileSync, writeSync } from 'node:fs';
import { DefaultLogger, Runtime, type ActivityInterceptorsFactory } from '@temporalio/worker';
import { loadConfig } from '../../config/load-config';
import { connectClient, connectWorker, createPlatformServices, createWorker, recoverLeftovers } from '../../worker';

export interface KillPoint {
  id: string;
  type: string;
  nth: number;
  delayMs: number;
}

const startsLog = process.env.DRILL_STARTS!;
const plan = JSON.parse(process.env.DRILL_KILLS ?? '[]') as KillPoint[];
const counts = new Map<string, number>();
for (const line of readFileSync(startsLog, { encoding: 'utf8', flag: 'a+' }).split('\n')) {
  const type = line.split(' ')[1];
  if (type) counts.set(type, (counts.get(type) ?? 0) + 1);
}

/** Says which kill point fired and the attempt it ended (workflow id, activity id, attempt), then dies. */
function die(point: KillPoint, victim: string): never {
  writeSync(1, `KILL ${point.id} ${victim}\n`);
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable');
}

const killSwitch: ActivityInterceptorsFactory = (ctx) => ({
  inbound: {
    async execute(input, next) {
      const { activityType: type, workflowExecution, activityId, attempt } = ctx.info;
      const n = (counts.get(type) ?? 0) + 1;
      counts.set(type, n);
      appendFileSync(
        startsLog,
        `${Date.now()} ${type} ${workflowExecution?.workflowId ?? '-'} ${activityId} ${attempt}\n`,
      );
      const point = plan.find((p) => p.type === type && n >= p.nth);
      if (!point) return next(input);
      const victim = `${workflowExecution?.workflowId ?? '-'} ${activityId} ${attempt}`;
      const timer = setTimeout(() => die(point, victim), point.delayMs);
      try {
        return await next(input);
      } finally {
        clearTimeout(timer);
        die(point, victim);
      }
    },
  },
});

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const [cfgPath, bundlePath] = process.argv.slice(2) as [string, string];
  const cfg = loadConfig(cfgPath, {});
  const services = createPlatformServices(cfg);
  await recoverLeftovers(services, (l) => process.stdout.write(`${l}\n`));
  const connection = await connectWorker(cfg);
  const client = await connectClient(cfg);
  const worker = await createWorker(services, connection, client, {
    workflowBundle: { codePath: bundlePath },
    interceptors: { activity: [killSwitch] },
  });
  process.stdout.write('WORKER-READY\n');
  await worker.run();
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
