// lookupStep against a real server: a decided step is read with the query alone; only an undecided one asks the
// workflow's status, to tell an open step (a form) from one whose workflow ended (410 "此事项已结束").
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupStep } from '../../web/step-gateway';
import { decideUpdate } from '../../workflows/lib/decision';
import { MANAGER, startWebHarness, type WebHarness } from './web-test-kit';

let h: WebHarness;
beforeAll(async () => {
  h = await startWebHarness();
});
afterAll(async () => {
  await h?.close();
});

/** The real client, counting the describe() calls made through its workflow handles. */
function countingDescribe(client: Client): { client: Client; describes: () => number } {
  let n = 0;
  const workflow = new Proxy(client.workflow, {
    get(target, prop, receiver) {
      if (prop !== 'getHandle') return Reflect.get(target, prop, receiver);
      return (...args: Parameters<Client['workflow']['getHandle']>) => {
        const handle = target.getHandle(...args);
        const describe: typeof handle.describe = () => {
          n++;
          return handle.describe();
        };
        return { ...handle, describe };
      };
    },
  });
  const counted = new Proxy(client, {
    get: (target, prop, receiver) => (prop === 'workflow' ? workflow : Reflect.get(target, prop, receiver)),
  });
  return { client: counted, describes: () => n };
}

describe('lookupStep', () => {
  it('reads a decided step with one call, and asks the status only for an undecided one', async () => {
    const counting = countingDescribe(h.client);
    const { handle, grant } = await h.startStep(h.approvalSpec());
    const open = await lookupStep(counting.client, handle.workflowId, 'manager-approval');
    expect(open).toMatchObject({ kind: 'found', step: { status: 'open' } });
    expect(counting.describes()).toBe(1);

    await handle.executeUpdate(decideUpdate, {
      args: [{ stepId: 'manager-approval', action: 'approve', jti: grant.jti, recipient: MANAGER }],
    });
    await handle.result();
    // Decided, and its workflow has ended since: still "found" (the page says who decided), without describe.
    const decided = await lookupStep(counting.client, handle.workflowId, 'manager-approval');
    expect(decided).toMatchObject({ kind: 'found', step: { decision: { action: 'approve', decidedBy: MANAGER } } });
    expect(counting.describes()).toBe(1);

    const unknown = await lookupStep(counting.client, `${handle.workflowId}-none`, 'manager-approval');
    expect(unknown).toEqual({ kind: 'not-found' });
  });

  it('an undecided step whose workflow ended is closed', async () => {
    const counting = countingDescribe(h.client);
    const { handle } = await h.startStep(h.approvalSpec());
    await handle.terminate('the month was closed by the operator');
    const closed = await lookupStep(counting.client, handle.workflowId, 'manager-approval');
    expect(closed).toMatchObject({ kind: 'closed', step: { status: 'open' } });
    expect(counting.describes()).toBe(1);
  });
});
