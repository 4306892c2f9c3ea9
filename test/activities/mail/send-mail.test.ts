import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { createMailTransport } from '../../../activities/mail/create-transport';
import { type MailCatcherOptions, startMailCatcher } from '../../../scripts/lib/mail-catcher';
import {
  type MailActivityDeps,
  type PossibleDuplicate,
  type SendMailInput,
  createMailActivities,
} from '../../../activities/mail/send-mail';
import { type SentKey, type SentLog, createFileSentLog } from '../../../activities/mail/sent-log';
import { artifactDir, createLocalDocuments, samplePdf, sha256, sleep } from './mail-test-kit';

const FROM = '售后服务部 <aftersales@example.com>';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(opts: { catcher?: MailCatcherOptions; deps?: Partial<MailActivityDeps> } = {}) {
  const dir = artifactDir('send');
  const catcher = await startMailCatcher({ outboxDir: join(dir, 'outbox'), ...opts.catcher });
  const transport = createMailTransport({ host: '127.0.0.1', port: catcher.port, secure: false });
  cleanups.push(async () => {
    transport.close();
    await catcher.close();
  });
  const logDir = join(dir, 'sent-log');
  const documents = createLocalDocuments(join(dir, 'docs'));
  const deps: MailActivityDeps = { transport, from: FROM, sentLog: createFileSentLog(logDir), documents, ...opts.deps };
  return { dir, catcher, transport, logDir, documents, deps, mail: createMailActivities(deps) };
}

let seq = 0;
function input(over: Partial<SendMailInput> = {}): SendMailInput {
  const key: SentKey = {
    workflowId: `quality-2026-11-${++seq}`,
    step: 'deliver-report',
    recipient: 'quality@example.com',
  };
  return {
    key,
    to: { name: '品质部', address: 'quality@example.com' },
    subject: '【2026-11】质量信息反馈表（品质部）',
    text: '您好：\n附件是 2026-11 期间的质量信息反馈表，请查收。',
    ...over,
  };
}

type Failure = Error & Partial<ApplicationFailure> & { code?: string; responseCode?: number };

async function failure(p: Promise<unknown>): Promise<Failure> {
  try {
    await p;
  } catch (err) {
    return err as Failure;
  }
  throw new Error('expected the send to fail');
}

describe('sendMail over real SMTP', () => {
  it('delivers a Chinese subject, body, display name and PDF attachment byte-for-byte, and leaves an .eml', async () => {
    const { mail, catcher, documents } = await setup();
    const pdf = samplePdf('report');
    documents.put('doc-1', {
      bytes: pdf,
      fileName: '质量信息反馈表-品质部-2026-11.pdf',
      contentType: 'application/pdf',
    });
    const text = '您好：\n附件是 2026-11 期间的《质量信息反馈表》，请查收。\n— 售后服务部';
    const result = await mail.sendMail(
      input({
        text,
        html: '<p>您好：附件是《质量信息反馈表》</p>',
        attachments: [{ docId: 'doc-1', sha256: sha256(pdf) }],
      }),
    );
    expect(result.status).toBe('sent');
    const [got] = catcher.messages();
    expect(catcher.messages()).toHaveLength(1);
    expect(got!.subject).toBe('【2026-11】质量信息反馈表（品质部）');
    expect(got!.text?.trim()).toBe(text);
    expect(got!.html).toContain('附件是《质量信息反馈表》');
    expect(got!.from?.value[0]).toEqual({ name: '售后服务部', address: 'aftersales@example.com' });
    expect(got!.to && !Array.isArray(got!.to) && got!.to.value[0]).toEqual({
      name: '品质部',
      address: 'quality@example.com',
    });
    expect(got!.messageId).toBe(result.messageId);
    expect(got!.attachments).toHaveLength(1);
    const att = got!.attachments[0]!;
    expect(att.filename).toBe('质量信息反馈表-品质部-2026-11.pdf');
    expect(att.contentType).toBe('application/pdf');
    expect(sha256(att.content)).toBe(sha256(pdf));

    // The outbox file is a complete message a person (or mail client) can open.
    const emlPath = catcher.caught()[0]!.emlPath!;
    const fromDisk = await simpleParser(readFileSync(emlPath));
    expect(fromDisk.subject).toBe('【2026-11】质量信息反馈表（品质部）');
    expect(sha256(fromDisk.attachments[0]!.content)).toBe(sha256(pdf));
  });

  it('sends once per key: a repeated call returns the first Message-ID, another step sends again', async () => {
    const { mail, catcher } = await setup();
    const req = input();
    const first = await mail.sendMail(req);
    const second = await mail.sendMail(req);
    expect(first.status).toBe('sent');
    expect(second).toEqual({ ...first, status: 'already-sent' });
    expect(catcher.messages()).toHaveLength(1);

    const other = await mail.sendMail({ ...req, key: { ...req.key, step: 'reminder-1' } });
    expect(other.status).toBe('sent');
    expect(other.messageId).not.toBe(first.messageId);
    expect(catcher.messages()).toHaveLength(2);
  });

  it('fails after the SMTP accept, then a restarted worker retries: exactly one mail', async () => {
    const { deps, logDir, catcher } = await setup();
    const realLog = createFileSentLog(logDir);
    const dying: SentLog = {
      ...realLog,
      async record(key, rec) {
        await realLog.record(key, rec);
        throw new Error('worker killed after recording');
      },
    };
    const req = input();
    const err = await failure(createMailActivities({ ...deps, sentLog: dying }).sendMail(req));
    expect(err.message).toBe('worker killed after recording');
    expect(catcher.messages()).toHaveLength(1);

    // A new process: new activities, new log object over the same folder, nothing in memory.
    const restarted = createMailActivities({ ...deps, sentLog: createFileSentLog(logDir) });
    const retry = await restarted.sendMail(req);
    expect(retry.status).toBe('already-sent');
    expect(retry.messageId).toBe(catcher.messages()[0]!.messageId);
    await sleep(200);
    expect(catcher.messages()).toHaveLength(1);
  });

  it('the sent-log write fails after the SMTP accept: the retry records instead of resending', async () => {
    const { deps, logDir, catcher } = await setup();
    const realLog = createFileSentLog(logDir);
    let failNext = true;
    const flaky: SentLog = {
      ...realLog,
      async record(key, rec) {
        if (failNext) {
          failNext = false;
          throw Object.assign(new Error('EIO: disk hiccup'), { code: 'EIO' });
        }
        await realLog.record(key, rec);
      },
    };
    const mail = createMailActivities({ ...deps, sentLog: flaky });
    const req = input();
    await expect(mail.sendMail(req)).rejects.toThrow('disk hiccup');
    expect(await realLog.get(req.key)).toBeNull();
    const retry = await mail.sendMail(req);
    expect(retry.status).toBe('already-sent');
    expect((await realLog.get(req.key))?.messageId).toBe(retry.messageId);
    expect(catcher.messages()).toHaveLength(1);
  });

  it('residual window: a crash between accept and record resends after the lease, same Message-ID, never silently', async () => {
    const { deps, logDir, catcher } = await setup();
    const realLog = createFileSentLog(logDir);
    const crashed: SentLog = { ...realLog, record: () => Promise.reject(new Error('crashed before recording')) };
    const req = input();
    await expect(
      createMailActivities({ ...deps, sentLog: crashed, claimLeaseMs: 1_500 }).sendMail(req),
    ).rejects.toThrow('crashed before recording');
    const marker = await realLog.sending(req.key);
    expect(marker?.messageId).toBe(catcher.messages()[0]!.messageId);
    // Within the lease another worker must not resend: it waits, then fails for a later retry.
    const reported: PossibleDuplicate[] = [];
    const other = createMailActivities({
      ...deps,
      sentLog: createFileSentLog(logDir),
      inFlightWaitMs: 200,
      onPossibleDuplicate: async (d) => void reported.push(d),
    });
    const busy = await failure(other.sendMail(req));
    expect(busy.name).toBe('MailSendInFlight');
    expect(catcher.messages()).toHaveLength(1);
    await sleep(1_600);
    const resent = await other.sendMail(req);
    expect(resent).toMatchObject({ status: 'sent', possiblyDuplicated: true });
    const [a, b] = catcher.messages();
    expect(catcher.messages()).toHaveLength(2);
    expect(b!.messageId).toBe(a!.messageId);
    // Recorded as possibly duplicated, with the first attempt's time; the marker is gone; reported once.
    expect((await realLog.get(req.key))?.possiblyDuplicated).toEqual({ firstAttemptAt: marker!.at });
    expect(await realLog.sending(req.key)).toBeNull();
    expect(reported).toEqual([
      { key: req.key, messageId: a!.messageId, subject: req.subject, firstAttemptAt: marker!.at },
    ]);
    expect(await other.sendMail(req)).toMatchObject({ status: 'already-sent', possiblyDuplicated: true });
  });

  it('holds the content back until the sending marker is durable: a marker that cannot be written sends nothing', async () => {
    const { deps, logDir, catcher } = await setup();
    const realLog = createFileSentLog(logDir);
    const full: SentLog = {
      ...realLog,
      markSending: () =>
        Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })),
    };
    const req = input();
    const err = await failure(createMailActivities({ ...deps, sentLog: full }).sendMail(req));
    expect(err.message).toContain('no space left');
    await sleep(200);
    expect(catcher.messages()).toHaveLength(0);
    expect(await realLog.sending(req.key)).toBeNull();
    // Space again: the retry sends once, and nothing is reported as possibly duplicated.
    const sent = await createMailActivities({ ...deps, sentLog: realLog }).sendMail(req);
    expect(sent.status).toBe('sent');
    expect(sent.possiblyDuplicated).toBeUndefined();
    expect(catcher.messages()).toHaveLength(1);
  });

  it('concurrent sends of the same key from two workers deliver one mail', async () => {
    const { deps, logDir, catcher } = await setup();
    const workerA = createMailActivities({ ...deps, sentLog: createFileSentLog(logDir) });
    const workerB = createMailActivities({ ...deps, sentLog: createFileSentLog(logDir) });
    const req = input();
    const results = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => (i % 2 ? workerA : workerB).sendMail(req)));
    expect(results.filter((r) => r.status === 'sent')).toHaveLength(1);
    expect(new Set(results.map((r) => r.messageId)).size).toBe(1);
    await sleep(200);
    expect(catcher.messages()).toHaveLength(1);
  });

  it.each([
    [
      'display name with CRLF Bcc',
      { to: { name: '王经理\r\nBcc: spy@attacker.example', address: 'wang@example.com' } },
      'InvalidAddress',
    ],
    ['address with CRLF Bcc', { to: 'wang@example.com\r\nBcc: spy@attacker.example' }, 'InvalidAddress'],
    ['two addresses in one', { to: 'wang@example.com, spy@attacker.example' }, 'InvalidAddress'],
    ['malformed address', { to: 'wang.example.com' }, 'InvalidAddress'],
    ['malformed cc', { cc: ['ok@example.com', 'bad@@example.com'] }, 'InvalidAddress'],
    ['subject with CRLF Bcc', { subject: '对账单\r\nBcc: spy@attacker.example' }, 'InvalidHeader'],
    ['subject with a bare newline', { subject: '对账单\n第二行' }, 'InvalidHeader'],
  ] as [string, Partial<SendMailInput>, string][])(
    'rejects %s without sending or logging',
    async (_name, over, type) => {
      const { mail, catcher, logDir } = await setup();
      const req = input(over);
      const err = await failure(mail.sendMail(req));
      expect(err).toBeInstanceOf(ApplicationFailure);
      expect(err.nonRetryable).toBe(true);
      expect(err.type).toBe(type);
      expect(await createFileSentLog(logDir).get(req.key)).toBeNull();
      await sleep(100);
      expect(catcher.messages()).toHaveLength(0);
    },
  );

  it('classifies SMTP 550 as a permanent, non-retryable failure and logs nothing', async () => {
    const { mail, catcher, logDir } = await setup({
      catcher: {
        refuseRecipient: (a) => (a.startsWith('nobody@') ? { code: 550, message: 'No such user' } : undefined),
      },
    });
    const req = input({
      to: 'nobody@example.com',
      key: { workflowId: 'dun-1', step: 'level-1', recipient: 'nobody@example.com' },
    });
    const err = await failure(mail.sendMail(req));
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err.nonRetryable).toBe(true);
    expect(err.type).toBe('SmtpRejected');
    expect(err.message).toContain('No such user');
    expect((err.details?.[0] as { responseCode: number }).responseCode).toBe(550);
    expect(await createFileSentLog(logDir).get(req.key)).toBeNull();
    expect(catcher.messages()).toHaveLength(0);
  });

  it('treats SMTP 451 as transient, and the retry after recovery sends', async () => {
    let busy = true;
    const { mail, catcher, logDir } = await setup({
      catcher: { refuseRecipient: () => (busy ? { code: 451, message: 'Try again later' } : undefined) },
    });
    const req = input();
    const err = await failure(mail.sendMail(req));
    expect(err).not.toBeInstanceOf(ApplicationFailure);
    expect(err.responseCode).toBe(451);
    // A refusal is a definite "not delivered": no sending marker stays behind to flag a duplicate later.
    expect(await createFileSentLog(logDir).sending(req.key)).toBeNull();
    busy = false;
    expect((await mail.sendMail(req)).status).toBe('sent');
    expect(catcher.messages()).toHaveLength(1);
  });

  it('treats a server that is down as transient, and sends once it is back on the same port', async () => {
    const { mail, catcher, dir } = await setup();
    const port = catcher.port;
    await catcher.close();
    const req = input();
    const err = await failure(mail.sendMail(req));
    expect(err).not.toBeInstanceOf(ApplicationFailure);
    expect(['ESOCKET', 'ECONNECTION']).toContain(err.code);

    const back = await startMailCatcher({ port, outboxDir: join(dir, 'outbox-2') });
    cleanups.push(() => back.close());
    expect((await mail.sendMail(req)).status).toBe('sent');
    expect(back.messages()).toHaveLength(1);
    expect(readdirSync(join(dir, 'outbox-2')).filter((f) => f.endsWith('.eml'))).toHaveLength(1);
  });

  it('refuses missing or altered attachments as permanent failures', async () => {
    const { mail, documents, catcher } = await setup();
    const missing = await failure(mail.sendMail(input({ attachments: [{ docId: 'no-such-doc' }] })));
    expect(missing.type).toBe('AttachmentNotFound');
    expect(missing.nonRetryable).toBe(true);

    documents.put('doc-2', { bytes: samplePdf('x'), fileName: 'a.pdf', contentType: 'application/pdf' });
    const altered = await failure(
      mail.sendMail(input({ attachments: [{ docId: 'doc-2', sha256: sha256(samplePdf('y')) }] })),
    );
    expect(altered.type).toBe('AttachmentMismatch');
    expect(altered.nonRetryable).toBe(true);
    expect(catcher.messages()).toHaveLength(0);
  });
});
