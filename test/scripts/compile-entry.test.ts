// The compiled worker (scripts/compile-entry.ts, `npm run worker`) runs the same code as under tsx: paths built from
// each module's __dirname still point at the sources, imported modules' start-up guards stay off, and the real
// worker started by `npm run worker`'s script polls, runs a workflow end to end and stops cleanly.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExcelBackend } from '../../activities/sheets/excel/excel-backend';
import { parsePeriod } from '../../domain/calendar';
import { COMPILED_NODE_FLAGS, COMPILED_PROCESS_ENV, compileEntry } from '../../scripts/compile-entry';
import { startMailCatcher, type MailCatcher } from '../../scripts/lib/mail-catcher';
import { platformCheckWorkflow } from '../../workflows';
import { connectClient, temporalAddress, uniqueTaskQueue } from '../support/temporal';

const ROOT = join(__dirname, '..', '..');
const WORKBOOKS = join(ROOT, 'test', 'fixtures', 'workbooks');
// Written by LibreOffice (see the fixtures' README): several sheets, the first read.
const WORKBOOK = '01-warehouse-per-sheet.xlsx';

function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, out }));
  });
}

describe('compileEntry', () => {
  it('a compiled entry finds the reader thread from its sources and leaves imported start-up guards off', async () => {
    const probe = join(__dirname, 'fixtures', 'compiled-probe.ts');
    const compiled = await compileEntry(probe);
    expect(compiled).toMatch(/node_modules\/\.cache\/aftersales-ops\/test__scripts__fixtures__compiled-probe\.js$/);

    const { code, out } = await run(process.execPath, [...COMPILED_NODE_FLAGS, compiled, WORKBOOKS, WORKBOOK], {
      ...COMPILED_PROCESS_ENV,
    });
    // worker.ts's own guard would have started a worker: it prints "[worker] …" and never exits.
    expect(out).not.toContain('[worker]');
    expect(code).toBe(0);
    const printed = JSON.parse(out.trim().split('\n').pop()!) as { here: string; rows: unknown[] };
    expect(printed.here).toBe(join(__dirname, 'fixtures'));

    const expected = [];
    const backend = createExcelBackend({ root: WORKBOOKS, threadedReadMinBytes: 0 });
    for await (const row of backend.readRows({ kind: 'excel', path: WORKBOOK })) expected.push(row);
    expect(expected.length).toBeGreaterThan(3);
    expect(printed.rows).toEqual(JSON.parse(JSON.stringify(expected)));
  });
});

describe('npm run worker (scripts/worker.sh)', () => {
  let catcher: MailCatcher;
  beforeAll(async () => {
    catcher = await startMailCatcher({ port: 0 });
  });
  afterAll(async () => {
    await catcher.close();
  });

  it('runs the compiled worker on node alone: it polls, completes a workflow and stops cleanly on SIGINT', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aftersales-compiled-worker-'));
    const taskQueue = uniqueTaskQueue('compiled-worker');
    const raw = parse(readFileSync(join(ROOT, 'config', 'example.yaml'), 'utf8')) as Record<string, unknown>;
    const cfgPath = join(dataDir, 'config.json');
    writeFileSync(
      cfgPath,
      JSON.stringify({
        ...raw,
        dataDir,
        temporal: { ...(raw.temporal as object), address: temporalAddress(), taskQueue },
        smtp: { mode: 'catcher', port: catcher.port, outboxDir: 'outbox', from: '售后服务部 <aftersales@example.cn>' },
      }),
    );
    const worker = spawn('bash', [join(ROOT, 'scripts', 'worker.sh'), '--config', cfgPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    worker.stdout.on('data', (d: Buffer) => (out += d.toString()));
    worker.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => worker.once('close', (c) => resolve(c)));
    const client = await connectClient();
    try {
      await expect.poll(() => out, { timeout: 90_000, interval: 250 }).toContain(`[worker] polling ${taskQueue}`);
      // exec: the script's process is now node itself, on the compiled file, with the allocator setting.
      const cmdline = readFileSync(`/proc/${worker.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      expect(cmdline).toEqual([
        expect.stringMatching(/(^|\/)node$/),
        ...COMPILED_NODE_FLAGS,
        expect.stringMatching(/aftersales-ops\/worker\.js$/),
        '--config',
        cfgPath,
      ]);
      const environ = readFileSync(`/proc/${worker.pid}/environ`, 'utf8').split('\0');
      for (const [k, v] of Object.entries(COMPILED_PROCESS_ENV)) expect(environ).toContain(`${k}=${v}`);

      const result = await client.workflow.execute(platformCheckWorkflow, {
        taskQueue,
        workflowId: `platform-check-compiled-${Date.now()}`,
        args: [{ period: parsePeriod('2026-11'), recipients: [{ name: '王经理', email: 'manager@example.cn' }] }],
      });
      expect(result.mails).toHaveLength(1);
      expect(result.mails[0]!.status).toBe('sent');
      const mails = catcher.messages();
      expect(mails).toHaveLength(1);
      expect(mails[0]!.attachments.map((a) => a.contentType)).toEqual(['application/pdf']);
    } finally {
      worker.kill('SIGINT');
      await client.connection.close();
    }
    expect(await exited).toBe(0);
    expect(out).toContain('[worker] stopped cleanly');
  }, 180_000);
});
