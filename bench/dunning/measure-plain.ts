/**
 * The baseline: the same month without Temporal, in one process: read and validate the workbooks, then for every
 * dealer the same reconciliation, statement PDF (rendered and archived), statement mail over SMTP and state commit,
 * by calling the very same activity functions directly from a plain loop with the same concurrency.
 * argv: <dataDir> <smtpPort> <dealersPath> <transactionsPath> <period> <concurrency>
 */
import { childMain } from '../lib/child-main';
import { startProgress } from '../lib/progress';
import { benchActivities, benchConfig, benchSettings } from './bench-services';
import { plainDealerMonth } from './plain-dealer';
import { parsePeriod } from '../../domain/calendar';

childMain(async ([dataDir, smtpPort, dealersPath, txPath, periodArg, conc]) => {
  const period = parsePeriod(periodArg, 'period argument');
  const cfg = benchConfig(dataDir!, Number(smtpPort));
  const { services, activities: a } = benchActivities(cfg);
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const settings = benchSettings(cfg, period, dealersPath!, txPath!);
  const prepared = await a.prepareDunningRun({ settings, workflowId: `plain-${period}`, runId: 'plain' });
  const entries = await a.readManifestSlice({ manifestRef: prepared.manifestRef, offset: 0, limit: prepared.total });
  let next = 0;
  let statements = 0;
  let done = 0;
  const progress = startProgress('[bench:dunning] plain', entries.length, () => done);
  const worker = async (): Promise<void> => {
    while (next < entries.length) {
      const e = entries[next++]!;
      const sent = await plainDealerMonth(a, e, {
        settingsRef: prepared.settingsRef,
        period,
        runId: 'plain',
        expiresAt: Date.now() + 30 * 86_400_000,
      });
      if (sent) statements++;
      done++;
    }
  };
  await Promise.all(Array.from({ length: Number(conc) }, worker));
  progress.stop();
  const run_s = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  services.transport.close();
  return { run_s, cpu_s: (cpu.user + cpu.system) / 1e6, dealers: entries.length, statements };
});
