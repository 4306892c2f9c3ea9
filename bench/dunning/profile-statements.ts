/**
 * Where the time of one statement goes: the plain loop of the dunning bench, one dealer at a time (no overlap, so
 * each phase's wall time is its own), on N dealers, with the time per phase (look, render, archive, mail, commit)
 * and the process CPU time per statement. Run it under `node --cpu-prof` for the function-level profile:
 *
 *   node --import tsx [--cpu-prof --cpu-prof-dir .data/prof] bench/dunning/profile-statements.ts [--dealers 200] [--keep]
 *
 * The first dealer (cold start: fonts, modules, caches) is reported separately and left out of the averages. Its files
 * are removed at the end unless --keep.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { round } from '../lib/print-final';
import { startSmtpSink } from '../lib/smtp-sink';
import { benchActivities, benchConfig, benchSettings } from './bench-services';
import { writeBenchDataset } from './generate-dealers';
import { plainDealerMonth } from './plain-dealer';
import { parsePeriod } from '../../domain/calendar';
import { numberArg } from '../lib/args';

const DEALERS = numberArg('--dealers', 200);
const PERIOD = parsePeriod('2026-10');

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'profile-statements-'));
  const dealersPath = join(dir, '经销商.xlsx');
  const txPath = join(dir, '往来账.xlsx');
  await writeBenchDataset(dealersPath, txPath, { dealers: DEALERS, perDealer: 40, year: 2026, month: 10 });
  const sink = await startSmtpSink();
  const cfg = benchConfig(join(dir, 'data'), sink.port);
  const { services, activities: a } = benchActivities(cfg);
  // Sub-phases: the services the activities call, timed where they are called (dealers run one at a time).
  const inner: Record<string, { wall: number; cpu: number; calls: number }> = {};
  const wrap = <O extends object>(name: string, obj: O, method: keyof O & string): void => {
    const original = (obj[method] as (...args: unknown[]) => Promise<unknown>).bind(obj);
    (obj as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      try {
        return await original(...args);
      } finally {
        const c = process.cpuUsage(c0);
        const m = (inner[`${name}.${method}`] ??= { wall: 0, cpu: 0, calls: 0 });
        m.wall += performance.now() - t0;
        m.cpu += (c.user + c.system) / 1000;
        m.calls++;
      }
    };
  };
  wrap('archive', services.archive, 'putDocument');
  wrap('archive', services.archive, 'getDocument');
  wrap('work', services.work, 'getJson');
  wrap('work', services.work, 'putJson');
  wrap('smtp', services.transport, 'sendMail');
  wrap('sentLog', services.sentLog, 'get');
  wrap('sentLog', services.sentLog, 'claim');
  wrap('sentLog', services.sentLog, 'record');
  const settings = benchSettings(cfg, PERIOD, dealersPath, txPath);
  const t = performance.now();
  const prepared = await a.prepareDunningRun({ settings, workflowId: `profile-${PERIOD}`, runId: 'p' });
  const prepareMs = performance.now() - t;
  const entries = await a.readManifestSlice({ manifestRef: prepared.manifestRef, offset: 0, limit: prepared.total });

  const phases = ['look', 'render+archive', 'mail', 'commit'] as const;
  const sum: Record<string, number> = Object.fromEntries(phases.map((p) => [p, 0]));
  const cpuSum: Record<string, number> = Object.fromEntries(phases.map((p) => [p, 0]));
  let first: Record<string, number> | undefined;
  let statements = 0;
  let cpu0 = process.cpuUsage();
  let wall0 = performance.now();
  for (const [i, e] of entries.entries()) {
    const ms: Record<string, number> = {};
    const cpuMs: Record<string, number> = {};
    const sent = await plainDealerMonth(a, e, {
      settingsRef: prepared.settingsRef,
      period: PERIOD,
      runId: 'profile',
      expiresAt: Date.parse('2026-12-05T00:00:00Z'),
      renderInLook: false,
      time: async (phase, fn) => {
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        const r = await fn();
        const c = process.cpuUsage(c0);
        ms[phase] = performance.now() - t0;
        cpuMs[phase] = (c.user + c.system) / 1000;
        return r;
      },
    });
    if (sent) statements++;
    if (i === 0) {
      first = ms;
      statements = 0;
      cpu0 = process.cpuUsage();
      wall0 = performance.now();
    } else {
      for (const p of phases) {
        sum[p]! += ms[p] ?? 0;
        cpuSum[p]! += cpuMs[p] ?? 0;
      }
    }
  }
  const n = entries.length - 1;
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - wall0;
  console.log(`prepare (read + validate + shard ${DEALERS} dealers): ${round(prepareMs, 0)} ms`);
  console.log(`first dealer (cold): ${phases.map((p) => `${p} ${round(first?.[p] ?? 0, 1)} ms`).join(', ')}`);
  console.log(`per dealer over ${n} dealers (${statements} statements), one at a time:`);
  for (const p of phases) {
    console.log(`  ${p.padEnd(15)} ${round(sum[p]! / n, 2)} ms wall, ${round(cpuSum[p]! / n, 2)} ms cpu`);
  }
  console.log(`  wall            ${round(wall / n, 2)} ms`);
  console.log('  inside them (all dealers, cold one included):');
  for (const [k, m] of Object.entries(inner)) {
    console.log(
      `    ${k.padEnd(22)} ${round(m.wall / entries.length, 2)} ms wall, ${round(m.cpu / entries.length, 2)} ms cpu, ${round(m.calls / entries.length, 1)} calls`,
    );
  }
  console.log(
    `  cpu user+sys    ${round((cpu.user + cpu.system) / 1000 / n, 2)} ms (sys ${round(cpu.system / 1000 / n, 2)})`,
  );
  services.transport.close();
  await sink.close();
  if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  console.log(
    JSON.stringify({
      dealers: n,
      per_dealer_ms: Object.fromEntries(phases.map((p) => [p, round(sum[p]! / n, 2)])),
      per_dealer_cpu_ms: Object.fromEntries(phases.map((p) => [p, round(cpuSum[p]! / n, 2)])),
      render_archive_send_ms: round((sum['render+archive']! + sum.mail!) / n, 2),
      render_archive_send_cpu_ms: round((cpuSum['render+archive']! + cpuSum.mail!) / n, 2),
      wall_ms: round(wall / n, 2),
      cpu_ms: round((cpu.user + cpu.system) / 1000 / n, 2),
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
