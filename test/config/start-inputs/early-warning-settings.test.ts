// The early-warning part of the config: validated by the schema (a wrong key names itself), owners defaulting to
// the people the config already has, the purchasing contact found however the sheet writes the supplier, and the
// daily schedule it gets.
import { describe, expect, it } from 'vitest';
import { purchasingContactFor } from '../../../activities/incidents';
import { earlyWarningEntry } from '../../../schedules/registry/early-warning';
import { scheduleDefinition } from '../../../schedules/schedule-definitions';
import { firstSource } from '../../../config/schema';
import { makeTestConfig } from '../../support/test-config';
import {
  earlyWarningSettingsFromConfig,
  earlyWarningUnconfigured,
} from '../../../config/start-inputs/early-warning-settings';

const cfg = (patch: Record<string, unknown> = {}) => makeTestConfig({ smtpPort: 2525, patch });

describe('earlyWarning config', () => {
  it('fills the rule and owners from the example config and the people it names', () => {
    const s = earlyWarningSettingsFromConfig(cfg());
    expect(s.detection).toEqual({
      windowDays: 7,
      monitorDays: 14,
      baselineDays: 56,
      alpha: 1e-5,
      minCount: 5,
      minRatio: 2,
      cusum: { shift: 3, threshold: 11 },
      dimensions: ['supplier', 'region'],
      fieldMonths: 36,
    });
    expect(s.policy.owners).toEqual({
      containment: { name: '李主管', email: 'supervisor@example.cn' },
      rootCause: { name: '品质部', email: 'quality@example.cn' },
      action: { name: '品质部', email: 'quality@example.cn' },
      verification: { name: '品质部', email: 'quality@example.cn' },
    });
    expect(s.policy).toMatchObject({
      verification: '4 weeks',
      checkDays: 14,
      manager: { email: 'manager@example.cn' },
    });
    expect(s.sources.qualityEvents.map((q) => q.ref)).toEqual([
      { kind: 'excel', path: 'samples/质量信息汇总.xlsx', sheet: '质量信息' },
      { kind: 'excel', path: 'samples/三包鉴定结果.xlsx', sheet: '三包鉴定' },
    ]);
    expect(s.register).toEqual({ kind: 'excel', path: 'samples/质量事件登记.xlsx', sheet: '质量事件' });
  });

  it('without a register the journal goes beside the first quality source', () => {
    const c = cfg();
    const s = earlyWarningSettingsFromConfig({ ...c, earlyWarning: { ...c.earlyWarning!, register: undefined } });
    expect(s.register).toEqual({ kind: 'excel', path: 'samples/质量事件登记.xlsx', sheet: '质量事件' });
  });

  it('refuses sources it would read only in part: a catalogue list, a quality-events glob, a register on several sheets', () => {
    const c = cfg();
    const catalogue = firstSource(c.sources.failureModes)!;
    const events = c.sources.qualityEvents!;
    const first = events[0]!;
    if (first.kind !== 'excel') throw new Error('the example keeps quality events in Excel');
    const sources = {
      ...c.sources,
      qualityEvents: [first, { ...first, path: 'samples/质量信息 2026-*.xlsx' }],
      failureModes: [catalogue, catalogue],
    };
    expect(() => earlyWarningSettingsFromConfig({ ...c, sources })).toThrow(
      /^sources\.qualityEvents\.1: early warning reads one workbook and one sheet per entry; a glob .*\nsources\.failureModes: early warning reads one workbook and one sheet per table; a list of sources/,
    );
    const register = { kind: 'excel' as const, path: 'samples/质量事件登记.xlsx', sheets: ['质量事件', '2025'] };
    expect(() => earlyWarningSettingsFromConfig({ ...c, earlyWarning: { ...c.earlyWarning!, register } })).toThrow(
      /^earlyWarning\.register: early warning reads one workbook and one sheet per table; several sheets/,
    );
  });

  it('finds the purchasing contact by supplier however it is written, else people.purchasing', () => {
    const s = earlyWarningSettingsFromConfig(cfg());
    expect(purchasingContactFor(s, '浙江华信制动系统有限公司 ')).toEqual({
      name: '钱采购',
      email: 'buyer-hx@example.cn',
    });
    expect(purchasingContactFor(s, '天津津海机械有限公司')).toEqual({ name: '配套部', email: 'purchasing@example.cn' });
    expect(purchasingContactFor(s, undefined)).toEqual({ name: '配套部', email: 'purchasing@example.cn' });
  });

  it.each([
    [{ detection: { windowDays: 20 } }, 'earlyWarning.detection.windowDays'],
    [{ detection: { alpha: 0 } }, 'earlyWarning.detection.alpha'],
    [{ detection: { dimensions: ['dealer'] } }, 'earlyWarning.detection.dimensions.0'],
    [{ verification: 'a month' }, 'earlyWarning.verification'],
    [{ owners: { action: { name: '品质部', email: 'not-an-email' } } }, 'earlyWarning.owners.action.email'],
  ])('refuses %j naming %s', (earlyWarning, key) => {
    expect(() => cfg({ earlyWarning })).toThrow(key);
  });

  it('is scheduled daily at 07:00 company time and only where configured', () => {
    const c = cfg();
    const def = scheduleDefinition(c, earlyWarningEntry)!;
    expect(def.description).toBe('daily 07:00 Asia/Shanghai');
    expect(def.options.spec).toMatchObject({ calendars: [{ hour: 7, minute: 0 }], timezone: 'Asia/Shanghai' });
    expect(def.options.action).toMatchObject({
      workflowType: 'earlyWarningWorkflow',
      workflowId: 'early-warning',
      args: [{ timeZone: 'Asia/Shanghai' }],
    });
    expect(earlyWarningUnconfigured(c)).toBeNull();
    expect(earlyWarningUnconfigured({ ...c, earlyWarning: undefined })).toBe('earlyWarning is not configured');
    expect(() => earlyWarningSettingsFromConfig({ ...c, earlyWarning: undefined })).toThrow(
      'earlyWarning is not configured',
    );
  });
});
