// sendActionRequest over real SMTP (smtp-server listener), with the real mail activity, sent log and archive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import type { Transporter } from 'nodemailer';
import { createApprovalActivities, type ActionRequestInput } from '../../../activities/approvals';
import { ArchiveStore } from '../../../activities/archive/archive-store';
import { createMailTransport } from '../../../activities/mail/create-transport';
import { startMailCatcher, type MailCatcher } from '../../../scripts/lib/mail-catcher';
import { createMailActivities } from '../../../activities/mail/send-mail';
import { createFileSentLog } from '../../../activities/mail/sent-log';
import { tokenFingerprint, verifyActionToken } from '../../../lib/action-token';
import { archiveMailDocuments } from '../../support/archive-mail-documents';
import { tinyPdf } from '../../web/tiny-pdf';

const KEYS = { keys: ['approvals-test-key-0123456789abcdef012345'] };
const BASE = 'https://ops.example.com/';

let dir: string;
let catcher: MailCatcher;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let transport: Transporter<any, any>;
let approvals: ReturnType<typeof createApprovalActivities>;
let docId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'approvals-'));
  catcher = await startMailCatcher();
  transport = createMailTransport({ host: catcher.host, port: catcher.port, secure: false });
  const store = new ArchiveStore({ root: dir });
  docId = (
    await store.putDocument(tinyPdf('Variance draft'), {
      workflowId: 'stocktake-2026-11',
      runId: 'r1',
      period: '2026-11',
      kind: 'stocktake-draft',
      fileName: '盘点差异报告（草稿）.pdf',
      contentType: 'application/pdf',
      recipients: [],
    })
  ).docId;
  const mail = createMailActivities({
    transport,
    from: '售后服务部 <aftersales@example.com>',
    sentLog: createFileSentLog(join(dir, 'sent')),
    documents: archiveMailDocuments(store),
  });
  approvals = createApprovalActivities({
    signer: KEYS,
    publicBaseUrl: BASE,
    mail: mail.sendMail,
    senderName: '售后服务部',
  });
});

afterAll(async () => {
  transport?.close();
  await catcher?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let seq = 0;
function request(over: Partial<ActionRequestInput> = {}): ActionRequestInput {
  seq += 1;
  return {
    workflowId: `stocktake-2026-11-${seq}`,
    stepId: 'manager-approval',
    kind: 'approval',
    event: 'request',
    recipient: 'Manager@Example.com',
    recipientName: '王经理',
    actions: ['approve', 'reject'],
    jti: `jti-${seq}`,
    expiresAt: Date.now() + 7 * 24 * 3600_000,
    locale: 'zh-CN',
    title: '2026-11 新件库盘点差异审批',
    summary: ['盘点行数 1,204，超差行 3'],
    figures: [{ label: '差异金额', value: '¥1,234.50' }],
    docIds: [docId],
    ...over,
  };
}

function linkIn(text: string): string {
  const m = /https:\/\/ops\.example\.com\/a\/([A-Za-z0-9_.-]+)/.exec(text);
  if (!m) throw new Error(`no link in mail:\n${text}`);
  return m[1]!;
}

async function rejection(p: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
}

describe('sendActionRequest', () => {
  it('mails a signed, person-bound link with the summary and the draft attached; returns no secret', async () => {
    const input = request();
    const receipt = await approvals.sendActionRequest(input);
    const mail = await catcher.waitFor((m) => m.subject === '【待处理】2026-11 新件库盘点差异审批');
    expect(mail.subject).toBe('【待处理】2026-11 新件库盘点差异审批');
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0] : undefined).toMatchObject({
      address: 'manager@example.com',
      name: '王经理',
    });
    expect(mail.text).toContain('王经理');
    expect(mail.text).toContain('差异金额: ¥1,234.50');
    expect(mail.attachments.map((a) => a.filename)).toEqual(['盘点差异报告（草稿）.pdf']);
    expect(mail.attachments[0]!.content.subarray(0, 8).toString()).toBe('%PDF-1.4');

    const token = linkIn(mail.text ?? '');
    expect(mail.html).toContain(`https://ops.example.com/a/${token}`);
    const verified = verifyActionToken(token, KEYS);
    expect(verified).toEqual({
      ok: true,
      claims: {
        workflowId: input.workflowId,
        stepId: 'manager-approval',
        actions: ['approve', 'reject'],
        recipient: 'manager@example.com',
        expiresAt: Math.floor(input.expiresAt! / 1000) * 1000,
        jti: input.jti,
        locale: 'zh-CN',
      },
    });
    expect(receipt).toMatchObject({
      tokenFingerprint: tokenFingerprint(token),
      recipient: 'manager@example.com',
      mailStatus: 'sent',
    });
    expect(JSON.stringify(receipt)).not.toContain(token.split('.')[1]!);

    // An activity retry sends nothing new; a reminder (new grant, new jti) is a mail of its own.
    const before = catcher.messages().length;
    expect(await approvals.sendActionRequest(input)).toMatchObject({
      mailStatus: 'already-sent',
      tokenFingerprint: receipt.tokenFingerprint,
    });
    expect(catcher.messages().length).toBe(before);
    await approvals.sendActionRequest({ ...input, event: 'reminder', jti: `${input.jti}-r1`, reminderNumber: 1 });
    const reminder = await catcher.waitFor((m) => m.subject === '【提醒】2026-11 新件库盘点差异审批');
    expect(linkIn(reminder.text ?? '')).not.toBe(token);
    expect(catcher.messages().length).toBe(before + 1);
  });

  it('mails in English for an English step', async () => {
    await approvals.sendActionRequest(
      request({
        locale: 'en',
        title: 'Statement of account 2026-11',
        kind: 'confirm',
        actions: ['confirm', 'dispute'],
        docIds: [],
      }),
    );
    const mail = await catcher.waitFor((m) => m.subject === 'Action required: Statement of account 2026-11');
    const token = linkIn(mail.text ?? '');
    expect(verifyActionToken(token, KEYS)).toMatchObject({
      ok: true,
      claims: { locale: 'en', actions: ['confirm', 'dispute'] },
    });
  });

  it('refuses header injection through the recipient address or name, and keeps a crafted title on one line', async () => {
    const before = catcher.caught().length;
    const viaAddress = await rejection(
      approvals.sendActionRequest(request({ recipient: 'manager@example.com\r\nBcc: evil@attacker.example' })),
    );
    expect(viaAddress.nonRetryable).toBe(true);
    expect(viaAddress.type).toBe('InvalidAddress');
    const viaComma = await rejection(
      approvals.sendActionRequest(request({ recipient: 'manager@example.com, evil@attacker.example' })),
    );
    expect(viaComma.type).toBe('InvalidAddress');
    const viaName = await rejection(
      approvals.sendActionRequest(request({ recipientName: '王经理\r\nBcc: evil@attacker.example' })),
    );
    expect(viaName.nonRetryable).toBe(true);
    expect(catcher.caught().length).toBe(before);

    const input = request({ title: '盘点审批\r\nBcc: evil@attacker.example' });
    await approvals.sendActionRequest(input);
    const caught = catcher.caught().at(-1)!;
    expect(caught.envelope.to).toEqual(['manager@example.com']);
    const headerBlock = caught.raw.toString('latin1').split(/\r?\n\r?\n/)[0]!;
    expect(headerBlock).not.toMatch(/^bcc:/im);
    expect(caught.parsed.bcc).toBeUndefined();
    expect(caught.parsed.subject).not.toMatch(/[\r\n]/);
  });

  it('fails permanently on an incomplete request instead of mailing a useless link', async () => {
    const failure = await rejection(approvals.sendActionRequest(request({ jti: '' })));
    expect(failure).toMatchObject({ nonRetryable: true, type: 'InvalidActionRequest' });
  });
});
