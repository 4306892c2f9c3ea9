// Fault drills on the small month (the demo's month-end, every decision clicked from real mails): a clean run, then
// the same month with the worker SIGKILLed at 8+ random points inside mail, render, sheet-write and posting
// activities (restarted at once), SMTP down 60 s, the store's disk full for 60 s, the Temporal dev server killed and
// restarted, and the ledger open in Excel while the stocktake posts. The faulted month must end like the clean one.
// Seeded: DRILL_SEED=<n> replays a run's kill points and timings.
import { msToNumber } from '@temporalio/common';
import { describe, expect, inject, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureSamples } from '../../scripts/demo/demo-samples';
import { runMonthEnd, SMALL_SCALE, type MonthEndReport } from '../../scripts/demo/run-month-end';
import { SMALL_MONTH } from '../../scripts/demo/small-samples';
import { collectRunFacts, differingRows, workbookTimes, type RunFacts } from './drill-facts';
import { excelOwnerFile, fillDisk, mountSmallDisk, seededRandom, sleep, statusText, unmount } from './drill-faults';
import { DrillStack } from './drill-stack';
import { watchKillStall, type KillStall } from './watch-kill-stall';
import type { KillPoint } from './drill-worker';
import { parsePeriod } from '../../domain/calendar';
import { ACTIVITY_HEARTBEAT_TIMEOUT, TRANSIENT_RETRY } from '../../workflows/lib/activity-options';

const PERIOD = parsePeriod('2026-11');
const KINDS: Record<string, string[]> = {
  mail: [
    'sendMail',
    'sendActionRequest',
    'sendStatementMail',
    'sendStocktakeMail',
    'sendQualityFeedbackMail',
    'sendReturnMail',
  ],
  render: ['renderDocument'],
  'sheet-write': ['writeStocktakeCountSheets', 'publishQualitySummary', 'writeCreditHold', 'bookOldPart'],
  posting: ['postStocktakeAdjustments', 'postReturnCredit', 'postDunningCharges'],
};
/** The heartbeat timeout after which a killed worker's attempt is given up and retried: part of a kill's own cost. */
const HEARTBEAT_TIMEOUT_S = msToNumber(ACTIVITY_HEARTBEAT_TIMEOUT) / 1000;
/**
 * The retry policy's wait before attempt `n + 1`, in seconds, beyond its first second: a killed attempt is given up
 * like any failed one, so an activity that had already failed n - 1 times (an outage it was killed in) waits its
 * backoff after the heartbeat timeout, up to the policy's cap.
 */
const extraBackoffS = (attempt: number): number => {
  const first = msToNumber(TRANSIENT_RETRY.initialInterval!) / 1000;
  const cap = msToNumber(TRANSIENT_RETRY.maximumInterval!) / 1000;
  return Math.min(cap, first * TRANSIENT_RETRY.backoffCoefficient! ** (attempt - 1)) - first;
};
const kindOf = (type: string) => Object.entries(KINDS).find(([, t]) => t.includes(type))?.[0] ?? 'other';

interface Start {
  at: number;
  type: string;
  key: string;
}
function readStarts(file: string): Start[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [at, type, wf, id] = l.split(' ');
      return { at: Number(at), type: type!, key: `${wf} ${id}` };
    });
}

/** Two kill points per kind, at occurrences the clean run reached, in the order the clean run reached them. */
function killPlan(clean: Start[], rnd: () => number): KillPoint[] {
  const points: (KillPoint & { pos: number })[] = [];
  for (const [kind, types] of Object.entries(KINDS)) {
    const present = types.filter((t) => clean.some((s) => s.type === t));
    for (let i = 0; points.filter((p) => kindOf(p.type) === kind).length < 2 && i < 20; i++) {
      const type = present[Math.floor(rnd() * present.length)]!;
      const starts = clean.map((s, pos) => ({ ...s, pos })).filter((s) => s.type === type);
      const nth = 1 + Math.floor(rnd() * starts.length);
      if (points.some((p) => p.type === type && p.nth === nth)) continue;
      points.push({ id: `${type}#${nth}`, type, nth, delayMs: Math.floor(rnd() * 400), pos: starts[nth - 1]!.pos });
    }
  }
  return points.sort((a, b) => a.pos - b.pos).map(({ pos: _pos, ...p }) => p);
}

async function monthEnd(d: DrillStack, log: string[]): Promise<{ report: MonthEndReport; seconds: number }> {
  const t0 = Date.now();
  const report = await runMonthEnd(d.stack, {
    period: PERIOD,
    scale: SMALL_SCALE,
    stepTimeoutMs: 180_000,
    log: (l) => log.push(`${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s ${l}`),
  });
  return { report, seconds: (Date.now() - t0) / 1000 };
}

async function expectAllCompleted(d: DrillStack, r: MonthEndReport): Promise<void> {
  expect(r.ok, r.summary).toBe(true);
  expect(r.runs.filter((x) => x.status !== 'completed')).toEqual([]);
  for (const x of r.runs)
    expect((await d.stack.client.workflow.getHandle(x.workflowId).describe()).status.name).toBe('COMPLETED');
  expect((await d.stack.services.archive.verifyChain()).ok).toBe(true);
}

describe('fault drills on the small month', () => {
  it('a month-end with kills and outages ends exactly like a clean one', async () => {
    const seed = Number(process.env.DRILL_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(
      `[drill] seed ${seed} — replay with DRILL_SEED=${seed} npx vitest run test/faults/month-end-drills.test.ts`,
    );
    const rnd = seededRandom(seed);
    const bundle = inject('workflowBundlePath');
    const root = mkdtempSync(join(tmpdir(), 'aftersales-drill-'));
    const log: string[] = [];

    // The clean month.
    const clean = await DrillStack.create(join(root, 'clean'), bundle);
    let cleanRun: { report: MonthEndReport; seconds: number };
    let cleanFacts: RunFacts;
    try {
      await clean.start([]);
      await ensureSamples(clean.cfg, { period: PERIOD, small: SMALL_MONTH });
      const before = workbookTimes(clean.dir);
      cleanRun = await monthEnd(clean, log);
      await expectAllCompleted(clean, cleanRun.report);
      cleanFacts = await collectRunFacts(clean, before);
    } finally {
      await clean.stop();
    }
    const plan = killPlan(readStarts(clean.startsLog), rnd);
    console.log(
      `[drill] clean month ${cleanRun.seconds.toFixed(1)} s; kill points: ${plan.map((p) => `${p.id}+${p.delayMs}ms`).join(', ')}`,
    );

    // The same month, faulted.
    const disk = mountSmallDisk(join(root, 'store-disk'));
    const faulted = await DrillStack.create(join(root, 'faulted'), bundle, disk ?? undefined);
    const captures: { at: number; faults: string; text: string }[] = [];
    const active = new Set<string>();
    let faultedRun: { report: MonthEndReport; seconds: number } | undefined;
    const outages: Record<string, number> = {};
    const stallWatches: Promise<KillStall>[] = [];
    let stalls: KillStall[] = [];
    try {
      await faulted.start(plan);
      // Each kill's stall is watched from the kill on: its heartbeat timeout shows in status for about a second.
      faulted.onKill = (life) =>
        stallWatches.push(
          watchKillStall(faulted.stack.client, life, {
            heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_S * 1000,
            maxBackoffMs: msToNumber(TRANSIENT_RETRY.maximumInterval!),
          }),
        );
      await ensureSamples(faulted.cfg, { period: PERIOD, small: SMALL_MONTH });
      const before = workbookTimes(faulted.dir);
      const ledger = join(faulted.dir, 'samples', '库存台账 2026-11.xlsx');
      const lock = excelOwnerFile(ledger, '孙仓管');
      active.add('excel-lock');
      let done = false;
      const t0 = Date.now();
      const capture = async () => {
        const text = await statusText(faulted, PERIOD).catch((e: Error) => `status failed: ${e.message}`);
        captures.push({ at: Date.now() - t0, faults: [...active].join('+') || 'kills', text });
        return text;
      };
      const time = async (name: string, ms: number, during: () => Promise<void>) => {
        const t = Date.now();
        await during();
        outages[name] = (outages[name] ?? 0) + (Date.now() - t);
      };
      // Status lists a running workflow of the month: work is under way for an outage to meet.
      const untilRunning = async () => {
        for (let i = 0; i < 200 && !captures.some((c) => /\]\s+running/.test(c.text)); i++) await sleep(1_000);
      };
      const diskOutage = async () => {
        if (!disk) return;
        await sleep(25_000 + rnd() * 10_000);
        await time('disk', 0, async () => {
          const undo = fillDisk(disk);
          active.add('disk-full');
          await sleep(60_000);
          undo();
          active.delete('disk-full');
        });
      };
      const faults = Promise.all([
        (async () => {
          while (!done) {
            await capture();
            await sleep(3_000);
          }
        })(),
        (async () => {
          // The ledger stays open in Excel until status has named 孙仓管 as the cause (the stocktake reaches its
          // posting only after the counts: minutes on a loaded machine), and 10 s more; that blocked time is the
          // fault's own, like an outage's.
          const named = () => captures.find((c) => c.text.includes('正被 孙仓管 在 Excel 中打开'));
          for (let i = 0; i < 400 && !named() && !done; i++) await sleep(1_500);
          await sleep(10_000);
          rmSync(lock, { force: true });
          active.delete('excel-lock');
          const at = named()?.at;
          if (at !== undefined) outages['excel-lock'] = Date.now() - t0 - at;
        })(),
        (async () => {
          // The outages come one after another, each while work is under way, so status can show each one's own
          // cause: overlapping, a Temporal restart in the middle of the SMTP outage hid SMTP's cause from status.
          // First Temporal, killed once status lists a running workflow of the month, and restarted.
          await untilRunning();
          await sleep(rnd() * 5_000);
          await time('temporal', 0, async () => {
            faulted.killTemporal();
            active.add('temporal-down');
            await sleep(2_000);
            await capture();
            await faulted.startTemporal();
            active.delete('temporal-down');
          });
          // Then SMTP, down for 60 s once status answers again. The disk fills half way into it (below): a mail's
          // sent-log claim is written to that disk before SMTP is tried, so with both down from the start every
          // mail would fail on the disk and status would never show SMTP's own cause.
          const answered = captures.length;
          for (let i = 0; i < 100 && !captures.slice(answered).some((c) => /\]\s+running/.test(c.text)); i++)
            await sleep(1_000);
          await sleep(rnd() * 3_000);
          const diskDone = diskOutage();
          await time('smtp', 0, async () => {
            await faulted.stopCatcher();
            active.add('smtp-down');
            const from = captures.length;
            await sleep(60_000);
            // Down until status has shown SMTP's own cause, as the Excel lock stays until status named it: when the
            // month's work waits elsewhere (the stocktakes' postings on the Excel lock, seed 276972994), no mail may
            // be tried in the first 60 s. The month cannot end while a mail waits for SMTP, so this always ends.
            const shown = () => captures.slice(from).some((c) => c.text.includes('邮件服务器无法连接'));
            for (let i = 0; i < 200 && !shown() && !done; i++) await sleep(1_500);
            await faulted.startCatcher();
            active.delete('smtp-down');
          });
          await diskDone;
        })(),
      ]);
      try {
        faultedRun = await monthEnd(faulted, log);
      } finally {
        done = true;
        await faults;
        stalls = await Promise.all(stallWatches);
        console.log(`[drill] kill stalls as status shows them: ${JSON.stringify(stalls)}`);
        for (const s of stalls)
          if (s.line)
            captures.push({ at: s.killedAt + s.seenAfterMs! - t0, faults: `kills (${s.point})`, text: s.line });
      }
      console.log(`[drill] faulted month ${faultedRun.seconds.toFixed(1)} s`);
      await expectAllCompleted(faulted, faultedRun.report);

      // Recovery after each kill: from the kill to the killed activity's next attempt, and from the worker being back.
      const starts = readStarts(faulted.startsLog);
      const recoveries = faulted.lives
        .filter((l) => l.killed)
        .map((l) => {
          const type = l.killed!.split('#')[0]!;
          // The attempt the kill point ended, as the worker named it (other activities of its type may be in flight).
          const key = l.victim ? `${l.victim.workflowId} ${l.victim.activityId}` : undefined;
          const victim = starts.filter((s) => (key ? s.key === key : s.type === type) && s.at <= l.endedAt!).at(-1)!;
          const next = starts.find((s) => s.key === victim.key && s.at > l.endedAt!);
          const attempt = starts.filter((s) => s.key === victim.key && s.at <= l.endedAt!).length;
          const back = faulted.lives.find((x) => x.startedAt >= l.endedAt!)?.readyAt;
          return {
            point: l.killed!,
            kind: kindOf(type),
            retriedAfterKillS: next ? (next.at - l.endedAt!) / 1000 : null,
            retriedAfterWorkerBackS: next && back ? (next.at - back) / 1000 : null,
            workerBackS: back ? (back - l.endedAt!) / 1000 : null,
            attempt,
            backoffS: extraBackoffS(attempt),
          };
        });
      console.log(`[drill] recoveries ${JSON.stringify(recoveries)}`);
      console.log(
        `[drill] clean ${cleanRun.seconds.toFixed(1)} s, faulted ${faultedRun.seconds.toFixed(1)} s; outages ${JSON.stringify(outages)}`,
      );
      const facts = await collectRunFacts(faulted, before);
      const dupIds = new Set(facts.possiblyDuplicated);
      console.log(`[drill] mails possibly duplicated: ${[...dupIds].join(', ') || 'none'}`);
      for (const kind of ['excel-lock', 'smtp-down', 'disk-full', 'temporal-down', 'kills']) {
        const c = captures.find((x) => x.faults.includes(kind) && /failing|cannot reach/.test(x.text));
        console.log(
          `[drill] status during ${kind} (+${((c?.at ?? 0) / 1000).toFixed(0)} s):\n${c?.text ?? '(none captured)'}`,
        );
      }

      // What differs is printed before any assertion, so one failing run names all of it.
      console.log(
        `[drill] workbook rows that differ (faulted only / clean only): ${JSON.stringify(differingRows(facts, cleanFacts), null, 1)}`,
      );
      const only = (a: string[], b: string[]) => a.filter((x) => !b.includes(x));
      console.log(
        `[drill] archive/audit entries faulted only: ${JSON.stringify([...only(facts.archive, cleanFacts.archive), ...only(facts.audit, cleanFacts.audit)])}; clean only: ${JSON.stringify([...only(cleanFacts.archive, facts.archive), ...only(cleanFacts.audit, facts.audit)])}`,
      );
      const onlyIn = (a: typeof facts, b: typeof facts) =>
        [...a.mails.keys()].filter((id) => !b.mails.has(id)).map((id) => a.subjects.get(id) ?? id);
      console.log(`[drill] mails only in the faulted run: ${JSON.stringify(onlyIn(facts, cleanFacts))}`);
      console.log(`[drill] mails only in the clean run: ${JSON.stringify(onlyIn(cleanFacts, facts))}`);
      // Every kill point fired; the month ended as the clean one did.
      expect([...faulted.fired].sort()).toEqual(plan.map((p) => p.id).sort());
      // A kill costs under a minute, and the killed activity runs again within about 30 s of a worker being back,
      // plus the backoff it had reached when it was killed while retrying through an outage (seed 903484696: a mail
      // killed at its 6th attempt, during the SMTP outage, waited the 30 s cap after its heartbeat timeout).
      expect(recoveries.filter((r) => r.retriedAfterKillS === null || r.retriedAfterKillS >= 60 + r.backoffS)).toEqual(
        [],
      );
      expect(recoveries.filter((r) => (r.retriedAfterWorkerBackS ?? 0) > 30 + r.backoffS)).toEqual([]);
      expect(facts.archive).toEqual(cleanFacts.archive);
      expect(facts.audit).toEqual(cleanFacts.audit);
      expect(facts.postings).toEqual(cleanFacts.postings);
      expect([...facts.mails.keys()].sort()).toEqual([...cleanFacts.mails.keys()].sort());
      for (const [id, n] of facts.mails) expect(n, id).toBe(dupIds.has(id) ? Math.min(n, 2) : 1);
      // status named each stall's cause.
      const all = captures.map((c) => c.text).join('\n');
      expect(all).toContain('库存台账 2026-11.xlsx 正被 孙仓管 在 Excel 中打开');
      expect(all).toContain('邮件服务器无法连接（自');
      if (disk) expect(all).toContain('磁盘已满');
      expect(all).toContain('工作进程无响应');
      // And each kill's own stall did, for every killed activity status lists (not a local one) while the server
      // answered throughout: no description failed or took over 2 s (the window is about a second, polled every
      // 250 ms).
      expect(stalls.filter((s) => s.listed && !s.describeErrors && s.slowestDescribeMs <= 2_000 && !s.line)).toEqual(
        [],
      );
      // A crash or an outage costs seconds, not the month: the faults' own time aside, at most twice the clean run.
      // A fault's own time is the outage itself, and for a kill what no design can avoid: the heartbeat timeout
      // after which the killed attempt is given up (ACTIVITY_HEARTBEAT_TIMEOUT), and the worker's restart as this run
      // measured it (from the kill to the new worker's WORKER-READY). The month that took 7-21x a clean run with a
      // 15-minute stall (issue 14) fails this by minutes.
      const outageSeconds = Object.values(outages).reduce((a, b) => a + b, 0) / 1000;
      const killSeconds = recoveries.reduce((sum, r) => sum + HEARTBEAT_TIMEOUT_S + (r.workerBackS ?? 0), 0);
      const ownSeconds = outageSeconds + killSeconds;
      console.log(
        `[drill] bound: faulted ${faultedRun.seconds.toFixed(1)} s <= 2 x clean ${cleanRun.seconds.toFixed(1)} s + faults' own ${ownSeconds.toFixed(1)} s`,
      );
      expect(faultedRun.seconds).toBeLessThanOrEqual(2 * cleanRun.seconds + ownSeconds);
    } finally {
      if (!faultedRun) console.log(log.join('\n'));
      await faulted.stop();
      if (disk) unmount(disk);
      // DRILL_KEEP=1 keeps both runs' stores to compare documents by hand.
      if (process.env.DRILL_KEEP) console.log(`[drill] kept ${root}`);
      else rmSync(root, { recursive: true, force: true });
    }
  }, 900_000);
});
