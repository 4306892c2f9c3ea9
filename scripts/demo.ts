/**
 * `npm run demo`: closes a whole sample month on embedded defaults — the Temporal dev server (SQLite under
 * .data/demo, UI on :8233), a local mail catcher writing .eml files, the worker and the web server — with every
 * approval and answer made by clicking the real link from the real mail over HTTP, then prints a summary.
 *
 *   npm run demo [-- --keep-running] [--config config/example.yaml] [--small] [--period 2026-11]
 *
 * A second run reuses the sample workbooks and reports the month's workflows as already done.
 */
import { loadConfig } from '../config/load-config';
import { demoTimings } from './demo/demo-early-warning';
import { AppError } from '../domain/errors';
import { startStack } from './lib/stack';
import { ensureSamples } from './demo/demo-samples';
import { FULL_SCALE, SMALL_SCALE, runMonthEnd, SECTIONS, type Section } from './demo/run-month-end';
import { SMALL_MONTH } from './demo/small-samples';
import { parsePeriod } from '../domain/calendar';

const HELP = `Usage: npm run demo [-- options]
  --keep-running        leave Temporal, the worker, the web server and the mail catcher up afterwards
  --config <file>       config to use (default config/example.yaml)
  --period <yyyy-mm>    month to close (default 2026-11, the month of the sample workbooks)
  --small               a smaller month (12 dealers, 6 returns, 24 stock lines per warehouse), in <dataDir>-small
  --only <a,b>          run only these parts (always in the order ${SECTIONS.join(', ')};
                        the quality feedback reads the inspection journal the returns write)`;

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(HELP);
    return 0;
  }
  const started = Date.now();
  const keep = argv.includes('--keep-running');
  const small = argv.includes('--small');
  const period = parsePeriod(option(argv, '--period') ?? '2026-11', '--period');
  const asked = option(argv, '--only')
    ?.split(',')
    .map((s) => s.trim()) as Section[] | undefined;
  const unknown = asked?.filter((s) => !SECTIONS.includes(s));
  const only = asked && SECTIONS.filter((s) => asked.includes(s));
  if (unknown?.length)
    throw new AppError(
      'InvalidArgument',
      `--only: unknown part(s) ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}`,
    );
  // The demo's timings: an incident's verification waits seconds, not the configured weeks.
  const loaded = demoTimings(loadConfig(option(argv, '--config') ?? 'config/example.yaml'));
  // The small month keeps its own data (Temporal history, archive, outbox) beside the full one.
  const cfg = small ? { ...loaded, dataDirAbs: `${loaded.dataDirAbs}-small` } : loaded;

  const samples = await ensureSamples(cfg, { period, small: small ? SMALL_MONTH : null });
  console.log(
    samples.written.length === 0
      ? `[demo] sample workbooks reused from ${samples.dir}`
      : `[demo] wrote ${samples.written.length} sample workbook(s) to ${samples.dir}${samples.reused.length ? ` (${samples.reused.length} reused)` : ''}`,
  );
  const stack = await startStack(cfg);
  // Ctrl+C mid-run: stop the services we started rather than leave a dev server behind.
  const interrupt = () => void stack.stop().then(() => process.exit(130));
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  let ok = false;
  try {
    const report = await runMonthEnd(stack, {
      period,
      scale: small ? SMALL_SCALE : FULL_SCALE,
      ...(only ? { sections: only } : {}),
      startedAt: started,
    });
    console.log(report.summary);
    ok = report.ok;
  } finally {
    process.removeListener('SIGINT', interrupt);
    process.removeListener('SIGTERM', interrupt);
    if (!keep) await stack.stop();
  }
  if (keep) {
    console.log('[demo] --keep-running: services stay up; Ctrl+C to stop');
    await new Promise<void>((resolve) => {
      const stop = () => void stack.stop().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  }
  if (!ok) console.error('[demo] some part of the month-end failed: see ✗ above');
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof AppError ? err.message : err);
    process.exit(1);
  },
);
