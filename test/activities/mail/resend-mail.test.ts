// resendMail from the sent-log over real SMTP: the message kept when it first went out (work store, referenced from
// its sent-log record) goes out again unchanged under `<step>#resend-<n>`, once however often the step is retried.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../activities/archive/audit-log';
import { WorkStore } from '../../../activities/archive/work-store';
import { createMailTransport } from '../../../activities/mail/create-transport';
import { createResendMailActivities } from '../../../activities/mail/resend-mail';
import { createMailActivities } from '../../../activities/mail/send-mail';
import { createFileSentLog } from '../../../activities/mail/sent-log';
import { startMailCatcher } from '../../../scripts/lib/mail-catcher';
import { artifactDir, createLocalDocuments, samplePdf, sha256 } from './mail-test-kit';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const dir = artifactDir('resend');
  const catcher = await startMailCatcher({ outboxDir: join(dir, 'outbox') });
  const transport = createMailTransport({ host: '127.0.0.1', port: catcher.port, secure: false });
  cleanups.push(async () => {
    transport.close();
    await catcher.close();
  });
  const sentLog = createFileSentLog(join(dir, 'mail-sent'));
  const work = new WorkStore({ root: dir });
  const audit = new AuditLog({ root: dir });
  const documents = createLocalDocuments(join(dir, 'docs'));
  const from = '售后服务部 <aftersales@example.com>';
  const mail = createMailActivities({ transport, from, sentLog, documents, messages: work });
  const resend = createResendMailActivities({ sentLog, messages: work, sendMail: mail.sendMail, audit });
  return { catcher, sentLog, audit, documents, mail, resend };
}

describe('resendMail (real SMTP, the sent-log and the work store on disk)', () => {
  it('sends the kept message again under a new key and Message-ID, naming the original; a retry sends nothing', async () => {
    const { catcher, sentLog, audit, documents, mail, resend } = await setup();
    const pdf = samplePdf('resend');
    documents.put('doc_r1', { bytes: pdf, fileName: '盘点差异表.pdf', contentType: 'application/pdf' });
    const key = { workflowId: 'stocktake-2026-11-new-parts', step: 'report', recipient: 'manager@example.cn' };
    const first = await mail.sendMail({
      key,
      to: { name: '王经理', address: 'manager@example.cn' },
      subject: '【2026-11】新件库盘点报告',
      text: '王经理，您好：\n附件为盘点报告。',
      attachments: [{ docId: 'doc_r1', sha256: sha256(pdf) }],
    });

    const found = await resend.findMailToResend({
      workflowId: key.workflowId,
      step: 'report',
      to: 'Manager@example.cn',
    });
    expect(found).toMatchObject({
      original: key,
      originalMessageId: first.messageId,
      resendKey: { step: 'report#resend-1' },
    });
    const input = { original: found.original, resendKey: found.resendKey, reason: '误删', operator: 'ops@example.cn' };
    const again = await resend.resendMail(input);
    expect(again.status).toBe('sent');
    expect(again.messageId).not.toBe(first.messageId);
    // The step retried (a lost completion): the sent-log lets it out once.
    expect((await resend.resendMail(input)).status).toBe('already-sent');

    const [original, copy] = catcher.messages();
    expect(catcher.messages()).toHaveLength(2);
    expect(copy!.headers.get('x-aftersales-resend-of')).toBe(first.messageId);
    expect(copy!.messageId).toBe(again.messageId);
    for (const field of ['subject', 'text'] as const) expect(copy![field]).toBe(original![field]);
    expect(copy!.attachments.map((a) => [a.filename, sha256(a.content)])).toEqual([['盘点差异表.pdf', sha256(pdf)]]);
    expect(await sentLog.get(key)).toMatchObject({ messageId: first.messageId });

    // The next request for the same mail goes under the next key; the audit log has one entry per resend.
    const next = await resend.findMailToResend({ workflowId: key.workflowId, step: 'report', to: key.recipient });
    expect(next.resendKey.step).toBe('report#resend-2');
    expect(next.original).toEqual(key);
    expect(await audit.list({ action: 'mail.resend' })).toEqual([
      expect.objectContaining({
        actor: 'ops@example.cn',
        detail: expect.objectContaining({
          reason: '误删',
          resendStep: 'report#resend-1',
          originalMessageId: first.messageId,
        }),
      }),
    ]);
  });

  it('refuses, non-retryable and in words, a mail never sent or sent before messages were kept', async () => {
    const { sentLog, resend } = await setup();
    const missing = resend.findMailToResend({ workflowId: 'dunning-2026-11', step: 'statement', to: 'a@example.cn' });
    await expect(missing).rejects.toMatchObject({ nonRetryable: true, type: 'MailNotFound' });
    await expect(missing).rejects.toThrow('dunning-2026-11 sent no mail for step "statement" to a@example.cn');
    const key = { workflowId: 'dunning-2026-11', step: 'statement', recipient: 'a@example.cn' };
    // Claimed and recorded as sendMail does (the claim puts the key in the workflow's list), without a message.
    const claim = await sentLog.claim(key, 60_000);
    await sentLog.record(key, {
      messageId: '<old@x>',
      sentAt: '2026-11-01T00:00:00.000Z',
      subject: 's',
      accepted: [],
      rejected: [],
      response: '250',
    });
    await claim!.release();
    await expect(
      resend.findMailToResend({ workflowId: key.workflowId, step: 'statement', to: key.recipient }),
    ).rejects.toThrow('was sent before messages were kept');
  });
});
