// The quality feedback reads each quality-events entry, the catalogue and the volumes as one sheet each: a source
// configured as more than that (a list for the catalogue, a glob, several sheets, setFrom) is refused at start-up
// with a ConfigError naming every such key, instead of the first sheet being read and the rest silently left out.
import { describe, expect, it } from 'vitest';
import { firstSource } from '../../../config/schema';
import { ConfigError } from '../../../domain/errors';
import { makeTestConfig } from '../../support/test-config';
import { parsePeriod } from '../../../domain/calendar';
import { qualityFeedbackInputFromConfig } from '../../../config/start-inputs/quality-feedback-input';

const base = makeTestConfig({ smtpPort: 2525 });
const catalogue = firstSource(base.sources.failureModes)!;
const events = base.sources.qualityEvents!;
const volumes = firstSource(base.sources.productionVolumes)!;
if (catalogue.kind !== 'excel' || volumes.kind !== 'excel') throw new Error('the example keeps these in Excel');

const withSources = (patch: Partial<typeof base.sources>) => ({ ...base, sources: { ...base.sources, ...patch } });
const refusal = (patch: Partial<typeof base.sources>): ConfigError => {
  try {
    qualityFeedbackInputFromConfig(withSources(patch), parsePeriod('2026-11'));
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('not refused');
};

describe('qualityFeedbackInputFromConfig: sources read whole or refused', () => {
  it('reads every quality-events entry of a list, each as its own sheet', () => {
    const input = qualityFeedbackInputFromConfig(base, parsePeriod('2026-11'));
    expect(input.sources.qualityEvents.map((q) => q.ref)).toEqual([
      { kind: 'excel', path: 'samples/质量信息汇总.xlsx', sheet: '质量信息' },
      { kind: 'excel', path: 'samples/三包鉴定结果.xlsx', sheet: '三包鉴定' },
    ]);
    expect(input.sources.failureModes.ref).toEqual({ kind: 'excel', path: catalogue.path, sheet: catalogue.sheet });
  });

  it('refuses a catalogue or volumes kept as a list, a glob or several sheets, naming the key', () => {
    for (const failureModes of [
      [catalogue, { ...catalogue, path: 'samples/故障模式目录 补充.xlsx' }],
      { ...catalogue, path: 'samples/故障模式目录*.xlsx' },
      { ...catalogue, sheet: undefined, sheets: ['故障模式', '补充'] },
      { ...catalogue, sheet: '*' },
    ]) {
      const err = refusal({ failureModes });
      expect(err.message).toMatch(
        /^sources\.failureModes: the quality feedback reads one workbook and one sheet per table;/,
      );
      expect(err.message).toContain('point it at one sheet');
    }
    const err = refusal({ productionVolumes: [volumes, { ...volumes, path: 'samples/产量统计 2027.xlsx' }] });
    expect(err.message).toMatch(
      /^sources\.productionVolumes: the quality feedback reads one workbook .* a list of sources/,
    );
  });

  it('refuses a quality-events entry with a glob, several sheets or setFrom, naming its index; all keys at once', () => {
    const first = events[0]!;
    if (first.kind !== 'excel') throw new Error('the example keeps quality events in Excel');
    const err = refusal({
      qualityEvents: [
        first,
        { ...first, path: 'samples/质量信息 2026-*.xlsx' },
        { ...first, sheet: undefined, sheets: ['华东', '华南'] },
        { ...first, setFrom: { region: { from: 'sheet' } } },
      ],
      failureModes: [catalogue, catalogue],
    });
    const lines = err.message.split('\n');
    expect(lines.map((l) => l.split(':')[0])).toEqual([
      'sources.qualityEvents.1',
      'sources.qualityEvents.2',
      'sources.qualityEvents.3',
      'sources.failureModes',
    ]);
    expect(lines[0]).toContain('a glob (samples/质量信息 2026-*.xlsx)');
    expect(lines[1]).toContain('several sheets (华东, 华南)');
    expect(lines[2]).toContain('setFrom');
    expect(lines[0]).toContain('list each workbook and sheet as an entry of its own');
  });
});
