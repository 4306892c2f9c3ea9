/**
 * A worker process is killed (SIGKILL) in the middle of the fan-out, right after an SMTP server accepted a
 * statement; a fresh worker picks the month up. Every dealer still gets exactly one statement and each overdue
 * dealer exactly one letter: mails are keyed by dealer + period + content (statements) and dealer + level +
 * documents (letters), charges by docNo, the dunning state by version + operation id.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dunningMonthWorkflow } from '../../../workflows';
import { connectClient, temporalAddress, uniqueTaskQueue } from '../../support/temporal';
import { dealer, dealerEmail, writeBooks, type TxRow } from './dunning-data';
import { mailsTo, startDunningHarness, type DunningHarness } from './dunning-harness';

function startWorker(
  args: string[],
  crashAfter: number,
): { child: ChildProcess; ready: Promise<void>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'dunning-fault-worker.ts'), ...args], {
    env: { ...process.env, CRASH_AFTER_STATEMENTS: String(crashAfter) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
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

describe('dunning crash mid fan-out', () => {
  let h: DunningHarness;
  beforeAll(async () => {
    h = await startDunningHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('a killed worker mid-run leaves no duplicate statement, letter or charge once another worker finishes', async () => {
    const dir = join(h.dir, 'crash');
    mkdirSync(dir, { recursive: true });
    const ids = Array.from({ length: 12 }, (_, i) => `C${String(i + 1).padStart(3, '0')}`);
    const txs: TxRow[] = ids.flatMap((id, i) => [
      { date: '2026-10-02', dealer: id, type: '发货' as const, doc: `FC${i}A`, amount: 1000 + i, due: '2026-11-01' },
      // Every other dealer also has an invoice overdue since September: a level 1 reminder.
      ...(i % 2 === 0
        ? [{ date: '2026-09-01', dealer: id, type: '发货' as const, doc: `FC${i}B`, amount: 2000, due: '2026-10-01' }]
        : []),
    ]);
    const books = await writeBooks(
      dir,
      ids.map((id) => dealer(id)),
      txs,
    );
    const cfgPath = join(dir, 'config.json');
    writeFileSync(cfgPath, JSON.stringify(h.services.config));
    const taskQueue = uniqueTaskQueue('dunning-crash');
    const args = [cfgPath, temporalAddress(), taskQueue, inject('workflowBundlePath')];
    const client = await connectClient();
    try {
      const handle = await client.workflow.start(dunningMonthWorkflow, {
        taskQueue,
        workflowId: `dunning-2026-10-c${Date.now()}`,
        args: [{ settings: h.settings(books), concurrency: 3, childrenPerRun: 5, attemptTimeout: '10s' }],
      });
      const doomed = startWorker(args, 4);
      await doomed.ready;
      expect(await doomed.exited).toBeNull();
      expect(doomed.child.signalCode).toBe('SIGKILL');
      const before = h.catcher.messages().filter((m) => m.subject?.startsWith('【对账单】')).length;
      expect(before).toBeGreaterThanOrEqual(4);
      expect(before).toBeLessThan(12);

      const healthy = startWorker(args, 0);
      try {
        await healthy.ready;
        const result = await handle.result();
        expect(result).toMatchObject({ dealers: 12, failed: [] });
        expect(result.summary).toMatchObject({ statementsSent: 12, levelsSent: { '1': 6 } });
      } finally {
        // Done with it: a graceful drain would wait out the server's long polls.
        healthy.child.kill('SIGKILL');
        await healthy.exited;
      }
    } finally {
      await client.connection.close();
    }
    await new Promise((r) => setTimeout(r, 500));
    for (const [i, id] of ids.entries()) {
      const mails = mailsTo(h.catcher, dealerEmail(id));
      expect(
        mails.filter((m) => m.subject?.startsWith('【对账单】')),
        id,
      ).toHaveLength(1);
      expect(
        mails.filter((m) => m.subject?.includes('付款提醒')),
        id,
      ).toHaveLength(i % 2 === 0 ? 1 : 0);
      expect((await h.dunning.state.load(id)).state.letters, id).toHaveLength(i % 2 === 0 ? 1 : 0);
    }
  });
});
