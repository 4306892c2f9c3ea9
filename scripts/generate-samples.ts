/**
 * Writes the sample workbooks: `tsx scripts/generate-samples.ts --dir .data/samples --seed 42 --period 2026-11
 * [--with-errors] [--large 200000]`. Prints the files as JSON.
 */
import { Command, InvalidArgumentError } from 'commander';
import { generateSamples } from '../activities/sheets/samples';

const positiveInt = (v: string): number => {
  const n = Number(v.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
};

const program = new Command()
  .name('generate-samples')
  .description('Generate realistic Chinese sample workbooks for every spreadsheet schema')
  .option('--dir <dir>', 'output folder', '.data/samples')
  .option('--seed <seed>', 'random seed (same seed, same workbooks)', '20261130')
  .option('--period <yyyy-mm>', 'month the samples are for', '2026-11')
  .option('--with-errors', 'append invalid rows for validation-report tests', false)
  .option('--large <rows>', 'also write a stock ledger with this many rows (streamed)', positiveInt)
  .action(async (o: { dir: string; seed: string; period: string; withErrors: boolean; large?: number }) => {
    const seed = /^\d+$/.test(o.seed) ? Number(o.seed) : o.seed;
    const started = Date.now();
    const result = await generateSamples({
      dir: o.dir,
      seed,
      period: o.period,
      withErrors: o.withErrors,
      ...(o.large ? { large: o.large } : {}),
    });
    console.log(JSON.stringify({ ...result, seconds: (Date.now() - started) / 1000 }, null, 2));
  });

program.parseAsync().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
