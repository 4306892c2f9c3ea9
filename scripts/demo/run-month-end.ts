/**
 * The demo's month-end, on a running stack (Temporal, worker, web server, mail catcher): returns and the
 * supplier batch, the stocktake of both warehouses, the early warning (daily detector runs and an incident to its
 * closing report), the quality feedback, dealer statements and dunning —
 * every person's decision made by clicking the real link from the real mail. Used by `npm run demo` and by
 * the end-to-end test (test/demo/demo.test.ts), so both run the same path.
 */
import { mkdir } from 'node:fs/promises';
import type { Stack } from '../lib/stack';
import { dataPath } from '../../config/load-config';
import type { DemoClick, DemoContext, DemoRun, DemoScale } from './demo-context';
import { Mailbox } from './mailbox';
import { runDunning } from './demo-dunning';
import { runEarlyWarning } from './demo-early-warning';
import { runQuality } from './demo-quality';
import { runReturns } from './demo-returns';
import { runStocktake } from './demo-stocktake';
import { collectFacts, countOutbox, summaryText, type DemoFacts } from './demo-summary';
import { tieOut, type TieOutResult } from '../../cli/audit/tie-out';
import { type Period } from '../../domain/calendar';

export const SECTIONS = ['returns', 'stocktake', 'early-warning', 'quality', 'dunning'] as const;
export type Section = (typeof SECTIONS)[number];

export const FULL_SCALE: DemoScale = { name: 'full sample month', miscounts: 6 };
export const SMALL_SCALE: DemoScale = { name: 'small month', miscounts: 2 };

export interface MonthEndOptions {
  period: Period;
  scale?: DemoScale;
  sections?: readonly Section[];
  stepTimeoutMs?: number;
  log?: (line: string) => void;
  startedAt?: number;
}

export interface MonthEndReport {
  runs: DemoRun[];
  clicks: DemoClick[];
  facts: DemoFacts;
  /** `aftersales audit tie-out` on the month just closed. */
  audit: TieOutResult | null;
  summary: string;
  /** No section failed (skipped ones, not available yet, do not count as failures). */
  ok: boolean;
}

const RUNNERS: Record<Section, (ctx: DemoContext) => Promise<void>> = {
  returns: runReturns,
  stocktake: runStocktake,
  'early-warning': runEarlyWarning,
  quality: runQuality,
  dunning: runDunning,
};

export async function runMonthEnd(stack: Stack, opts: MonthEndOptions): Promise<MonthEndReport> {
  const startedAt = opts.startedAt ?? Date.now();
  const cfg = stack.cfg;
  if (cfg.smtp.mode !== 'catcher') {
    throw new Error('the demo reads the mails it clicks from the local mail catcher: set smtp.mode to catcher');
  }
  const outbox = dataPath(cfg, cfg.smtp.outboxDir);
  // The worker gives the quality compile dataDir/tmp for its spill files but does not create the folder.
  await mkdir(dataPath(cfg, 'tmp'), { recursive: true });
  const before = { documents: (await stack.services.archive.list()).length, mails: await countOutbox(outbox) };
  const ctx: DemoContext = {
    cfg,
    client: stack.client,
    mailbox: new Mailbox(outbox),
    period: opts.period,
    scale: opts.scale ?? FULL_SCALE,
    stepTimeoutMs: opts.stepTimeoutMs ?? 5 * 60_000,
    log: opts.log ?? ((l) => console.log(l)),
    clicks: [],
    runs: [],
    names: new Map(),
    ...(stack.worker ? { activities: new Set(stack.worker.options.activities.keys()) } : {}),
  };
  ctx.log(`[demo] month-end ${opts.period} (${ctx.scale.name}); mails are read from ${outbox}`);
  for (const section of opts.sections ?? SECTIONS) {
    const t0 = Date.now();
    try {
      await RUNNERS[section](ctx);
      ctx.log(`  (${section}: ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (err) {
      ctx.runs.push({ section, workflowId: section, status: 'failed', outcome: (err as Error).message });
      ctx.log(`  ✗ ${section}: ${(err as Error).message}`);
    }
  }
  const facts = await collectFacts(ctx, stack.services.archive);
  // The month's documents must tie out: every report's figures recomputed from snapshots, journals and history.
  let audit: TieOutResult | null = null;
  try {
    audit = await tieOut({
      period: opts.period,
      cfg,
      client: stack.client,
      archive: stack.services.archive,
      work: stack.services.work,
    });
  } catch (err) {
    ctx.runs.push({ section: 'audit', workflowId: 'audit tie-out', status: 'failed', outcome: (err as Error).message });
  }
  const summary = summaryText(ctx, facts, before, audit, {
    temporalUi: stack.temporalUi,
    portal: stack.web ? `${cfg.web.publicBaseUrl.replace(/\/+$/, '')}/portal` : null,
    seconds: (Date.now() - startedAt) / 1000,
  });
  return {
    runs: ctx.runs,
    clicks: ctx.clicks,
    facts,
    audit,
    summary,
    ok: !ctx.runs.some((r) => r.status === 'failed'),
  };
}
