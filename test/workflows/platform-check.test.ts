import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMailCatcher, type MailCatcher } from '../../scripts/lib/mail-catcher';
import { createActivities, createPlatformServices, type PlatformServices } from '../../worker';
import { platformCheckWorkflow, platformCheckWorkflowId } from '../../workflows';
import { makeTestConfig } from '../support/test-config';
import { withWorker } from '../support/temporal';
import { parsePeriod } from '../../domain/calendar';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('platform check: render a Chinese PDF, archive it, mail it (real worker, real server, real SMTP)', () => {
  let catcher: MailCatcher;
  let services: PlatformServices;

  beforeAll(async () => {
    catcher = await startMailCatcher({ port: 0 });
    services = createPlatformServices(makeTestConfig({ smtpPort: catcher.port }));
  });
  afterAll(async () => {
    services.transport.close();
    await catcher.close();
  });

  it('archives the PDF with its SHA-256 and delivers one mail per recipient with the same bytes attached', async () => {
    const recipients = [
      { name: '王经理', email: 'manager@example.cn' },
      { name: '赵会计', email: 'finance@example.cn' },
    ];
    const workflowId = `${platformCheckWorkflowId(parsePeriod('2026-11'))}-${Date.now()}`;
    const result = await withWorker({ activities: createActivities(services) }, async ({ client, taskQueue }) =>
      client.workflow.execute(platformCheckWorkflow, {
        taskQueue,
        workflowId,
        args: [{ period: parsePeriod('2026-11'), recipients }],
      }),
    );

    // The archive holds the document under the recorded hash, and its chain verifies.
    const stored = await services.archive.getDocument(result.document.docId);
    expect(stored).not.toBeNull();
    expect(sha256(stored!.bytes)).toBe(result.document.sha256);
    expect(stored!.entry.workflowId).toBe(workflowId);
    expect((await services.archive.verifyChain()).ok).toBe(true);

    // The PDF's Chinese text survives extraction.
    const pdfPath = join(services.config.dataDirAbs, 'check.pdf');
    writeFileSync(pdfPath, stored!.bytes);
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    expect(text).toContain('平台自检报告');
    expect(text).toContain('中文PDF生成');

    // One mail each, Chinese subject intact, attachment byte-identical to the archived PDF.
    expect(result.mails.map((m) => m.status)).toEqual(['sent', 'sent']);
    for (const r of recipients) {
      const mail = await catcher.waitFor((m) => m.to !== undefined && JSON.stringify(m.to).includes(r.email), 10_000);
      expect(mail.subject).toBe('【售后服务部】平台自检报告 2026-11');
      expect(mail.text).toContain(`${r.name}，您好`);
      expect(mail.attachments).toHaveLength(1);
      expect(sha256(mail.attachments[0]!.content)).toBe(result.document.sha256);
    }
    expect(catcher.messages()).toHaveLength(2);
  });

  it('a second run of the same workflow id (a replayed month) sends nothing twice', async () => {
    const recipients = [{ name: '王经理', email: 'again@example.cn' }];
    const workflowId = `platform-check-replay-${Date.now()}`;
    const before = catcher.messages().length;
    const activities = createActivities(services);
    const first = await withWorker({ activities }, ({ client, taskQueue }) =>
      client.workflow.execute(platformCheckWorkflow, {
        taskQueue,
        workflowId,
        args: [{ period: parsePeriod('2026-10'), recipients }],
      }),
    );
    const second = await withWorker({ activities }, ({ client, taskQueue }) =>
      client.workflow.execute(platformCheckWorkflow, {
        taskQueue,
        workflowId,
        args: [{ period: parsePeriod('2026-10'), recipients }],
      }),
    );
    expect(first.mails[0]!.status).toBe('sent');
    expect(second.mails[0]!.status).toBe('already-sent');
    // A re-run prints a new generation time, so the archive keeps it as a new version of the same file.
    expect(second.document.fileName).toBe(first.document.fileName);
    expect(catcher.messages().length - before).toBe(1);
  });
});
