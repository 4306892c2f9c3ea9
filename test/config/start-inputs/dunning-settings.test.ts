/** The month's run settings come from the one parsed config: procedure, sources, people, defaults. */
import { firstSource } from '../../../config/schema';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { makeTestConfig } from '../../support/test-config';
import { parsePeriod } from '../../../domain/calendar';
import { dunningSettingsFromConfig } from '../../../config/start-inputs/dunning-settings';

describe('dunningSettingsFromConfig', () => {
  it('builds the procedure from config/example.yaml and resolves the sheets against the data dir', () => {
    const cfg = makeTestConfig({ smtpPort: 2525 });
    const s = dunningSettingsFromConfig(cfg, parsePeriod('2026-02'));
    expect(s.asOf).toBe('2026-02-28');
    expect(s.procedure.graceDays).toBe(3);
    expect(
      s.procedure.levels.map((l) => [
        l.level,
        l.daysAfterDue,
        l.minOverdueFen,
        l.template,
        l.feeFen ?? 0,
        !!l.needsApproval,
      ]),
    ).toEqual([
      [1, 0, 10_000, 'dunning-reminder', 0, false],
      [2, 10, 10_000, 'dunning-second', 5_000, false],
      [3, 20, 10_000, 'dunning-final', 0, true],
    ]);
    expect(s.procedure.levels[2]!.interestBpPerYear).toBe(1000);
    expect(s.procedure.creditHold).toMatchObject({ atLevel: 3, overLimit: true });
    const src = firstSource(cfg.sources.dealers)!;
    expect(src.kind).toBe('excel');
    if (src.kind === 'excel') {
      expect(s.sources.dealers).toEqual({
        kind: 'excel',
        path: join(cfg.dataDirAbs, src.path),
        ...(src.sheet ? { sheet: src.sheet } : {}),
      });
    }
    expect(s.people.finance.email).toBe('finance@example.cn');
    expect(s.people.escalateTo?.email).toBe('director@example.cn');
    expect(s).toMatchObject({ followUpDays: 30, recheckDays: 7, locale: 'zh-CN', timeZone: 'Asia/Shanghai' });
  });

  it('refuses a dealer ledger kept as several sheets or workbooks instead of reading only the first', () => {
    const cfg = makeTestConfig({ smtpPort: 2525 });
    const one = firstSource(cfg.sources.dealerTransactions)!;
    if (one.kind !== 'excel') throw new Error('the test config keeps the ledger in Excel');
    for (const dealerTransactions of [
      [one, { ...one, path: '往来账 2026-12.xlsx' }],
      { ...one, path: '往来账 2026-*.xlsx' },
      { ...one, sheet: undefined, sheets: ['华东', '华南'] },
    ]) {
      const sources = { ...cfg.sources, dealerTransactions } as typeof cfg.sources;
      expect(() => dunningSettingsFromConfig({ ...cfg, sources }, parsePeriod('2026-11'))).toThrow(
        /sources\.dealerTransactions: dunning reads one workbook and one sheet/,
      );
    }
    expect(dunningSettingsFromConfig(cfg, parsePeriod('2026-11')).sources.transactions).toMatchObject({
      kind: 'excel',
    });
  });

  it('names the missing section instead of guessing', () => {
    const cfg = makeTestConfig({ smtpPort: 2525 });
    expect(() => dunningSettingsFromConfig({ ...cfg, dunning: undefined }, parsePeriod('2026-11'))).toThrow(/dunning/);
  });
});
