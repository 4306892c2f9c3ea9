import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMailCatcher, type MailCatcher } from '../../scripts/lib/mail-catcher';
import { platformCheckWorkflow } from '../../workflows';
import { makeTestConfig } from '../support/test-config';
import { connectClient, temporalAddress, uniqueTaskQueue } from '../support/temporal';
import { parsePeriod } from '../../domain/calendar';

function startWorkerProcess(
  args: string[],
  crash: boolean,
): { child: ChildProcess; ready: Promise<void>; exited: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, '..', 'support', 'fault-worker.ts'), ...args],
    {
      env: { ...process.env, CRASH_AFTER_SMTP_ACCEPT: crash ? '1' : '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('WORKER-READY')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited early (${code}): ${out}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, ready, exited };
}

describe('fault: the worker dies after SMTP accepted the mail, before the activity completed', () => {
  let catcher: MailCatcher;
  beforeAll(async () => {
    catcher = await startMailCatcher({ port: 0 });
  });
  afterAll(async () => {
    await catcher.close();
  });

  it('a restarted worker completes the workflow and exactly one mail arrives', async () => {
    const cfg = makeTestConfig({ smtpPort: catcher.port });
    const cfgPath = join(cfg.dataDirAbs, 'config.json');
    writeFileSync(cfgPath, JSON.stringify(cfg));
    const taskQueue = uniqueTaskQueue('fault');
    const args = [cfgPath, temporalAddress(), taskQueue, inject('workflowBundlePath')];
    const client = await connectClient();
    try {
      const handle = await client.workflow.start(platformCheckWorkflow, {
        taskQueue,
        workflowId: `platform-check-fault-${Date.now()}`,
        args: [
          {
            period: parsePeriod('2026-11'),
            recipients: [{ name: '王经理', email: 'manager@example.cn' }],
            mailAttemptTimeout: '4s',
          },
        ],
      });

      const doomed = startWorkerProcess(args, true);
      await doomed.ready;
      const code = await doomed.exited; // SIGKILLed by itself right after the accept
      expect(code).toBeNull();
      expect(doomed.child.signalCode).toBe('SIGKILL');
      expect(catcher.messages()).toHaveLength(1);

      const healthy = startWorkerProcess(args, false);
      try {
        await healthy.ready;
        const result = await handle.result();
        expect(result.mails).toHaveLength(1);
        expect(result.mails[0]!.status).toBe('already-sent');
      } finally {
        healthy.child.kill('SIGTERM');
        await healthy.exited;
      }
      // Give a duplicate (if any) time to arrive before counting.
      await new Promise((r) => setTimeout(r, 500));
      expect(catcher.messages()).toHaveLength(1);
    } finally {
      await client.connection.close();
    }
  });
});
