/**
 * The baseline: the same month without Temporal, in one process: read and validate the workbooks, then for every
 * dealer the same reconciliation, statement PDF (rendered and archived), statement mail over SMTP and state commit,
 * by calling the very same activity functions directly from a plain loop with the same concurrency.
 * argv: <dataDir> <smtpPort> <dealersPath> <transactionsPath> <period> <concurrency>
 */
import { randomUUID } from 'node:crypto';
import { childMain } from '../lib/child-main';
import { benchActivities, benchConfig, benchSettings } from './bench-services';

childMain(async ([dataDir, smtpPort, dealersPath, txPath, period, conc]) => {
  const cfg = benchConfig(dataDir!, Number(smtpPort));
  const { services, activities: a } = benchActivities(cfg);
  const started = performance.now();
  const settings = benchSettings(cfg, period!, dealersPath!, txPath!);
  const prepared = await a.prepareDunningRun({ settings, workflowId: `plain-${period}`, runId: 'plain' });
  const entries = await a.readManifestSlice({ manifestRef: prepared.manifestRef, offset: 0, limit: prepared.total });
  let next = 0;
  let statements = 0;
  const worker = async (): Promise<void> => {
    while (next < entries.length) {
      const e = entries[next++]!;
      const workflowId = `plain-${period}-${e.dealerId}`;
      const { facts } = await a.beginDealerMonth({
        settingsRef: prepared.settingsRef,
        dealerId: e.dealerId,
        shard: e.shard,
      });
      if (facts.statementNeeded && facts.statementDataRef && facts.statementKey) {
        const fileName = `对账单-${e.dealerId}-${period}.pdf`;
        const doc = await a.renderDocument({
          template: 'statement-of-account',
          dataRef: facts.statementDataRef,
          generatedAt: new Date().toISOString(),
          meta: {
            workflowId,
            runId: 'plain',
            period: period!,
            kind: 'statement',
            fileName,
            dealerId: e.dealerId,
            recipients: [facts.email],
          },
        });
        await a.sendStatementMail({
          workflowId,
          stepId: 'statement',
          jti: randomUUID(),
          expiresAt: Date.now() + 30 * 86_400_000,
          dealerId: e.dealerId,
          dealerName: facts.name,
          email: facts.email,
          period: period!,
          statementKey: facts.statementKey,
          docId: doc.docId,
          fileName,
          closingFen: facts.closingFen,
          overdueFen: facts.overdueFen,
          locale: 'zh-CN',
        });
        statements++;
      }
      await a.commitDealerState({
        dealerId: e.dealerId,
        recRef: facts.recRef,
        expectVersion: facts.stateVersion,
        letterSent: false,
        posted: [],
        on: facts.asOf,
        opId: `${workflowId}#1`,
        by: workflowId,
      });
    }
  };
  await Promise.all(Array.from({ length: Number(conc) }, worker));
  const run_s = (performance.now() - started) / 1000;
  services.transport.close();
  return { run_s, dealers: entries.length, statements };
});
