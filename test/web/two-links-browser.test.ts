// Two action links open at once in one browser, as a manager reading webmail does: both mails' links are opened
// from a page on another site (a second local HTTP server) into two tabs, and both decisions go through.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { ARTIFACTS, MANAGER, startMailedLinks, type MailedLinks } from './mailed-links-kit';

let stack: MailedLinks;
let webmail: Server;
let webmailUrl: string;
let browser: Browser;
let inbox = '';

beforeAll(async () => {
  stack = await startMailedLinks();
  // "Webmail": another site (webmail.test, mapped to loopback in the browser) listing the mails' links.
  webmail = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(inbox);
  });
  await new Promise<void>((resolve) => webmail.listen(0, '127.0.0.1', resolve));
  webmailUrl = `http://webmail.test:${(webmail.address() as AddressInfo).port}/`;
  browser = await launchChromium(['--host-resolver-rules=MAP webmail.test 127.0.0.1']);
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => webmail?.close(resolve));
  await stack?.close();
});

async function openFromInbox(inboxPage: Page, name: string): Promise<Page> {
  const [tab] = await Promise.all([
    inboxPage.context().waitForEvent('page'),
    inboxPage.getByRole('link', { name }).click(),
  ]);
  await tab.waitForLoadState();
  return tab;
}

describe('two action links in one browser', () => {
  it('opens two mailed links from another site in two tabs and decides both', async () => {
    const handle = await stack.start({
      steps: [
        { spec: stack.approvalSpec('2026-11 新件库盘点差异审批', 'approve-new'), wait: {} },
        { spec: stack.approvalSpec('2026-11 旧件库盘点差异审批', 'approve-old'), wait: {} },
      ],
    });
    const first = await stack.linkFromMail('【待处理】2026-11 新件库盘点差异审批');
    const second = await stack.linkFromMail('【待处理】2026-11 旧件库盘点差异审批');
    inbox = `<!doctype html><meta charset="utf-8"><title>Inbox</title>
      <p><a href="${first.link}" target="_blank">新件库盘点差异审批</a></p>
      <p><a href="${second.link}" target="_blank">旧件库盘点差异审批</a></p>`;

    const context = await browser.newContext({ locale: 'zh-CN' });
    const inboxPage = await context.newPage();
    await inboxPage.goto(webmailUrl);
    const tabA = await openFromInbox(inboxPage, '新件库盘点差异审批');
    const tabB = await openFromInbox(inboxPage, '旧件库盘点差异审批');
    expect(await tabA.locator('h1').textContent()).toBe('2026-11 新件库盘点差异审批');
    expect(await tabB.locator('h1').textContent()).toBe('2026-11 旧件库盘点差异审批');

    // The first tab, opened before the second, is decided first.
    await tabA.getByLabel('意见 / 备注').fill('新件库同意。');
    await tabA.getByRole('button', { name: '批准' }).click();
    await expect.poll(() => tabA.locator('h1').textContent()).toBe('已记录');
    await tabB.getByRole('button', { name: '批准' }).click();
    await expect.poll(() => tabB.locator('h1').textContent()).toBe('已记录');
    await tabB.screenshot({ path: join(ARTIFACTS, 'two-links-second-tab.png'), fullPage: true });

    const result = await handle.result();
    expect(result.outcomes['approve-new']?.decision).toMatchObject({
      action: 'approve',
      decidedBy: MANAGER,
      comment: '新件库同意。',
      meta: { via: 'web' },
    });
    expect(result.outcomes['approve-old']?.decision).toMatchObject({ action: 'approve', decidedBy: MANAGER });
    const refused = await stack.audit.list({ action: 'approval.refused' });
    expect(refused.filter((e) => e.target.startsWith(handle.workflowId))).toEqual([]);
    await context.close();
  });
});
