// End to end in a real browser: workflow → approvals activity → real SMTP → link from the parsed mail →
// headless Chromium on a phone-sized viewport → approve → the workflow completes with the decision.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ARTIFACTS, MANAGER, startMailedLinks, type MailedLinks } from './mailed-links-kit';

let stack: MailedLinks;

beforeAll(async () => {
  stack = await startMailedLinks();
});

afterAll(async () => {
  await stack?.close();
});

describe('approval in a real browser from a real email', () => {
  it('opens the mailed link on a phone, sees the summary, approves, and the workflow goes on', async () => {
    const handle = await stack.start({
      names: { [MANAGER]: '王经理' },
      steps: [
        {
          spec: {
            ...stack.approvalSpec('2026-11 新件库盘点差异审批'),
            summary: ['盘点行数 1,204，其中超差行 3（已复盘 1 轮）', '调整后账面金额 ¥2,345,678.00'],
            figures: [
              { label: '差异金额', value: '-¥1,234.50' },
              { label: '超差行', value: '3' },
            ],
          },
          wait: {
            reminders: ['2 days'],
            deadline: '7 days',
            onTimeout: 'escalate-and-keep-waiting',
            escalateTo: ['director@example.com'],
          },
        },
      ],
    });
    const workflowId = handle.workflowId;

    const { mail, link } = await stack.linkFromMail('【待处理】2026-11 新件库盘点差异审批');
    expect(mail.attachments.map((a) => a.filename)).toEqual(['2026-11 新件库盘点差异报告（草稿）.pdf']);

    const browser = await stack.browser();
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    await page.goto(link);
    await expect.poll(() => page.locator('h1').textContent()).toBe('2026-11 新件库盘点差异审批');
    const body = await page.locator('main').innerText();
    expect(body).toContain('盘点行数 1,204，其中超差行 3');
    expect(body).toContain('-¥1,234.50');
    expect(body).toContain(MANAGER);
    // Phone layout: nothing wider than the screen, buttons big enough to tap.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const approve = page.getByRole('button', { name: '批准' });
    const box = await approve.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    // The preview link serves the archived PDF.
    const href = await page.getByRole('link', { name: /盘点差异报告/ }).getAttribute('href');
    const pdf = await page.request.get(new URL(href!, stack.server.url).toString());
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await page.screenshot({ path: join(ARTIFACTS, 'approval-page.png'), fullPage: true });

    // Opening the page (twice, as a scanner would) decided nothing.
    await page.reload();
    expect((await handle.describe()).status.name).toBe('RUNNING');

    await page.getByLabel('意见 / 备注').fill('同意，按差异表过账。');
    await approve.tap();
    await expect.poll(() => page.locator('h1').textContent()).toBe('已记录');
    expect(await page.locator('main').innerText()).toContain(MANAGER);
    await page.screenshot({ path: join(ARTIFACTS, 'approval-result.png'), fullPage: true });

    const result = await handle.result();
    expect(result.outcomes['manager-approval']).toMatchObject({
      timedOut: false,
      decision: { action: 'approve', decidedBy: MANAGER, comment: '同意，按差异表过账。', meta: { via: 'web' } },
    });
    const entries = await stack.audit.list({ action: 'approval.decision', target: `${workflowId}/manager-approval` });
    expect(entries).toHaveLength(1);

    // Back button + second tap: "already decided by … at …".
    await page.goBack();
    await page.reload();
    expect(await page.locator('main').innerText()).toMatch(/已由 manager@example\.com 于 .+ 处理/);
    await context.close();
  });
});
