/**
 * `npm run demo`: runs the main job on embedded defaults (Temporal dev server with SQLite under .data/demo,
 * a local mail catcher writing .eml files, the worker and the web server), prints a summary and exits 0.
 * `--keep-running` leaves the services up to explore. A second run reuses what exists.
 */
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { loadConfig, dataPath } from '../config/load-config';
import { AppError } from '../domain/errors';
import { platformCheckWorkflow, platformCheckWorkflowId } from '../workflows';
import { startStack } from './lib/stack';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const keep = argv.includes('--keep-running');
  const cfgIdx = argv.indexOf('--config');
  const cfg = loadConfig(cfgIdx >= 0 ? argv[cfgIdx + 1] : 'config/example.yaml');
  const started = Date.now();
  const stack = await startStack(cfg);
  try {
    const period = DateTime.now().setZone(cfg.timezone).toFormat('yyyy-MM');
    const recipients = [cfg.people.manager, cfg.people.finance];
    console.log(`[demo] platform check for ${period}: render a Chinese PDF, archive it, mail it`);
    const result = await stack.client.workflow.execute(platformCheckWorkflow, {
      taskQueue: cfg.temporal.taskQueue,
      workflowId: platformCheckWorkflowId(period),
      args: [{ period, recipients, locale: cfg.locale }],
    });
    const archiveDir = join(dataPath(cfg, cfg.archive.dir), 'archive');
    const lines = [
      '',
      '═══ Aftersales Ops demo: summary ═══',
      `document   ${result.document.fileName}  docId ${result.document.docId}`,
      `           SHA-256 ${result.document.sha256}  (${result.document.size} bytes)`,
      `archive    ${archiveDir}/docs/${result.document.docId}  (index: ${archiveDir}/index.jsonl)`,
      ...result.mails.map((m) => `mail       ${m.recipient}: ${m.status}`),
      cfg.smtp.mode === 'catcher'
        ? `outbox     ${dataPath(cfg, cfg.smtp.outboxDir)} (.eml files, open with any mail client)`
        : '',
      stack.temporalUi
        ? `Temporal   ${stack.temporalUi}/namespaces/${cfg.temporal.namespace}/workflows`
        : `Temporal   ${cfg.temporal.address}`,
      stack.web ? `portal     ${stack.web.url}/portal  (login: auditor / audit-demo-2026)` : '',
      `took       ${((Date.now() - started) / 1000).toFixed(1)} s`,
    ].filter(Boolean);
    console.log(lines.join('\n'));
  } finally {
    if (!keep) await stack.stop();
  }
  if (keep) {
    console.log('[demo] --keep-running: services stay up; Ctrl+C to stop');
    const stop = () => void stack.stop().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
}

main().catch((err) => {
  console.error(err instanceof AppError ? err.message : err);
  process.exit(1);
});
