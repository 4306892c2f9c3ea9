// A failed month run again: the quality run is terminated while the supervisor's approval is open (a month that
// failed), then started again under the same business id. The re-run renders byte-identical drafts (their time comes
// from the period, not the clock), so the archive gains no entry; it opens the same approval step with the same link
// grant, so no second request is mailed; and the link in the first mail decides the re-run's step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type QualityFeedbackInput } from '../../../activities/quality';
import { verifyActionToken } from '../../../lib/action-token';
import { qualityFeedbackStatusQuery, qualityFeedbackWorkflow } from '../../../workflows';
import { decideUpdate } from '../../../workflows/lib/decision';
import { withWorker } from '../../support/temporal';
import { linkIn, startQualityWorld } from './quality-test-kit';
import { parsePeriod } from '../../../domain/calendar';
import { qualityFeedbackInputFromConfig } from '../../../config/start-inputs/quality-feedback-input';

const PERIOD = parsePeriod('2026-11');
let world: Awaited<ReturnType<typeof startQualityWorld>>;
let input: QualityFeedbackInput;

beforeAll(async () => {
  world = await startQualityWorld(11, PERIOD);
  input = {
    ...qualityFeedbackInputFromConfig(world.cfg, PERIOD),
    sources: {
      qualityEvents: [{ ref: { kind: 'excel', path: '质量信息汇总.xlsx' } }],
      failureModes: { ref: { kind: 'excel', path: '故障模式目录.xlsx' } },
    },
    supplierRecoveryFromReturns: false,
  };
});

afterAll(async () => {
  await world?.close();
});

describe('quality feedback: re-running a failed month', () => {
  it('finds the same archive entries and asks the supervisor nothing twice', async () => {
    const { catcher, services } = world;
    const activities = world.activities();
    const workflowId = `quality-${PERIOD}-rerun-${Date.now()}`;
    const asks = () => catcher.messages().filter((m) => m.subject?.includes('分发审批（草稿第1版）'));
    const mine = async () => (await services.archive.list({ workflowId })).map((e) => [e.docId, e.sha256, e.version]);

    const result = await withWorker({ activities }, async ({ client, taskQueue }) => {
      const first = await client.workflow.start(qualityFeedbackWorkflow, { taskQueue, workflowId, args: [input] });
      const ask = await catcher.waitFor((m) => m.subject?.includes('分发审批（草稿第1版）') ?? false, 90_000);
      const archived = await mine();
      expect(archived).toHaveLength(5); // five department drafts

      // The month fails while the approval is open (an operator terminates it, a worker bug, …).
      await first.terminate('month failed: re-run it');

      // Run it again under the same business id.
      const again = await client.workflow.start(qualityFeedbackWorkflow, { taskQueue, workflowId, args: [input] });
      expect(again.firstExecutionRunId).not.toBe(first.firstExecutionRunId);
      for (let i = 0; i < 300; i++) {
        if ((await again.query(qualityFeedbackStatusQuery)).phase === 'awaiting-approval') break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect((await again.query(qualityFeedbackStatusQuery)).phase).toBe('awaiting-approval');
      await new Promise((r) => setTimeout(r, 1500)); // a second request would have been mailed by now
      // Same drafts (no new versions, no new entries), one request mail.
      expect(await mine()).toEqual(archived);
      expect(asks()).toHaveLength(1);

      // The link in the first mail decides the re-run's step.
      const token = linkIn(ask, 'http://127.0.0.1:9').split('/a/')[1]!;
      const verified = verifyActionToken(token, { keys: services.config.secrets.linkKeys });
      if (!verified.ok) throw new Error(`link did not verify: ${verified.reason}`);
      await again.executeUpdate(decideUpdate, {
        args: [
          {
            stepId: 'approve-distribution-r1',
            action: 'approve',
            jti: verified.claims.jti,
            recipient: 'supervisor@example.cn',
          },
        ],
      });
      return again.result();
    });
    expect(result.approval.by).toBe('supervisor@example.cn');
    expect(result.departments).toHaveLength(5);
    expect(asks()).toHaveLength(1);
  }, 240_000);
});
