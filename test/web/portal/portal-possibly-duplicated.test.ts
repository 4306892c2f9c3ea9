// A mail whose first send ended in the gap SMTP cannot close (the server stored it, the worker died before the
// sent-log record) is sent again by the retry with the same Message-ID and written to the audit log as possibly
// duplicated, through the real mail activity over real SMTP, wired to the audit log as worker.ts wires it. The
// auditor sees it in the portal, in a real browser, in plain words: 可能重复发送, Message-ID, recipient, subject, times.
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailTransport } from '../../../activities/mail/create-transport';
import { recordPossibleDuplicate } from '../../../activities/mail/possible-duplicate';
import { createMailActivities, type SendMailInput } from '../../../activities/mail/send-mail';
import { createFileSentLog, type SentLog } from '../../../activities/mail/sent-log';
import { startMailCatcher } from '../../../scripts/lib/mail-catcher';
import { formatTime } from '../../../web/portal/views/format';
import { artifactDir, sleep } from '../../activities/mail/mail-test-kit';
import { launchChromium } from '../../support/chromium';
import { type Harness, PASSWORD, startPortal } from './fixtures/portal-harness';

const ARTIFACTS = join(__dirname, '..', '..', '..', 'test-artifacts');
const FROM = '售后服务部 <aftersales@example.cn>';

let h: Harness;
let browser: Browser;
let catcher: Awaited<ReturnType<typeof startMailCatcher>>;
let transport: ReturnType<typeof createMailTransport>;
let dir: string;

function statement(dealer: string, address: string): SendMailInput {
  return {
    key: { workflowId: `dunning-2026-11/${dealer}`, step: 'statement', recipient: address },
    to: { name: '财务', address },
    subject: `【2026-11】对账单 · ${dealer}`,
    text: '您好：\n附件是 2026-11 的对账单，请核对。',
  };
}

beforeAll(async () => {
  h = await startPortal();
  browser = await launchChromium();
  dir = artifactDir('portal-duplicates');
  catcher = await startMailCatcher({ outboxDir: join(dir, 'outbox') });
  transport = createMailTransport({ host: '127.0.0.1', port: catcher.port, secure: false });
});
afterAll(async () => {
  transport?.close();
  await catcher?.close();
  await browser?.close();
  await h?.close();
});

describe('auditor portal: mails possibly sent twice', () => {
  it('lists the resent mail with 可能重复发送, its Message-ID, recipient, subject and times; not the clean one', async () => {
    const logDir = join(dir, 'sent-log');
    const restarted = () =>
      createMailActivities({
        transport,
        from: FROM,
        sentLog: createFileSentLog(logDir),
        onPossibleDuplicate: (d) => recordPossibleDuplicate(h.audit, d),
      });

    // First attempt: the SMTP server takes the mail, then the worker dies before the sent-log record is written.
    const uncertain = statement('D002', 'finance@sd-auto.example.cn');
    const log = createFileSentLog(logDir);
    const dying: SentLog = { ...log, record: () => Promise.reject(new Error('worker killed after the SMTP accept')) };
    await expect(
      createMailActivities({ transport, from: FROM, sentLog: dying, claimLeaseMs: 800 }).sendMail(uncertain),
    ).rejects.toThrow('worker killed after the SMTP accept');
    const marker = await log.sending(uncertain.key);
    expect(marker).not.toBeNull();
    // The retry, on a restarted worker once the dead attempt's claim ran out, finds the unfinished attempt.
    await sleep(900);
    const resent = await restarted().sendMail(uncertain);
    expect(resent).toMatchObject({ status: 'sent', possiblyDuplicated: true });
    expect(catcher.messages().map((m) => m.messageId)).toEqual([resent.messageId, resent.messageId]);
    expect((await log.get(uncertain.key))?.possiblyDuplicated).toEqual({ firstAttemptAt: marker!.at });
    // A mail sent cleanly is not listed.
    const clean = await restarted().sendMail(statement('D001', 'finance@hd-parts.example.cn'));
    expect(clean.possiblyDuplicated).toBeUndefined();

    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(msg.text());
    });
    await page.goto(`${h.url}/portal`);
    await page.fill('#username', 'auditor');
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(`${h.url}/portal`), page.click('button[type=submit]')]);
    await Promise.all([page.waitForURL(`${h.url}/portal/mails`), page.click('header nav a[href$="/mails"]')]);

    expect(await page.locator('h1').innerText()).toBe('可能重复发送的邮件');
    const rows = page.locator('#possibly-duplicated tbody tr');
    expect(await rows.count()).toBe(1);
    const cells = (await rows.first().locator('td').allInnerTexts()).map((t) => t.trim());
    expect(cells).toEqual([
      '可能重复发送',
      // The retry's audit event, on the portal's clock (2026-12-02T03:04:05Z), shown in Asia/Shanghai.
      '2026-12-02 11:04:05',
      formatTime(marker!.at, 'Asia/Shanghai'),
      'finance@sd-auto.example.cn',
      '【2026-11】对账单 · D002',
      resent.messageId,
      'dunning-2026-11/D002 · statement',
    ]);
    expect(await page.locator('main').innerText()).not.toContain(clean.messageId);
    expect(await page.locator('main .msg.info').innerText()).toContain('相同的 Message-ID');
    await page.screenshot({ path: join(ARTIFACTS, 'portal-possibly-duplicated.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });
});
