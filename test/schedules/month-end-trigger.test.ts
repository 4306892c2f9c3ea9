// The month-end trigger on the time-skipping server: the server's clock is moved to given instants around month
// ends and the real trigger workflow decides (company time zone, configured holidays and extra workdays) and asks
// the registry activity for the period's workflows exactly on the acting days.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createScheduleActivities } from '../../schedules/create-schedule-activities';
import type { WorkflowEntry } from '../../schedules/registry';
import type { MonthEndTriggerInput, MonthEndTriggerResult } from '../../workflows/month-end-trigger';
import { createTimeSkippingEnv, createTimeSkippingWorker } from '../support/temporal';
import { makeTestConfig } from '../support/test-config';

/**
 * A registry entry that records the periods it was asked for and starts nothing: child starts are covered on the
 * dev server (test/schedules/schedules.test.ts), because the Java time-skipping server never releases its
 * time-skipping lock for a child abandoned by a finished parent.
 */
const asked: string[] = [];
const probeEntry: WorkflowEntry = {
  name: 'probe',
  title: 'probe',
  workflowType: 'probeWorkflow',
  needsPeriod: true,
  starts: (_cfg, { period }) => {
    asked.push(period!);
    return [];
  },
};

describe('month-end trigger around month ends (time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let taskQueue: string;
  let running: Promise<void>;
  let seq = 0;
  // A plain client: awaiting a result must not unlock time skipping (the time-skipping client does, and the Java
  // server then jumps to its next timer, years ahead); only `at()` moves the clock.
  let client: Client;

  beforeAll(async () => {
    // The server's clock starts before the first instant below, whatever today's date is.
    env = await createTimeSkippingEnv({ startAt: '2026-11-29T00:00:00Z' });
    const config = makeTestConfig({ smtpPort: 2525 });
    ({ worker, taskQueue } = await createTimeSkippingWorker(env, {
      activities: createScheduleActivities({ config, registry: [probeEntry] }),
    }));
    running = worker.run();
    client = new Client({ connection: env.connection, namespace: env.namespace ?? 'default' });
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  async function at(iso: string): Promise<void> {
    const now = await env.currentTimeMs();
    const target = Date.parse(iso);
    expect(target, `the test's instants must move forward (${iso})`).toBeGreaterThan(now);
    await env.sleep(target - now);
  }

  async function trigger(calendar: MonthEndTriggerInput['calendar'] = { holidays: [], extraWorkdays: [] }) {
    const input: MonthEndTriggerInput = {
      job: 'probe',
      source: 'test',
      timeZone: 'Asia/Shanghai',
      calendar,
      rule: 'last-working-day',
      periodOffset: 0,
    };
    return (await client.workflow.execute('monthEndTriggerWorkflow', {
      taskQueue,
      workflowId: `trigger-${++seq}`,
      args: [input],
    })) as MonthEndTriggerResult;
  }

  it('starts the month once on its last working day, in Shanghai time, with holidays and extra workdays', async () => {
    // Monday 30 Nov 2026 is the last working day; 08:00 in Shanghai is midnight UTC.
    await at('2026-11-30T00:00:00Z');
    const monday = await trigger();
    expect(monday).toMatchObject({ localDate: '2026-11-30', period: '2026-11', acted: true });
    expect(monday.started).toEqual([]);
    expect(asked).toEqual(['2026-11']);

    // 16:30 UTC on 30 Nov is already 1 December in Shanghai: not a last working day.
    await at('2026-11-30T16:30:00Z');
    const december = await trigger();
    expect(december).toMatchObject({ localDate: '2026-12-01', period: '2026-12', acted: false, started: [] });

    // 31 Dec 2026 (Thursday) configured as a holiday: the 30th is the day.
    const newYearsEve = { holidays: ['2026-12-31'], extraWorkdays: [] };
    await at('2026-12-30T01:00:00Z');
    expect(await trigger(newYearsEve)).toMatchObject({ localDate: '2026-12-30', period: '2026-12', acted: true });
    await at('2026-12-31T01:00:00Z');
    expect(await trigger(newYearsEve)).toMatchObject({ localDate: '2026-12-31', acted: false });

    // January 2027 ends on a Sunday; Saturday the 30th configured as an extra workday (调休) is the day.
    const swap = { holidays: [], extraWorkdays: ['2027-01-30'] };
    await at('2027-01-29T01:00:00Z');
    const friday = await trigger(swap);
    expect(friday).toMatchObject({ localDate: '2027-01-29', acted: false });
    expect(friday.reason).toContain('2027-01-30');
    await at('2027-01-30T01:00:00Z');
    expect(await trigger(swap)).toMatchObject({ localDate: '2027-01-30', period: '2027-01', acted: true });

    // February 2027 (common year) ends on a Sunday: Friday the 26th.
    await at('2027-02-26T00:00:00Z');
    expect(await trigger()).toMatchObject({ localDate: '2027-02-26', period: '2027-02', acted: true });

    // February 2028 (leap year): Monday the 28th is not the day, Tuesday the 29th is.
    await at('2028-02-28T00:00:00Z');
    expect(await trigger()).toMatchObject({ localDate: '2028-02-28', acted: false });
    await at('2028-02-29T00:00:00Z');
    const leap = await trigger();
    expect(leap).toMatchObject({ localDate: '2028-02-29', period: '2028-02', acted: true });
    // The registry was asked exactly on the acting days, for their periods.
    expect(asked).toEqual(['2026-11', '2026-12', '2027-01', '2027-02', '2028-02']);
  });

  it('a job the config cannot run fails the trigger with the config message, not a retry loop', async () => {
    const input: MonthEndTriggerInput = {
      job: 'no-such-job',
      source: 'test',
      timeZone: 'Asia/Shanghai',
      calendar: { holidays: [], extraWorkdays: [] },
      rule: 'every-run',
      periodOffset: -1,
    };
    const err = await client.workflow
      .execute('monthEndTriggerWorkflow', { taskQueue, workflowId: `trigger-bad-${++seq}`, args: [input] })
      .catch((e: Error & { cause?: Error & { cause?: Error } }) => e);
    expect(String((err as Error & { cause?: { cause?: Error } }).cause?.cause?.message)).toContain(
      'unknown workflow "no-such-job"',
    );
  });
});
