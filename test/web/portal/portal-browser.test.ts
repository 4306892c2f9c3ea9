import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../support/chromium';
import { type Harness, PASSWORD, startPortal } from './fixtures/portal-harness';

const ARTIFACTS = join(__dirname, '..', '..', '..', 'test-artifacts');

let h: Harness;
let browser: Browser;
beforeAll(async () => {
  h = await startPortal();
  browser = await launchChromium();
  await mkdir(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('auditor portal in a real browser', () => {
  it('logs in, lists and filters the archive, downloads a PDF and verifies a file', async () => {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      acceptDownloads: true,
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(msg.text());
    });

    await page.goto(`${h.url}/portal`);
    expect(new URL(page.url()).pathname).toBe('/portal/login');
    await page.fill('#username', 'auditor');
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(`${h.url}/portal`), page.click('button[type=submit]')]);

    await expect.poll(() => page.locator('table.docs tbody tr').count()).toBe(h.docs.length);
    expect(await page.locator('header').innerText()).toContain('王审计');
    expect(await page.locator('table.docs').innerText()).toContain('对账单 · 苏州顺达售后');
    // The inline stylesheet is allowed by its CSP hash: the header really is styled.
    expect(await page.locator('header').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(23, 50, 77)');
    await page.screenshot({ path: join(ARTIFACTS, 'portal-list.png'), fullPage: true });

    await page.selectOption('#kind', 'statement');
    await Promise.all([page.waitForURL(/kind=statement/), page.click('form.filters button[type=submit]')]);
    expect(await page.locator('table.docs tbody tr').count()).toBe(2);

    const doc = h.docs[3]!;
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click(`a[href$="/documents/${doc.ref.docId}/download"]`),
    ]);
    expect(download.suggestedFilename()).toBe(doc.meta.fileName);
    const saved = join(ARTIFACTS, 'portal-download.pdf');
    await download.saveAs(saved);
    expect((await readFile(saved)).equals(doc.bytes)).toBe(true);

    await page.click('header nav a[href$="/verify-file"]');
    await page.setInputFiles('#file', { name: 'copy-from-mail.pdf', mimeType: 'application/pdf', buffer: doc.bytes });
    await Promise.all([page.waitForURL(/verify-file/), page.click('main form button[type=submit]')]);
    expect(await page.locator('#file-result').getAttribute('data-verdict')).toBe('matched');
    expect(await page.locator('#file-result').innerText()).toContain('一致');

    await page.click('header nav a[href$="/verify"]');
    await page.click('main form button[type=submit]');
    expect(await page.locator('#chain-result').innerText()).toContain('校验通过');
    await page.screenshot({ path: join(ARTIFACTS, 'portal-verify-chain.png'), fullPage: true });

    await page.goto(`${h.url}/portal/documents/${doc.ref.docId}`);
    expect(await page.locator('#sha256').innerText()).toBe(doc.ref.sha256);
    await page.screenshot({ path: join(ARTIFACTS, 'portal-document.png'), fullPage: true });

    const mobile = await context.newPage();
    await mobile.setViewportSize({ width: 390, height: 844 });
    await mobile.goto(`${h.url}/portal`);
    expect(await mobile.locator('table.docs thead').isVisible()).toBe(false);
    await mobile.screenshot({ path: join(ARTIFACTS, 'portal-list-mobile.png'), fullPage: false });

    expect(problems).toEqual([]);
    expect((await h.audit.list({ action: 'portal.download', target: doc.ref.docId })).length).toBe(1);
    await context.close();
  });
});
