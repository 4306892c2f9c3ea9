// `run`, `status` and `archive` through the real entry point, against a real worker (platform activities, SMTP
// catcher, archive) in a namespace of its own on the run's dev server.
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { startMailCatcher, type MailCatcher } from '../../scripts/lib/mail-catcher';
import { createActivities, createPlatformServices, type PlatformServices } from '../../worker';
import { temporalAddress } from '../support/temporal';
import { eventually, freshNamespace, json, runCli, writeTestConfig, type TestConfigFile } from './cli-kit';
import { activityBoundary } from '../../activities/boundary';

interface RunJson {
  runs: { workflowId: string; status: string; previous?: { status: string } }[];
  outcomes?: {
    workflowId: string;
    status: string;
    result: { document: { docId: string; sha256: string }; mails: { status: string }[] };
  }[];
}
interface Entry {
  docId: string;
  kind: string;
  workflowId: string;
  fileName: string;
  sha256: string;
}

describe('aftersales run / status / archive (real worker, real dev server)', () => {
  let catcher: MailCatcher;
  let services: PlatformServices;
  let file: TestConfigFile;
  let connection: NativeConnection;
  let worker: Worker;
  let running: Promise<void>;
  let docId = '';

  beforeAll(async () => {
    catcher = await startMailCatcher({ port: 0 });
    const { namespace, client } = await freshNamespace('cli-run');
    await client.connection.close();
    file = writeTestConfig({ namespace, smtpPort: catcher.port });
    services = createPlatformServices(file.config);
    connection = await NativeConnection.connect({ address: temporalAddress() });
    worker = await Worker.create({
      connection,
      namespace,
      taskQueue: file.config.temporal.taskQueue,
      workflowBundle: { codePath: inject('workflowBundlePath') },
      activities: createActivities(services),
      interceptors: { activity: [activityBoundary] },
    });
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await connection?.close();
    services?.transport.close();
    await catcher?.close();
  });

  it('run --wait starts the business id, follows it to the end and reports the result; a second run leaves it', async () => {
    const run = await runCli(['run', 'platform-check', '--period', '2026-11', '--wait', '--json'], {
      config: file.path,
    });
    expect(run.code, run.stderr).toBe(0);
    const out = json<RunJson>(run);
    expect(out.runs).toEqual([expect.objectContaining({ workflowId: 'platform-check-2026-11', status: 'started' })]);
    expect(out.outcomes![0]).toMatchObject({ workflowId: 'platform-check-2026-11', status: 'COMPLETED' });
    expect(out.outcomes![0]!.result.mails.map((m) => m.status)).toEqual(['sent', 'sent']);
    docId = out.outcomes![0]!.result.document.docId;
    expect(catcher.messages()).toHaveLength(2);

    const [again, rerun] = [
      await runCli(['run', 'platform-check', '--period', '2026-11'], { config: file.path }),
      await runCli(['run', 'platform-check', '--period', '2026-11', '--rerun', '--wait', '--json'], {
        config: file.path,
      }),
    ];
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already ran\s+platform-check-2026-11\s+\(COMPLETED .*\); add --rerun/);
    expect(rerun.code, rerun.stderr).toBe(0);
    // The re-run is a new run of the same business id; its mails were sent before, so none goes out again. (Its
    // PDF carries the new run's time, so the archive keeps it as version 2 beside the first.)
    expect(json<RunJson>(rerun).outcomes![0]!.result.mails.map((m) => m.status)).toEqual([
      'already-sent',
      'already-sent',
    ]);
    expect(catcher.messages()).toHaveLength(2);
  });

  it('status --period lists the runs of the period from the visibility API', async () => {
    const status = await eventually(async () => {
      const r = await runCli(['status', '--period', '2026-11', '--json'], { config: file.path });
      const runs = json<{ runs: { workflowId: string; entry?: string; status: string }[] }>(r).runs;
      return runs.length === 2 ? runs : null;
    });
    expect(status.map((r) => [r.workflowId, r.entry, r.status])).toEqual([
      ['platform-check-2026-11', 'platform-check', 'COMPLETED'],
      ['platform-check-2026-11', 'platform-check', 'COMPLETED'],
    ]);
    const none = await runCli(['status', '--period', '2026-10'], { config: file.path });
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('no runs for 2026-10');
  });

  it('archive list and verify (whole archive, one document, a file from outside), as JSON and text', async () => {
    const [list, text, verify, one] = await Promise.all([
      runCli(['archive', 'list', '--period', '2026-11', '--json'], { config: file.path }),
      runCli(['archive', 'list'], { config: file.path }),
      runCli(['archive', 'verify', '--json'], { config: file.path }),
      runCli(['archive', 'verify', docId, '--json'], { config: file.path }),
    ]);
    expect(list.code, list.stderr).toBe(0);
    const entries = json<(Entry & { version: number })[]>(list);
    expect(entries.map((e) => [e.docId === docId, e.kind, e.workflowId, e.fileName, e.version])).toEqual([
      [true, 'platform-check', 'platform-check-2026-11', 'platform-check-2026-11.pdf', 1],
      [false, 'platform-check', 'platform-check-2026-11', 'platform-check-2026-11.pdf', 2],
    ]);
    expect(text.stdout).toContain('platform-check-2026-11.pdf (v2)');
    expect(text.stdout).toContain('2 document(s)');
    expect(verify.code).toBe(0);
    expect(json(verify)).toMatchObject({
      ok: true,
      archive: { ok: true, entries: 2, filesChecked: 2 },
      audit: { ok: true },
    });
    expect(one.code).toBe(0);
    expect(json(one)).toMatchObject({ docId, ok: true, recorded: entries[0]!.sha256, actual: entries[0]!.sha256 });

    const bytes = (await services.archive.getDocument(docId))!.bytes;
    const outside = join(file.dataDir, 'from-auditor');
    mkdirSync(join(outside, 'altered'), { recursive: true });
    writeFileSync(join(outside, 'platform-check-2026-11.pdf'), bytes);
    const altered = Buffer.from(bytes);
    altered[altered.length - 10] = altered[altered.length - 10]! ^ 1;
    writeFileSync(join(outside, 'altered', 'platform-check-2026-11.pdf'), altered);
    writeFileSync(join(outside, 'other.pdf'), 'not a document of ours');
    const [same, changed, unknown] = await Promise.all([
      runCli(['archive', 'verify', '--file', join(outside, 'platform-check-2026-11.pdf'), '--json'], {
        config: file.path,
      }),
      runCli(['archive', 'verify', '--file', join(outside, 'altered', 'platform-check-2026-11.pdf')], {
        config: file.path,
      }),
      runCli(['archive', 'verify', '--file', join(outside, 'other.pdf'), '--json'], { config: file.path }),
    ]);
    expect(same.code).toBe(0);
    expect(json(same)).toMatchObject({ result: 'matched', matches: [{ docId }] });
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain('ALTERED');
    expect(changed.stdout).toContain(docId);
    expect(unknown.code).toBe(1);
    expect(json(unknown)).toMatchObject({ result: 'not-found' });
  });

  it('a document changed on disk fails verification, exit 1, naming the entry', async () => {
    appendFileSync(join(file.dataDir, 'store', 'archive', 'docs', docId), 'x');
    const [all, one] = await Promise.all([
      runCli(['archive', 'verify'], { config: file.path }),
      runCli(['archive', 'verify', docId, '--json'], { config: file.path }),
    ]);
    expect(all.code).toBe(1);
    expect(all.stdout).toMatch(
      /BROKEN {2}archive index: seq 1: document file doc_[0-9a-f]+ no longer matches its recorded SHA-256/,
    );
    expect(one.code).toBe(1);
    expect(json(one)).toMatchObject({ docId, ok: false });
  });
});
