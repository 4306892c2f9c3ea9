// Schedules as code on the real dev server: `applySchedules` creates, then leaves alone, then updates (keeping an
// operator's pause); a triggered monthly schedule runs the real month-end trigger on a worker, which starts the
// month's workflow under its business id exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { applySchedules } from '../../schedules/apply-schedules';
import { createScheduleActivities } from '../../schedules/create-schedule-activities';
import { listSchedules } from '../../schedules/manage-schedules';
import type { WorkflowEntry } from '../../schedules/registry';
import { scheduleIdFor } from '../../schedules/schedule-definitions';
import { periodOf, shiftPeriod } from '../../domain/calendar';
import type { MonthEndTriggerInput, MonthEndTriggerResult } from '../../workflows/month-end-trigger';
import type { LoadedConfig } from '../../config/load-config';
import { connectClient, uniqueTaskQueue, withWorker } from '../support/temporal';
import { makeTestConfig } from '../support/test-config';

const childInput: MonthEndTriggerInput = {
  job: 'none',
  source: 'probe child',
  timeZone: 'UTC',
  calendar: { holidays: [], extraWorkdays: [] },
  rule: 'last-working-day',
  periodOffset: 0,
  at: '2026-01-01T00:00:00Z', // a Thursday, not a last working day: the child finishes at once
};

function registry(tag: string): WorkflowEntry[] {
  return [
    {
      name: 'probe',
      title: 'probe',
      workflowType: 'monthEndTriggerWorkflow',
      needsPeriod: true,
      starts: (_cfg, { period }) => [
        { workflowType: 'monthEndTriggerWorkflow', workflowId: `probe-${period}-${tag}`, args: [childInput] },
      ],
      schedule: { kind: 'monthly', rule: 'every-run', dayOfMonth: 5, hour: 8, periodOffset: -1 },
    },
    {
      name: 'watcher',
      title: 'watcher',
      workflowType: 'monthEndTriggerWorkflow',
      needsPeriod: false,
      starts: () => [{ workflowType: 'monthEndTriggerWorkflow', workflowId: `watcher-${tag}`, args: [childInput] }],
      schedule: { kind: 'interval', every: '15 minutes' },
    },
    {
      name: 'unconfigured',
      title: 'unconfigured',
      workflowType: 'nothing',
      needsPeriod: true,
      unconfigured: () => 'the config has no "unconfigured" section',
      starts: () => [],
      schedule: { kind: 'monthly', rule: 'every-run', dayOfMonth: 3, hour: 8, periodOffset: -1 },
    },
  ];
}

describe('schedules as code (real dev server)', () => {
  let client: Client;
  let cfg: LoadedConfig;
  let entries: WorkflowEntry[];

  beforeAll(async () => {
    client = await connectClient();
    const taskQueue = uniqueTaskQueue('sched');
    cfg = makeTestConfig({ smtpPort: 2525, patch: { temporal: { address: 'embedded', taskQueue } } });
    entries = registry(taskQueue);
  });
  afterAll(async () => {
    for (const e of entries)
      await client.schedule
        .getHandle(scheduleIdFor(cfg, e.name))
        .delete()
        .catch(() => undefined);
    await client.connection.close();
  });

  it('apply twice = one schedule each, unchanged; a config change updates the spec and keeps a pause', async () => {
    const first = await applySchedules(client, cfg, entries);
    expect(first.applied.map((a) => [a.entry, a.result])).toEqual([
      ['probe', 'created'],
      ['watcher', 'created'],
    ]);
    expect(first.skipped).toEqual([{ entry: 'unconfigured', reason: 'the config has no "unconfigured" section' }]);

    const probe = client.schedule.getHandle(scheduleIdFor(cfg, 'probe'));
    const d = await probe.describe();
    expect(d.spec.timezone).toBe('Asia/Shanghai');
    expect(d.action.workflowType).toBe('monthEndTriggerWorkflow');
    expect(d.action.args?.[0]).toMatchObject({
      job: 'probe',
      rule: 'every-run',
      periodOffset: -1,
      timeZone: 'Asia/Shanghai',
    });
    // 08:00 on the 5th in Shanghai is 00:00 UTC on the 5th.
    for (const t of d.info.nextActionTimes) expect(t.toISOString()).toMatch(/-05T00:00:00\.000Z$/);
    const watcher = await client.schedule.getHandle(scheduleIdFor(cfg, 'watcher')).describe();
    const [a, b] = watcher.info.nextActionTimes;
    expect(b!.getTime() - a!.getTime()).toBe(15 * 60_000);
    expect(watcher.action.workflowId).toBe(`watcher-${cfg.temporal.taskQueue}`);

    const second = await applySchedules(client, cfg, entries);
    expect(second.applied.map((x) => x.result)).toEqual(['unchanged', 'unchanged']);
    // The list (visibility) shows each schedule once; it may take a moment to index a new one.
    let ours: string[] = [];
    for (let i = 0; i < 50 && ours.length < 2; i++) {
      ours = (await listSchedules(client, cfg)).map((s) => s.scheduleId);
      if (ours.length < 2) await new Promise((r) => setTimeout(r, 100));
    }
    expect(ours).toEqual([scheduleIdFor(cfg, 'probe'), scheduleIdFor(cfg, 'watcher')]);

    await probe.pause('year-end freeze');
    const moved = { ...cfg, timezone: 'Asia/Urumqi', calendar: { holidays: ['2026-12-31'], extraWorkdays: [] } };
    const third = await applySchedules(client, moved, entries);
    expect(third.applied.map((x) => x.result)).toEqual(['updated', 'updated']);
    const after = await probe.describe();
    expect(after.state).toMatchObject({ paused: true, note: 'year-end freeze' });
    expect(after.spec.timezone).toBe('Asia/Urumqi');
    expect(after.action.args?.[0]).toMatchObject({ timeZone: 'Asia/Urumqi', calendar: { holidays: ['2026-12-31'] } });
    for (const t of after.info.nextActionTimes) expect(t.toISOString()).toMatch(/-05T02:00:00\.000Z$/);

    // Back to the original config, and running again.
    expect((await applySchedules(client, cfg, entries)).applied.map((x) => x.result)).toEqual(['updated', 'updated']);
    await probe.unpause();
  });

  it('a triggered schedule runs the trigger, which starts the month under its business id once', async () => {
    const probe = client.schedule.getHandle(scheduleIdFor(cfg, 'probe'));
    await withWorker(
      { taskQueue: cfg.temporal.taskQueue, activities: createScheduleActivities({ config: cfg, registry: entries }) },
      async () => {
        const runTrigger = async (nth: number): Promise<MonthEndTriggerResult> => {
          await probe.trigger();
          let workflowId: string | undefined;
          for (let i = 0; i < 100 && !workflowId; i++) {
            workflowId = (await probe.describe()).info.recentActions[nth - 1]?.action.workflow.workflowId;
            if (!workflowId) await new Promise((r) => setTimeout(r, 100));
          }
          expect(workflowId).toMatch(new RegExp(`^${scheduleIdFor(cfg, 'probe')}-trigger`));
          return (await client.workflow.getHandle(workflowId!).result()) as MonthEndTriggerResult;
        };
        // A triggered schedule acts "now" on the server's clock: the period is the month before the trigger's own
        // local date (as the trigger reports it), never one the test reads from the wall clock.
        const first = await runTrigger(1);
        const period = shiftPeriod(periodOf(first.localDate), -1);
        const childId = `probe-${period}-${cfg.temporal.taskQueue}`;
        expect(first).toMatchObject({ job: 'probe', acted: true, period });
        expect(first.started).toEqual([
          { workflowId: childId, workflowType: 'monthEndTriggerWorkflow', status: 'started' },
        ]);
        expect(await client.workflow.getHandle(childId).result()).toMatchObject({
          acted: false,
          localDate: '2026-01-01',
        });

        const second = await runTrigger(2);
        expect(second.started).toEqual([
          { workflowId: childId, workflowType: 'monthEndTriggerWorkflow', status: 'already-exists' },
        ]);
      },
    );
  });
});
