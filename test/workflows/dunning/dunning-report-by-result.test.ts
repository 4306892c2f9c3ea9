/**
 * How a dealer child whose month ends at its first decision reports (workflows/dunning-dealer-report.ts, byResult):
 * to the parent that started it, by its result, in one workflow task; to a re-run of the month that asked for the
 * report (dunningRequestReportSignal), by signal, since that run did not start the child and never sees it complete.
 * Children are started on their own here, as the parent would start them, on the real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { dunningDealerWorkflow, dunningRequestReportSignal } from '../../../workflows';
import { withWorker } from '../../support/temporal';
import { dealer, writeBooks } from './dunning-data';
import { startDunningHarness, type DunningHarness } from './dunning-harness';
import { parsePeriod } from '../../../domain/calendar';

/** The ids the child's history says it signalled, and how many workflow tasks it took. */
async function reportsIn(client: Client, workflowId: string): Promise<{ signalled: string[]; tasks: number }> {
  const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  return {
    signalled: events.flatMap(
      (e) => e.signalExternalWorkflowExecutionInitiatedEventAttributes?.workflowExecution?.workflowId ?? [],
    ),
    tasks: events.filter((e) => e.workflowTaskCompletedEventAttributes).length,
  };
}

describe('a dealer month that ends at its decision reports by its result', () => {
  let h: DunningHarness;
  beforeAll(async () => {
    h = await startDunningHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('to the parent that started it by result; to a re-run that asked by signal', async () => {
    const books = await writeBooks(
      h.dir,
      [dealer('R001', { name: '宁波港城汽配' }), dealer('R002', { name: '温州瓯江汽修' })],
      [
        { date: '2026-10-03', dealer: 'R001', type: '发货', doc: 'FR0001', amount: 1200, due: '2026-11-02' },
        { date: '2026-10-05', dealer: 'R002', type: '发货', doc: 'FR0002', amount: 800, due: '2026-11-04' },
      ],
    );
    const period = parsePeriod('2026-10');
    const prefix = `dunning-2026-10-r${Date.now()}`;
    // followUpDays 0: each month ends at its first decision.
    const settings = h.settings(books, { period, followUpDays: 0 });
    const prepared = await h.activities.prepareDunningRun({ settings, workflowId: prefix, runId: 'test' });
    const entries = await h.activities.readManifestSlice({ manifestRef: prepared.manifestRef, offset: 0, limit: 10 });
    expect(entries.map((e) => e.dealerId)).toEqual(['R001', 'R002']);
    const args = (dealerId: string, oneTask?: true) => {
      const e = entries.find((x) => x.dealerId === dealerId)!;
      const input = {
        settingsRef: prepared.settingsRef,
        period,
        dealerId,
        shard: e.shard,
        parentWorkflowId: prefix,
        ...(oneTask ? { oneTask } : {}),
      };
      return [input] as [typeof input];
    };
    const patchMarkers = async (client: Client, workflowId: string): Promise<number> =>
      ((await client.workflow.getHandle(workflowId).fetchHistory()).events ?? []).filter(
        (e) => e.markerRecordedEventAttributes?.markerName === 'core_patch',
      ).length;

    await withWorker({ activities: h.activities }, async ({ client, taskQueue }) => {
      // Started by its parent, nobody else asking: the result is the report.
      const byParent = await client.workflow.start(dunningDealerWorkflow, {
        taskQueue,
        workflowId: `${prefix}-R001`,
        args: args('R001'),
      });
      expect(await byParent.result()).toMatchObject({ dealerId: 'R001', reportedBy: 'result', ended: 'horizon' });
      expect(await reportsIn(client, byParent.workflowId)).toEqual({ signalled: [], tasks: 1 });
      // Started without the parent's `oneTask` (as by a parent of an earlier version): it asks for the patch.
      expect(await patchMarkers(client, byParent.workflowId)).toBe(1);

      // A re-run of the month asked for the report before the child's first task: it goes by signal to the re-run,
      // whose id is the month's, the very id the child was started with, and the result does not claim to be the
      // report (the re-run would never see it).
      const rerun = prefix;
      const asked = await client.workflow.signalWithStart(dunningDealerWorkflow, {
        taskQueue,
        workflowId: `${prefix}-R002`,
        args: args('R002', true),
        signal: dunningRequestReportSignal,
        signalArgs: [rerun],
      });
      const result = await client.workflow.getHandle<typeof dunningDealerWorkflow>(asked.workflowId).result();
      expect(result).toMatchObject({ dealerId: 'R002', ended: 'horizon' });
      expect(result.reportedBy).toBeUndefined();
      // The re-run is not running in this test, so the signal fails and the child ends all the same.
      expect((await reportsIn(client, asked.workflowId)).signalled).toEqual([rerun]);
      // With `oneTask` in its input (as every parent now starts them), the same paths without the marker.
      expect(await patchMarkers(client, asked.workflowId)).toBe(0);
    });
  });
});
