/**
 * The dunning month's shape with no work in it, for the child-floor bench: a parent that keeps `concurrency`
 * children running, each child a few local activities whose results are about as large as a dealer's facts, and
 * the child's result as its report (as a dunning child that ends at its decision reports). Bundled by the bench
 * only; not part of the product's workflows.
 *
 * Three shapes, to measure the alternatives of decision 0005 on the same footing:
 * - `child-per-dealer` (the product today): a child per dealer, `las` steps, the first carrying the dealer's work;
 * - `child-per-batch`: a child per `batch` dealers, running each of its dealers' `las` steps in turn;
 * - `work-batched`: the parent does `batch` dealers' work in one local activity, then starts a child per dealer
 *   whose one step (no work) stands for the decision and result record a dealer's own workflow keeps.
 */
import { condition, proxyLocalActivities, startChild, workflowInfo, ParentClosePolicy } from '@temporalio/workflow';
import type { FloorActivities } from './activities';

export type FloorShape = 'child-per-dealer' | 'child-per-batch' | 'work-batched';

export interface FloorChildInput {
  index: number;
  /** Local activities per dealer; the first carries the dealer's work (as the first look renders the statement). */
  las: number;
  /** Work units of one dealer (SHA-256 rounds, calibrated by the bench). */
  units: number;
  /** Size of each activity's result (a dealer's facts are ~1–2 KB). */
  payloadBytes: number;
  /** Dealers this child runs one after the other (1 but in `child-per-batch`). */
  dealers: number;
}

export interface FloorMonthInput extends Omit<FloorChildInput, 'index' | 'dealers'> {
  /** Dealers in the month. */
  children: number;
  concurrency: number;
  shape: FloorShape;
  /** Dealers per batch (`child-per-batch`, `work-batched`). */
  batch: number;
}

const { floorStep, floorBatch } = proxyLocalActivities<FloorActivities>({ startToCloseTimeout: '1 minute' });

/** One child: its dealers' `las` local activities in a row, then its result. */
export async function floorChildWorkflow(input: FloorChildInput): Promise<{ index: number; bytes: number }> {
  let bytes = 0;
  for (let d = 0; d < input.dealers; d++) {
    for (let k = 0; k < input.las; k++) {
      const r = await floorStep({ units: k === 0 ? input.units : 0, payloadBytes: input.payloadBytes });
      bytes += r.pad.length;
    }
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
  const start = async (index: number, args: FloorChildInput): Promise<void> => {
    await condition(() => inFlight < input.concurrency);
    inFlight++;
    starts.push(
      startChild(floorChildWorkflow, {
        workflowId: `${workflowId}-C${String(index).padStart(5, '0')}`,
        args: [args],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      }).then((h) =>
        h.result().then(
          () => void ((done += args.dealers), inFlight--),
          () => void ((failed += args.dealers), inFlight--),
        ),
      ),
    );
  };
  const { las, units, payloadBytes } = input;
  if (input.shape === 'work-batched') {
    // Two lanes: the batches' work in the parent (results are references, not facts), at most one batch ahead of
    // the children's starts, so the work overlaps the previous batch's children.
    let worked = 0;
    let startedCount = 0;
    const work = (async () => {
      for (let first = 0; first < input.children; first += input.batch) {
        await condition(() => worked - startedCount <= input.batch);
        const n = Math.min(input.batch, input.children - first);
        await floorBatch({ units, dealers: n });
        worked += n;
      }
    })();
    for (let i = 0; i < input.children; i++) {
      await condition(() => i < worked);
      await start(i, { index: i, las: 1, units: 0, payloadBytes, dealers: 1 });
      startedCount++;
    }
    await work;
  } else {
    const batch = input.shape === 'child-per-batch' ? input.batch : 1;
    for (let first = 0; first < input.children; first += batch) {
      const n = Math.min(batch, input.children - first);
      await start(first, { index: first, las, units, payloadBytes, dealers: n });
    }
  }
  await Promise.all(starts);
  await condition(() => inFlight === 0);
  return { done, failed };
}
