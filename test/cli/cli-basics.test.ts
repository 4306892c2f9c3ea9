// The CLI through its real entry point: help for every command, exit codes, readable errors, `config validate`
// over real sample workbooks (good, bad config, bad rows), `hash-password` from stdin.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSamples, type GeneratedSamples } from '../../activities/sheets/samples';
import { verifyPassword } from '../../web/portal/password-hash';
import { json, runCli, writeTestConfig, type TestConfigFile } from './cli-kit';

interface ValidateJson {
  ok: boolean;
  sources: {
    key: string;
    rows: number;
    problemCount: number;
    sheet: string;
    problems: { row: number; column: string; header: string; code: string }[];
    error?: string;
  }[];
}

describe('aftersales CLI: help, exit codes, config validate, hash-password', () => {
  let samples: GeneratedSamples;
  let good: TestConfigFile;
  let messy: TestConfigFile;

  beforeAll(async () => {
    good = writeTestConfig({ namespace: 'default' });
    const dir = join(good.dataDir, 'samples');
    mkdirSync(dir, { recursive: true });
    samples = await generateSamples({ dir, seed: 7, period: '2026-11', withErrors: true });
    const source = (name: keyof GeneratedSamples['files']) => ({
      kind: 'excel',
      path: samples.files[name],
      sheet: samples.sheets[name],
    });
    // The failure-mode catalogue gets no planted errors; the other workbooks each have some.
    good.rewrite({}, { sources: { failureModes: source('failureModes') } });
    // Same data dir (the worker only opens workbooks inside it), another config file.
    messy = writeTestConfig({ namespace: 'default', dataDir: good.dataDir, fileName: 'messy.yaml' });
    messy.rewrite(
      {},
      {
        sources: {
          dealers: source('dealers'),
          dealerTransactions: source('dealerTransactions'),
          failureModes: source('failureModes'),
        },
      },
    );
  });

  it('prints help for the program and every command, exit 0', async () => {
    const commands = [
      [],
      ['run'],
      ['status'],
      ['approve'],
      ['resend-mail'],
      ['archive', 'list'],
      ['archive', 'verify'],
      ['config', 'validate'],
      ['schedules', 'apply'],
      ['schedules', 'backfill'],
      ['hash-password'],
    ];
    const runs = await Promise.all(commands.map((c) => runCli([...c, '--help'])));
    runs.forEach((r, i) => {
      expect(r.code, `${commands[i]!.join(' ')} --help: ${r.stderr}`).toBe(0);
      expect(r.stdout).toContain('Usage: aftersales');
    });
    expect(runs[0]!.stdout).toMatch(/schedules[\s\S]*hash-password/);
    expect(runs[1]!.stdout).toContain('--period <yyyy-mm>');
    expect(runs[3]!.stdout).toContain('--as <email>');
    expect(runs[9]!.stdout).toContain('--month <yyyy-mm>');
  });

  it('usage errors exit 2 with a readable message and no stack trace', async () => {
    const [unknownCmd, noPeriod, badPeriod, unknownWf] = await Promise.all([
      runCli(['frobnicate']),
      runCli(['run', 'stocktake', '--config', good.path]),
      runCli(['run', 'stocktake', '--period', '2026-13', '--config', good.path]),
      runCli(['run', 'payroll', '--period', '2026-11', '--config', good.path]),
    ]);
    expect(unknownCmd.code).toBe(2);
    expect(unknownCmd.stderr).toContain("unknown command 'frobnicate'");
    expect(noPeriod.code).toBe(2);
    expect(noPeriod.stderr).toContain('stocktake needs --period');
    expect(badPeriod.code).toBe(2);
    expect(badPeriod.stderr).toContain('--period must look like 2026-11');
    expect(unknownWf.code).toBe(2);
    expect(unknownWf.stderr).toContain('unknown workflow "payroll" (known: stocktake, ');
    for (const r of [noPeriod, badPeriod, unknownWf]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('config validate: a good config exits 0; an invalid one exits 2 naming every wrong key', async () => {
    const ok = await runCli(['config', 'validate', '--json'], { config: good.path });
    expect(ok.code, ok.stderr).toBe(0);
    expect(json<ValidateJson>(ok)).toMatchObject({
      ok: true,
      sources: [{ key: 'sources.failureModes', problemCount: 0 }],
    });
    expect(json<ValidateJson>(ok).sources[0]!.rows).toBeGreaterThan(10);

    const broken = join(good.dataDir, 'broken.yaml');
    writeFileSync(broken, 'timezone: Mars/Olympus\nweb: { publicBaseUrl: not-a-url }\n');
    const bad = await runCli(['config', 'validate', '--config', broken]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('config error: invalid config');
    expect(bad.stderr).toContain('timezone: unknown IANA time zone');
    expect(bad.stderr).toContain('web.publicBaseUrl');
    expect(bad.stderr).toContain('secrets');
    expect(bad.stderr).not.toMatch(/\n\s+at /);

    const missing = await runCli(['config', 'validate', '--config', join(good.dataDir, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read config file');
  });

  it('config validate: every bad row is reported with file, sheet, row and column; nothing is written (exit 1)', async () => {
    const files = [samples.files.dealers, samples.files.dealerTransactions];
    const before = files.map((f) => statSync(f).mtimeMs);
    const run = await runCli(['config', 'validate', '--json'], { config: messy.path });
    expect(run.code, run.stderr).toBe(1);
    const report = json<ValidateJson>(run);
    expect(report.ok).toBe(false);
    const dealers = report.sources.find((s) => s.key === 'sources.dealers')!;
    const planted = samples.planted.filter((p) => p.schema === 'dealers');
    expect(dealers.problemCount).toBe(planted.length);
    for (const p of planted) {
      expect(dealers.sheet).toBe(samples.sheets.dealers);
      expect(dealers.problems).toContainEqual(expect.objectContaining({ row: p.row, header: p.column }));
    }
    expect(report.sources.find((s) => s.key === 'sources.dealerTransactions')!.problemCount).toBeGreaterThan(0);
    expect(report.sources.find((s) => s.key === 'sources.failureModes')!.problemCount).toBe(0);
    expect(files.map((f) => statSync(f).mtimeMs)).toEqual(before);

    const text = await runCli(['config', 'validate'], { config: messy.path });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(new RegExp(`[A-Z]+${planted[0]!.row} "${planted[0]!.column}"`));
    expect(text.stdout).toContain('problems found (nothing was written)');
  });

  it('hash-password reads stdin and prints a hash the portal accepts; empty input is a usage error', async () => {
    const [hashed, empty] = await Promise.all([
      runCli(['hash-password'], { input: 'audit-2026 密码\n' }),
      runCli(['hash-password'], { input: '' }),
    ]);
    expect(hashed.code, hashed.stderr).toBe(0);
    const hash = hashed.stdout.trim();
    expect(hash).toMatch(/^scrypt\$/);
    expect(await verifyPassword('audit-2026 密码', hash)).toBe(true);
    expect(await verifyPassword('wrong', hash)).toBe(false);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('no password on stdin');
  });

  it('an unreachable Temporal is one readable line, exit 1 (the stack only with --verbose)', async () => {
    const env = { TEMPORAL_ADDRESS: '127.0.0.1:1' };
    const [plain, verbose] = await Promise.all([
      runCli(['status'], { config: good.path, env }),
      runCli(['status', '--verbose'], { config: good.path, env }),
    ]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain('cannot reach Temporal at 127.0.0.1:1');
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    expect(verbose.code).toBe(1);
    expect(verbose.stderr).toContain('cannot reach Temporal at 127.0.0.1:1');
    expect(verbose.stderr).toContain('cause:');
  });
});
