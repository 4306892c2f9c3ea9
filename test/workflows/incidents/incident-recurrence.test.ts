// The problem comes back after the corrective action: the detector's check during the verification weeks fires
// against the baseline the incident froze, the incident says so to the owners and asks for a second action; the
// second round verifies and the incident closes, its report counting the recurrence (time-skipping server).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incidentStatusQuery, type IncidentOutcome } from '../../../workflows';
import {
  HUAXIN,
  decideFromMail,
  mailTo,
  mailsTo,
  qualityRows,
  startIncidentHarness,
  writeQualityEvents,
  type EventRow,
  type IncidentHarness,
} from './incident-kit';

const ID = 'incident-2026-11-DP-1230-异响';
const QUALITY = 'quality@example.cn';
const SUPERVISOR = 'supervisor@example.cn';

let h: IncidentHarness;

beforeAll(async () => {
  h = await startIncidentHarness({
    startAt: '2026-11-12T23:30:00Z',
    patch: { earlyWarning: { verification: '3 weeks' } },
  });
});

afterAll(async () => {
  await h?.close();
});

/** Two a day from 11-20 to 11-27: the same noise, a week after the fix was reported done. */
function comeback(): EventRow[] {
  const rows: EventRow[] = [];
  for (let d = 20; d <= 27; d++)
    for (let i = 0; i < 2; i++)
      rows.push([
        `2026-11-${d}`,
        '投诉',
        'JK6480',
        'DP-1230',
        '制动盘',
        '异响',
        HUAXIN,
        'D0030',
        '华东',
        `LJ1K6480P26${200000 + d * 10 + i}`,
        1,
        '制动异响',
      ]);
  return rows;
}

describe('a recurrence during verification (time-skipping server)', () => {
  it('fires again after the fix, asks for a second action, then verifies and closes', async () => {
    expect((await h.detect('2026-11-12')).routed[0]).toMatchObject({ workflowId: ID, status: 'opened' });
    await decideFromMail(h.plain, h.services, await mailTo(h.catcher, SUPERVISOR, ['遏制措施']), 'submit', {
      fields: { scope: '冻结库存', containedOn: '2026-11-13' },
    });
    await decideFromMail(h.plain, h.services, await mailTo(h.catcher, QUALITY, ['原因分析']), 'submit', {
      fields: { responsibility: 'internal', cause: '装配力矩不足' },
    });
    await decideFromMail(h.plain, h.services, await mailTo(h.catcher, QUALITY, ['纠正措施']), 'submit', {
      fields: { action: '调整拧紧力矩', dueDate: '2026-11-14' },
    });
    await decideFromMail(h.plain, h.services, await mailTo(h.catcher, QUALITY, ['措施完成确认']), 'acknowledge', {
      fields: { doneOn: '2026-11-13' },
    });
    const incident = h.plain.workflow.getHandle(ID);
    await expect
      .poll(async () => (await incident.query(incidentStatusQuery)).phase, { timeout: 20_000 })
      .toBe('verifying');

    // A check whose monitored days still reach back before the fix does not count as a recurrence.
    await h.detect('2026-11-13');
    expect((await incident.query(incidentStatusQuery)).phase).toBe('verifying');

    // 11-28: the failures are back; the check on 11-27 (monitored days 11-14 … 11-27, all after the fix) fires.
    await h.env.sleep('15 days');
    await writeQualityEvents(h.services, qualityRows(comeback()));
    await h.detect('2026-11-27');
    const back = await mailTo(h.catcher, QUALITY, ['【质量事件】', '验证期内复发']);
    expect(back.text).toContain('2026-11-27');
    await mailTo(h.catcher, 'manager@example.cn', ['验证期内复发']);
    const second = await mailTo(h.catcher, QUALITY, ['纠正措施（第 2 轮）']);
    expect(second.text).toContain('上一轮措施后复发');
    await decideFromMail(h.plain, h.services, second, 'submit', {
      fields: { action: '更换拧紧枪并加防错', dueDate: '2026-12-05', cost: '800' },
    });
    await decideFromMail(
      h.plain,
      h.services,
      await mailTo(h.catcher, QUALITY, ['措施完成确认（期限 2026-12-05）']),
      'acknowledge',
      {
        fields: { doneOn: '2026-11-28' },
      },
    );

    // Three quiet weeks (no detector run needed to pass time); the owner verifies.
    await h.env.sleep('22 days');
    const verify = await mailTo(h.catcher, QUALITY, ['效果验证']);
    expect(mailsTo(h.catcher, QUALITY, ['验证期内复发'])).toHaveLength(1);
    expect(verify.text).toContain('预警检测 0 次');
    await decideFromMail(h.plain, h.services, verify, 'approve');
    const outcome: IncidentOutcome = await incident.result();
    expect(outcome).toMatchObject({ rounds: 2, recurrences: 1, supplierResponsible: false, costFen: 80_000 });
    const status = await incident.query(incidentStatusQuery);
    expect(status.rounds.map((r) => [r.round, r.outcome])).toEqual([
      [1, 'recurred'],
      [2, 'verified'],
    ]);
    expect(status.rounds[0]!.recurrence).toMatchObject({ asOf: '2026-11-27', active: true, observed: 14 });
  });
});
