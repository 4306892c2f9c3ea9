// Action links over real HTTP — deciding: the POST reaches the workflow's Update, is recorded, and a second click says who decided.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideUpdate, type StepSpec } from '../../workflows/lib/decision';
import { linkTokenFor, waitForNotices } from '../workflows/lib/decision-test-kit';
import { MANAGER, startWebHarness, type WebHarness } from './web-test-kit';

const TECH = 'tech@example.com';

let h: WebHarness;
beforeAll(async () => {
  h = await startWebHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('action links over HTTP: deciding', () => {
  it('decides on POST, records who/when/what in history and the audit log; a second click says who decided', async () => {
    const { handle, token, grant } = await h.startStep(h.approvalSpec());
    const { csrf } = await h.openPage(token);
    const rejectNoComment = await h.http(`/a/${token}`, {
      form: { action: 'reject', _csrf: csrf, comment: '' },
    });
    expect(rejectNoComment.status).toBe(422);
    expect(rejectNoComment.text).toContain('comment: required');

    const ok = await h.http(`/a/${token}`, {
      form: { action: 'approve', _csrf: csrf, comment: '同意，按差异表过账' },
    });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('已记录');
    expect(ok.text).toContain(MANAGER);
    const result = await handle.result();
    const decision = result.outcomes['manager-approval']!.decision;
    expect(decision).toMatchObject({
      action: 'approve',
      decidedBy: MANAGER,
      comment: '同意，按差异表过账',
      jti: grant.jti,
      meta: { via: 'web' },
    });
    expect(decision.meta?.ip).toMatch(/127\.0\.0\.1/);

    const entries = await h.audit.list({
      action: 'approval.decision',
      target: `${handle.workflowId}/manager-approval`,
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: MANAGER,
      detail: { action: 'approve', comment: '同意，按差异表过账', decidedAt: decision.decidedAt },
    });

    // Second click (the workflow has finished by now): replaying the same link and form decides nothing.
    const again = await h.http(`/a/${token}`, { form: { action: 'reject', _csrf: csrf, comment: '改为驳回' } });
    expect(again.status).toBe(409);
    expect(again.text).toContain(`已由 ${MANAGER} 于`);
    expect(again.text).toContain('处理');
    const revisit = await h.http(`/a/${token}?lang=en`);
    expect(revisit.status).toBe(200);
    expect(revisit.text).toContain(`Already decided by ${MANAGER} at`);
    expect(revisit.text).not.toContain('<form');
  });

  it('a link whose workflow ended before anyone answered says the matter is closed, and offers no form', async () => {
    const { handle, token } = await h.startStep(h.approvalSpec());
    const { csrf } = await h.openPage(token);
    await handle.terminate('the month was closed by the operator');
    const page = await h.http(`/a/${token}`);
    expect(page.status).toBe(410);
    expect(page.text).toContain('此事项已结束');
    expect(page.text).not.toContain('<form');
    // A form opened before the end, sent after it, is refused the same way and the refusal is audited.
    const late = await h.http(`/a/${token}`, { form: { action: 'approve', _csrf: csrf, comment: '' } });
    expect(late.status).toBe(410);
    expect(late.text).toContain('请直接联系发件人');
    const refused = await h.audit.list({ action: 'approval.refused', target: `${handle.workflowId}/manager-approval` });
    expect(refused.map((e) => (e.detail as { reason?: string }).reason)).toEqual(['closed']);
    const english = await h.http(`/a/${token}?lang=en`);
    expect(english.text).toContain('This matter is closed');
  });

  it('a click whose first answer was lost still lands in the audit log as the decision, once', async () => {
    const { handle, token, grant } = await h.startStep(h.approvalSpec());
    const { csrf } = await h.openPage(token);
    // The web's first POST reached the workflow, but its answer never came back (a deadline on a loaded server):
    // the Update was taken with this link's jti and nothing was audited. The person clicks again.
    await handle.executeUpdate(decideUpdate, {
      args: [
        { stepId: 'manager-approval', action: 'approve', jti: grant.jti, recipient: MANAGER, meta: { via: 'web' } },
      ],
    });
    const again = await h.http(`/a/${token}`, { form: { action: 'approve', _csrf: csrf, comment: '' } });
    expect(again.status).toBe(409);
    const decisions = await h.audit.list({
      action: 'approval.decision',
      target: `${handle.workflowId}/manager-approval`,
    });
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ actor: MANAGER, detail: { action: 'approve' } });
    await h.http(`/a/${token}`, { form: { action: 'approve', _csrf: csrf, comment: '' } });
    expect(
      await h.audit.list({ action: 'approval.decision', target: `${handle.workflowId}/manager-approval` }),
    ).toHaveLength(1);
  });

  it('second click while the workflow is still running is refused by the Update validator', async () => {
    const handle = await h.startWorkflow({
      steps: [
        { spec: h.approvalSpec('first'), wait: {} },
        { spec: h.approvalSpec('second'), wait: {} },
      ],
    });
    const workflowId = handle.workflowId;
    const notices = await waitForNotices(handle, (n) => n.length === 2);
    const token = linkTokenFor(
      workflowId,
      'first',
      ['approve', 'reject'],
      notices.find((n) => n.stepId === 'first')!.grants[0]!,
    );
    const { csrf } = await h.openPage(token);
    expect((await h.http(`/a/${token}`, { form: { action: 'approve', _csrf: csrf } })).status).toBe(200);
    const again = await h.http(`/a/${token}`, { form: { action: 'approve', _csrf: csrf } });
    expect(again.status).toBe(409);
    expect(again.text).toMatch(/已由 manager@example\.com 于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(UTC\+8\) 处理/);
    const refusedReasons = (await h.audit.list({ action: 'approval.refused', target: `${workflowId}/first` })).map(
      (e) => e.detail?.reason,
    );
    expect(refusedReasons).toContain('already-decided');
  });

  it('renders a form step in English, keeps values on invalid input, and stores typed values', async () => {
    const spec: StepSpec = {
      stepId: 'verdict',
      kind: 'form',
      title: 'Inspection verdict R-0007',
      summary: ['Returned: 2 × bearing 6204'],
      recipients: [TECH],
      locale: 'en',
      form: [
        {
          name: 'verdict',
          label: 'Verdict',
          type: 'select',
          required: true,
          options: [
            { value: 'accepted', label: 'Warranty accepted' },
            { value: 'nff', label: 'No fault found' },
          ],
        },
        { name: 'qty', label: 'Quantity', type: 'integer', required: true, min: 1 },
      ],
    };
    const { handle, token } = await h.startStep(spec);
    const { page, csrf } = await h.openPage(token);
    expect(page.text).toContain('lang="en"');
    expect(page.text).toContain('Warranty accepted');
    const bad = await h.http(`/a/${token}`, {
      form: { action: 'submit', _csrf: csrf, 'field.verdict': 'nff', 'field.qty': 'two' },
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Quantity: not a whole number');
    expect(bad.text).toMatch(/<option value="nff"\s+selected>/);
    const good = await h.http(`/a/${token}`, {
      form: { action: 'submit', _csrf: csrf, 'field.verdict': 'nff', 'field.qty': '2' },
    });
    expect(good.status).toBe(200);
    expect(good.text).toContain('Recorded');
    expect((await handle.result()).outcomes['verdict']!.decision.fields).toEqual({ verdict: 'nff', qty: 2 });
  });
});
