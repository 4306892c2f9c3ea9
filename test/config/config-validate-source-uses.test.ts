// `config validate` refuses, before opening any spreadsheet, a source a workflow would read only in part (a list for
// the failure-mode catalogue, a glob of return registers, a quality-events entry on several sheets): exit 2 and a
// line per key saying what is supported, as the worker or the run would refuse it — never a silent partial month.
import { describe, expect, it } from 'vitest';
import { runCli, writeTestConfig } from '../cli/cli-kit';

describe('config validate: sources read only in part are config errors', () => {
  it('exits 2 naming every such key and what to do; the example as configured passes that check', async () => {
    const file = writeTestConfig({ namespace: 'default' });
    const s = file.config.sources;
    const catalogue = { kind: 'excel', path: 'samples/故障模式目录.xlsx', sheet: '故障模式' };
    file.rewrite({
      sources: {
        failureModes: [catalogue, { ...catalogue, path: 'samples/故障模式目录 补充.xlsx' }],
        returns: { kind: 'excel', path: 'samples/旧件退回登记 2026-*.xlsx', sheet: '旧件退回' },
        qualityEvents: [
          { kind: 'excel', path: 'samples/质量信息汇总.xlsx', sheets: ['华东', '华南'] },
          ...(s.qualityEvents ?? []).slice(1),
        ],
      },
    });
    const run = await runCli(['config', 'validate', '--json'], { config: file.path });
    expect(run.code, run.stdout).toBe(2);
    expect(run.stderr).toMatch(
      /config error: sources\.qualityEvents\.0: the quality feedback reads one workbook and one sheet per entry; several sheets \(华东, 华南\).*list each workbook and sheet as an entry of its own/,
    );
    expect(run.stderr).toMatch(
      /\nsources\.failureModes: the quality feedback reads .*a list of sources.*point it at one sheet/,
    );
    expect(run.stderr).toMatch(
      /\nsources\.returns: return processing reads .*a glob \(samples\/旧件退回登记 2026-\*\.xlsx\)/,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);

    // The same config with one sheet per key gets past this check to the sheets (the samples are not generated
    // here, so the sheets themselves fail to open: exit 1, not 2).
    file.rewrite({});
    const plain = await runCli(['config', 'validate', '--json'], { config: file.path });
    expect(plain.code, plain.stderr).toBe(1);
    expect(plain.stderr).not.toContain('config error');
  });
});
