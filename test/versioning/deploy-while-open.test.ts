// Deploying while a month is open (docs/OPERATIONS.md): a run starts on the previous release, the worker is
// replaced by the current code (a change to link grants guarded by patched('jti-from-ask')), and the run finishes
// on the new code with the link mailed by the old one. Runs started after the deploy take the new path. The same
// change without its guard would break the open run: its mailed link would no longer be recognised.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client, Connection, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { decideUpdate, stepQuery } from '../../workflows/lib/decision';
import { decisionFixtureWorkflow, type FixtureNotice } from '../workflows/lib/fixtures';
import { fixtureBundle, waitForNotices } from '../workflows/lib/decision-test-kit';
import { temporalAddress, uniqueTaskQueue } from '../support/temporal';
import { deploymentOptions, workflowBuildId } from '../../versioning/workflow-build-id';
import { bundleWithPatchesAs } from './old-code-bundle';

const FIXTURES = join(__dirname, '..', 'workflows', 'lib', 'fixtures', 'index.ts');
const MANAGER = 'manager@example.com';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let native: NativeConnection;
let client: Client;

beforeAll(async () => {
  native = await NativeConnection.connect({ address: temporalAddress() });
  client = new Client({ connection: await Connection.connect({ address: temporalAddress() }) });
});
afterAll(async () => {
  await client?.connection.close();
  await native?.close();
});

async function release(taskQueue: string, bundle: { code: string }, buildId: string): Promise<Worker> {
  return Worker.create({
    connection: native,
    taskQueue,
    workflowBundle: bundle,
    workerDeploymentOptions: deploymentOptions(buildId),
    // The old worker's cached runs move to the new worker at once, as when a deploy stops the old process.
    stickyQueueScheduleToStartTimeout: '1 second',
  });
}

function startApproval(taskQueue: string): Promise<WorkflowHandle<typeof decisionFixtureWorkflow>> {
  return client.workflow.start(decisionFixtureWorkflow, {
    taskQueue,
    workflowId: `deploy-open-${randomUUID()}`,
    args: [
      {
        steps: [
          {
            spec: { stepId: 'posting-approval', kind: 'approval', title: '审批', summary: [], recipients: [MANAGER] },
            wait: {},
          },
        ],
      },
    ],
  });
}

const requestGrant = async (h: WorkflowHandle) =>
  (await waitForNotices(h, (n: FixtureNotice[]) => n.length > 0))[0]!.grants[0]!;

/** What the manager's click does: the action page looks the step up (a query), then the form sends the Update. */
async function approve(h: WorkflowHandle, jti: string) {
  expect(await h.query(stepQuery, 'posting-approval')).toMatchObject({ status: 'open' });
  return h.executeUpdate(decideUpdate, {
    args: [{ stepId: 'posting-approval', action: 'approve', jti, recipient: MANAGER }],
  });
}

async function buildIdsOf(h: WorkflowHandle): Promise<string[]> {
  const ids: string[] = [];
  for (const e of (await h.fetchHistory()).events ?? []) {
    const a = e.workflowTaskCompletedEventAttributes;
    const id = a?.deploymentVersion?.buildId ?? a?.workerVersion?.buildId;
    if (id && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

describe('deploying a workflow change while a month is open', () => {
  it('a run started on the previous release finishes on the new code with the link mailed before the deploy', async () => {
    const taskQueue = uniqueTaskQueue('deploy');
    const newBuildId = workflowBuildId();

    // The previous release: links carry random ids.
    const old = await release(taskQueue, await bundleWithPatchesAs(FIXTURES, 'before-patches'), 'previous-release');
    const { openRun, mailed, unguardedRun, unguardedMailed } = await old.runUntil(async () => {
      const openRun = await startApproval(taskQueue);
      const unguardedRun = await startApproval(taskQueue);
      return {
        openRun,
        mailed: await requestGrant(openRun),
        unguardedRun,
        unguardedMailed: await requestGrant(unguardedRun),
      };
    });
    expect(mailed.jti).toMatch(UUID);
    expect(unguardedMailed.jti).toMatch(UUID);

    // Had the change been deployed without its guard, the open run would refuse the link its manager holds.
    const unguarded = await release(taskQueue, await bundleWithPatchesAs(FIXTURES, 'without-guards'), 'unguarded');
    const refused = await unguarded.runUntil(approve(unguardedRun, unguardedMailed.jti).catch((e: unknown) => e));
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((refused as WorkflowUpdateFailedError).cause?.message).toMatch(/link|jti|grant|链接/i);
    await unguardedRun.terminate('test: the unguarded release is not deployed');

    // The current code, with the guard: the open run accepts the mailed link and completes; a new run derives its
    // link from the ask.
    const current = await release(taskQueue, await fixtureBundle(), newBuildId);
    await current.runUntil(async () => {
      expect(await approve(openRun, mailed.jti)).toMatchObject({ action: 'approve', decidedBy: MANAGER });
      expect((await openRun.result()).outcomes['posting-approval']).toMatchObject({ decision: { action: 'approve' } });

      const fresh = await startApproval(taskQueue);
      const derived = await requestGrant(fresh);
      expect(derived.jti).toMatch(/^g1-[0-9a-f]{32}$/);
      await approve(fresh, derived.jti);
      await fresh.result();
      expect(await buildIdsOf(fresh)).toEqual([newBuildId]);
    });

    // The open run's history names both releases: which code decided each step.
    expect(await buildIdsOf(openRun)).toEqual(['previous-release', newBuildId]);
  });
});
