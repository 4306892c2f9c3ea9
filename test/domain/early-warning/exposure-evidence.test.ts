import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DETECTION,
  buildEvidence,
  createFieldExposure,
  detectSignals,
  endOfLocalDay,
  evaluateCell,
  incidentWorkflowId,
  parseSignalKey,
  signalKey,
  startOfLocalDay,
  vinRanges,
} from '../../../domain/early-warning';
import type { CleanQualityEvent } from '../../../domain/quality';
import { AS_OF, goldenEvents } from './golden-dataset';
import { parsePeriod } from '../../../domain/calendar';

describe('vehicles in the field from monthly production', () => {
  const volumes = [
    { month: '2026-09', model: 'jk6480', volume: 300 },
    { month: '2026-10', model: 'JK6480', volume: 310 },
    { month: '2026-11', model: 'JK6480', volume: 300 },
    { month: '2026-11', model: 'JK6480', volume: 0 }, // a blank plant row changes nothing
  ].map((v) => ({ ...v, month: parsePeriod(v.month) }));
  const field = createFieldExposure(volumes, 2);

  it('is the months before (fieldMonths − 1 of them) plus the current month pro rata by day', () => {
    const d = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
    // 2026-11-15: October 310 + November 300 × 15/30 = 460; 2026-10-01: September 300 + 310 × 1/31 = 310.
    expect(field.series(['JK6480'], d('2026-11-15'), 1)![0]).toBeCloseTo(460, 9);
    expect(field.series(['JK6480'], d('2026-10-01'), 1)![0]).toBeCloseTo(310, 9);
    expect(field.known('jk 6480'.replace(' ', ''))).toBe(true);
    // Two models add up; a model without volumes makes the cell unknown (judged per day).
    expect(field.series(['JK6480', 'JK6480'], d('2026-11-15'), 1)![0]).toBeCloseTo(920, 9);
    expect(field.series(['JK6480', 'JK1040'], d('2026-11-15'), 1)).toBeNull();
    expect(field.series([], d('2026-11-15'), 1)).toBeNull();
  });

  it('a growing field raises the expectation: the same counts are no longer a signal', () => {
    const s = DEFAULT_DETECTION;
    const counts = new Array(70).fill(0);
    for (let i = 0; i < 56; i += 7) counts[i] = 1; // 8 in the baseline
    [1, 1, 2, 1, 2, 1, 2].forEach((n, i) => (counts[63 + i] = n)); // 10 in the window
    const flat = evaluateCell(counts, null, s);
    // Per day: P(X ≥ 10 | 1.125) ≈ 4e-7 fires. Ten times as many vehicles in the window as in the baseline:
    // 11.25 are expected there, and 10 are fewer than that.
    const growing = evaluateCell(
      counts,
      counts.map((_, i) => (i >= 56 ? 10 : 1)),
      s,
    );
    expect(flat.firedBy).toEqual(['poisson']);
    expect(flat.testMean).toBeCloseTo(1.125, 12);
    expect(growing.volumeAdjusted).toBe(true);
    expect(growing.testMean).toBeCloseTo((9 / 56) * 70, 9);
    expect(growing.firedBy).toEqual([]);
    expect(() => evaluateCell(counts.slice(1), null, s)).toThrow(RangeError);
  });
});

describe('evidence of a signal', () => {
  const s = DEFAULT_DETECTION;
  const events = goldenEvents().map((e, i): CleanQualityEvent => ({
    ...e,
    source: i % 2 ? 'complaint' : 'inspection',
    failureMode: e.failureName,
    qty: 1,
    failureCategory: null,
    mappedBy: 'name',
    mergedCount: 1,
    ref: { file: '质量信息汇总.xlsx', sheet: '质量信息', row: i + 2 },
  }));
  const sig = detectSignals(events, AS_OF, s).signals[0]!;
  const ev = buildEvidence(
    events.filter((e) => signalKey(e.partNo, e.failureCode) === sig.key),
    AS_OF,
    sig.figures,
    s,
    null,
  );

  it('counts per day over the 70 days against the baseline rate, the monitored events with their rows', () => {
    expect(ev.daily).toHaveLength(70);
    expect(ev.daily.slice(-4).map((d) => [d.date, d.count])).toEqual([
      ['2026-11-09', 2],
      ['2026-11-10', 2],
      ['2026-11-11', 3],
      ['2026-11-12', 3],
    ]);
    expect(ev.daily.every((d) => d.expected === Math.round((8 / 56) * 1000) / 1000)).toBe(true);
    expect(ev.daily.reduce((n, d) => n + d.count, 0)).toBe(20);
    expect(ev.eventCount).toBe(12); // 10-30, 11-06 and the ten of the batch
    expect(ev.events[0]).toMatchObject({ date: '2026-10-30', where: '质量信息汇总.xlsx › 质量信息 › 10' });
  });

  it('spreads by region, model and supplier (monitored vs baseline) and VIN ranges', () => {
    expect(ev.spread.regions).toEqual([
      { value: '华东', recent: 8, baseline: 0 },
      { value: '华北', recent: 2, baseline: 8 },
      { value: '华南', recent: 2, baseline: 0 },
    ]);
    expect(ev.spread.suppliers).toEqual([
      { value: '华信', recent: 11, baseline: 4 },
      { value: '联达', recent: 1, baseline: 4 },
    ]);
    // Ten VINs with serials 100200, 100203 … 100227 under one prefix: one production batch.
    expect(ev.vin).toEqual({
      events: 12,
      withVin: 10,
      distinct: 10,
      ranges: [{ prefix: 'LJ1K6480P26', from: '100200', to: '100227', count: 10 }],
    });
    expect(vinRanges(['SHORT1', 'LJ1K6480P26000001'])).toEqual([
      { prefix: '', from: 'SHORT1', to: 'SHORT1', count: 1 },
      { prefix: 'LJ1K6480P26', from: '000001', to: '000001', count: 1 },
    ]);
  });
});

describe('keys, ids and local days', () => {
  it('one key per part × failure mode; the incident id names month, part and mode', () => {
    expect(signalKey('DP-1230', 'F07')).toBe('DP-1230|F07');
    expect(parseSignalKey('A|B|F07')).toEqual({ partNo: 'A|B', failureCode: 'F07' });
    expect(() => parseSignalKey('nokey')).toThrow(RangeError);
    expect(incidentWorkflowId('2026-11-12', 'DP-1230', '异响')).toBe('incident-2026-11-DP-1230-异响');
    expect(incidentWorkflowId('2026-11-12', 'DP 1230/A', '制动 异响', 2)).toBe(
      'incident-2026-11-DP_1230_A-制动_异响-2',
    );
    expect(() => incidentWorkflowId('11/12', 'DP', 'x')).toThrow(RangeError);
  });

  it('local midnight in Shanghai is 16:00 UTC the day before; a due date ends at the next midnight', () => {
    expect(new Date(startOfLocalDay('2026-12-15', 'Asia/Shanghai')).toISOString()).toBe('2026-12-14T16:00:00.000Z');
    expect(new Date(endOfLocalDay('2026-12-15', 'Asia/Shanghai')).toISOString()).toBe('2026-12-15T16:00:00.000Z');
    // Across a daylight-saving change: Berlin moves to summer time on 2026-03-29.
    expect(new Date(startOfLocalDay('2026-03-30', 'Europe/Berlin')).toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });
});
