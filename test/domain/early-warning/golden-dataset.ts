/**
 * A hand-built quality history for the detector's golden test, examined on 2026-11-12 with the default rule:
 * baseline 2026-09-04 … 2026-10-29 (56 days), monitored 2026-10-30 … 2026-11-12 (14 days), window 2026-11-06 …
 * 2026-11-12 (7 days). Figures the test expects are worked out in detect-signals.golden.test.ts.
 */
import type { WarningEvent } from '../../../domain/early-warning';

const day = (iso: string, n: number): string =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export const AS_OF = '2026-11-12';

type Ev = WarningEvent & { vin?: string };

function dp1230(date: string, supplier: string, region: string, vin?: string): Ev {
  return {
    date,
    partNo: 'DP-1230',
    partName: '制动盘',
    failureCode: 'F07',
    failureName: '异响',
    model: 'JK6480',
    supplier,
    region,
    ...(vin ? { vin } : {}),
  };
}

export function goldenEvents(): Ev[] {
  const out: Ev[] = [];
  // DP-1230 / 异响: one event a week from 09-04 (8 in the baseline, 10-30 and 11-06 in the monitored days),
  // suppliers alternating 华信 / 联达, all in 华北.
  for (let k = 0; k < 10; k++) out.push(dp1230(day('2026-09-04', 7 * k), k % 2 === 0 ? '华信' : '联达', '华北'));
  // The batch: 2 + 2 + 3 + 3 events on 11-09 … 11-12, all 华信, 8 in 华东 and 2 in 华南, VINs in one serial range.
  const batch: [string, number][] = [
    ['2026-11-09', 2],
    ['2026-11-10', 2],
    ['2026-11-11', 3],
    ['2026-11-12', 3],
  ];
  let n = 0;
  for (const [date, count] of batch) {
    for (let i = 0; i < count; i++, n++) {
      out.push(dp1230(date, '华信', n < 8 ? '华东' : '华南', `LJ1K6480P26${String(100200 + n * 3).padStart(6, '0')}`));
    }
  }
  // BK-2001 / 漏油: one a day, every day of the span: busy and steady.
  for (let i = 0; i < 70; i++) {
    out.push({
      date: day('2026-09-04', i),
      partNo: 'BK-2001',
      failureCode: 'F02',
      failureName: '漏油',
      model: 'JK1040',
    });
  }
  // NEW-1 / 黑屏: a new mode with 4 events this week, one short of the minimum count.
  for (let i = 0; i < 4; i++) {
    out.push({
      date: day('2026-11-08', i),
      partNo: 'NEW-1',
      failureCode: 'F09',
      failureName: '黑屏',
      model: 'JK6600EV',
    });
  }
  // OLD-9 / 松动 has an open incident: 6 events this week.
  for (let i = 0; i < 6; i++) {
    out.push({ date: day('2026-11-07', i), partNo: 'OLD-9', failureCode: 'F01', failureName: '松动', model: 'JK1030' });
  }
  // Unmapped texts, a day before the span and a day after the day examined: none of them counts.
  for (let i = 0; i < 3; i++) {
    out.push({
      date: '2026-11-10',
      partNo: 'DP-1230',
      failureCode: 'UNMAPPED',
      failureName: '未归类',
      model: 'JK6480',
    });
  }
  out.push(dp1230('2026-09-03', '华信', '华东'));
  out.push(dp1230('2026-11-13', '华信', '华东'));
  return out;
}
