// `schedules …` through the real entry point with the production registry, in a namespace of its own (no worker:
// these commands only talk to the Temporal service).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { eventually, freshNamespace, json, runCli, writeTestConfig, type TestConfigFile } from './cli-kit';

interface Applied {
  applied: { scheduleId: string; entry: string; result: string }[];
  skipped: { entry: string }[];
}
interface View {
  scheduleId: string;
  entry?: string;
  paused: boolean;
  note?: string;
  nextRuns: string[];
}

describe('aftersales schedules (real dev server)', () => {
  let client: Client;
  let file: TestConfigFile;
  const started: string[] = [];

  beforeAll(async () => {
    const ns = await freshNamespace('cli-sched');
    client = ns.client;
    file = writeTestConfig({ namespace: ns.namespace, taskQueue: 'aftersales' });
  });
  afterAll(async () => {
    for (const id of started)
      await client.workflow
        .getHandle(id)
        .terminate('test cleanup')
        .catch(() => undefined);
    await client.connection.close();
  });

  it('apply creates each schedule once, then reports them unchanged; trigger fires one', async () => {
    const first = await runCli(['schedules', 'apply', '--json'], { config: file.path });
    expect(first.code, first.stderr).toBe(0);
    const created = json<Applied>(first).applied;
    expect(created.map((a) => [a.scheduleId, a.result])).toEqual(
      expect.arrayContaining([
        ['aftersales-stocktake', 'created'],
        ['aftersales-dunning', 'created'],
      ]),
    );
    expect(created.every((a) => a.result === 'created')).toBe(true);

    const second = await runCli(['schedules', 'apply', '--json'], { config: file.path });
    expect(json<Applied>(second).applied.every((a) => a.result === 'unchanged')).toBe(true);
    expect(json<Applied>(second).applied).toHaveLength(created.length);

    const trigger = await runCli(['schedules', 'trigger', 'stocktake'], { config: file.path });
    expect(trigger.code, trigger.stderr).toBe(0);
    expect(trigger.stdout).toContain('triggered aftersales-stocktake');
    const d = await eventually(async () => {
      const desc = await client.schedule.getHandle('aftersales-stocktake').describe();
      return desc.info.numActionsTaken === 1 ? desc : null;
    });
    expect(d.info.recentActions[0]!.action.workflow.workflowId).toMatch(/^aftersales-stocktake-trigger/);
    started.push(d.info.recentActions[0]!.action.workflow.workflowId);
  });

  it('pause keeps its note through a config change and re-apply; list shows it; unpause resumes', async () => {
    const pause = await runCli(['schedules', 'pause', 'aftersales-stocktake', '--note', '年终冻结'], {
      config: file.path,
    });
    expect(pause.code, pause.stderr).toBe(0);
    file.rewrite({ calendar: { holidays: ['2026-12-31'], extraWorkdays: [] } });
    const apply = await runCli(['schedules', 'apply', '--json'], { config: file.path });
    expect(json<Applied>(apply).applied.find((a) => a.entry === 'stocktake')!.result).toBe('updated');
    const desc = await client.schedule.getHandle('aftersales-stocktake').describe();
    expect(desc.state).toMatchObject({ paused: true, note: '年终冻结' });
    expect(desc.action.args?.[0]).toMatchObject({ job: 'stocktake', calendar: { holidays: ['2026-12-31'] } });

    const views = await eventually(async () => {
      const v = json<View[]>(await runCli(['schedules', 'list', '--json'], { config: file.path }));
      return v.length >= 2 ? v : null;
    });
    expect(views.find((v) => v.scheduleId === 'aftersales-stocktake')).toMatchObject({
      paused: true,
      note: '年终冻结',
    });
    const dunning = views.find((v) => v.scheduleId === 'aftersales-dunning')!;
    expect(dunning.paused).toBe(false);
    for (const t of dunning.nextRuns) expect(t).toMatch(/-05T00:00:00\.000Z$/); // 08:00 Shanghai on the 5th

    const text = await runCli(['schedules', 'list'], { config: file.path });
    expect(text.stdout).toMatch(
      /aftersales-stocktake {2}\[PAUSED\] {2}daily 08:00 Asia\/Shanghai; acts on the last working day/,
    );

    const unpause = await runCli(['schedules', 'unpause', 'stocktake'], { config: file.path });
    expect(unpause.code).toBe(0);
    expect((await client.schedule.getHandle('aftersales-stocktake').describe()).state.paused).toBe(false);

    const unknown = await runCli(['schedules', 'pause', 'payroll'], { config: file.path });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no schedule "payroll" (known: ');
    expect(unknown.stderr).toContain('stocktake (aftersales-stocktake)');
  });

  it('backfill starts a past month under its business id; a run in progress is left alone', async () => {
    const first = await runCli(['schedules', 'backfill', 'dunning', '--month', '2026-10', '--json'], {
      config: file.path,
    });
    expect(first.code, first.stderr).toBe(0);
    expect(json(first)).toMatchObject({
      schedule: 'dunning',
      period: '2026-10',
      runs: [{ workflowId: 'dunning-2026-10', status: 'started' }],
    });
    started.push('dunning-2026-10');
    const d = await client.workflow.getHandle('dunning-2026-10').describe();
    expect(d.type).toBe('dunningMonthWorkflow');
    expect(d.taskQueue).toBe('aftersales');

    const [again, oneWarehouse, badMonth] = await Promise.all([
      runCli(['schedules', 'backfill', 'dunning', '--month', '2026-10'], { config: file.path }),
      runCli(['schedules', 'backfill', 'stocktake', '--month', '2026-10', '--warehouse', 'old-parts', '--json'], {
        config: file.path,
      }),
      runCli(['schedules', 'backfill', 'dunning', '--month', '2026-1'], { config: file.path }),
    ]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already running dunning-2026-10/);
    expect(json(oneWarehouse)).toMatchObject({
      runs: [{ workflowId: 'stocktake-2026-10-old-parts', status: 'started' }],
    });
    started.push('stocktake-2026-10-old-parts');
    expect(badMonth.code).toBe(2);
    expect(badMonth.stderr).toContain('--month must look like 2026-11 (yyyy-MM, month 01–12)');
  });
});
