/**
 * The dunning month's shape with no work in it, for the child-floor bench: a parent that keeps `concurrency`
 * children running, each child a few local activities whose results are about as large as a dealer's facts, and
 * the child's result as its report (as a dunning child that ends at its decision reports). Bundled by the bench
 * only; not part of the product's workflows.
 */
import { condition, proxyLocalActivities, startChild, workflowInfo, ParentClosePolicy } from '@temporalio/workflow';
import type { FloorActivities } from './activities';

export interface FloorChildInput {
  index: number;
  /** Local activities per child; the first carries the child's work (as the first look renders the statement). */
  las: number;
  /** Work units of the child (a fixed CPU loop, calibrated by the bench). */
  units: number;
  /** Size of each activity's result (a dealer's facts are ~1–2 KB). */
  payloadBytes: number;
}

export interface FloorMonthInput extends Omit<FloorChildInput, 'index'> {
  children: number;
  concurrency: number;
}

const { floorStep } = proxyLocalActivities<FloorActivities>({ startToCloseTimeout: '1 minute' });

/** One "dealer": `las` local activities in a row, then its result. */
export async function floorChildWorkflow(input: FloorChildInput): Promise<{ index: number; bytes: number }> {
  let bytes = 0;
  for (let k = 0; k < input.las; k++) {
    const r = await floorStep({ units: k === 0 ? input.units : 0, payloadBytes: input.payloadBytes });
    bytes += r.pad.length;
  }
  return { index: input.index, bytes };
}

/** The fan-out: children started without waiting for each start, at most `concurrency` at a time. */
export async function floorMonthWorkflow(input: FloorMonthInput): Promise<{ done: number; failed: number }> {
  const { workflowId } = workflowInfo();
  let inFlight = 0;
  let done = 0;
  let failed = 0;
  const starts: Promise<void>[] = [];
  for (let i = 0; i < input.children; i++) {
    await condition(() => inFlight < input.concurrency);
    inFlight++;
    const args: FloorChildInput = { index: i, las: input.las, units: input.units, payloadBytes: input.payloadBytes };
    starts.push(
      startChild(floorChildWorkflow, {
        workflowId: `${workflowId}-C${String(i).padStart(5, '0')}`,
        args: [args],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      }).then((h) =>
        h.result().then(
          () => void (done++, inFlight--),
          () => void (failed++, inFlight--),
        ),
      ),
    );
  }
  await Promise.all(starts);
  await condition(() => inFlight === 0);
  return { done, failed };
}
