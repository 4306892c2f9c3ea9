// Every label an auditor reads is in their language: document kinds by name (never codes like quality-summary),
// zh-CN by default, English by Accept-Language or ?lang=en — and refusals in the same language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_KINDS, type DocumentKind } from '../../../domain/document-kinds';
import { Client, type Harness, startPortal } from './fixtures/portal-harness';

let h: Harness;
beforeAll(async () => {
  h = await startPortal();
  // One document of every kind the application archives.
  for (const kind of Object.keys(DOCUMENT_KINDS) as DocumentKind[]) {
    await h.store.putDocument(Buffer.from(`%PDF-1.7\n% ${kind}\n%%EOF\n`), {
      workflowId: `wf-${kind}`,
      runId: 'r1',
      period: '2026-09',
      kind,
      fileName: `${kind}.pdf`,
      recipients: [],
      contentType: 'application/pdf',
    });
  }
});
afterAll(() => h.close());

/** The visible text of the list's 类型/Kind cells. */
const kindCells = (html: string): string[] =>
  [...html.matchAll(/<td data-label="(?:类型|Kind)">([^<]*)<\/td>/g)].map((m) => m[1]!.trim());

describe('portal labels in the auditor’s language', () => {
  it('names every document kind in zh-CN, and in English by Accept-Language or ?lang=en', async () => {
    const c = new Client(h.url);
    await c.login();
    const zh = await (await c.req('/portal?period=2026-09')).text();
    expect(zh).toContain('<html lang="zh-CN">');
    expect(kindCells(zh).sort()).toEqual(
      Object.values(DOCUMENT_KINDS)
        .map((k) => k['zh-CN'])
        .sort(),
    );
    expect(zh).toContain('>质量信息汇总表</option>');

    for (const init of [{ headers: { 'accept-language': 'en-US,en;q=0.9,zh;q=0.5' } }, {}]) {
      const path = 'headers' in init ? '/portal?period=2026-09' : '/portal?period=2026-09&lang=en';
      const en = await (await c.req(path, init)).text();
      expect(en).toContain('<html lang="en">');
      expect(en).toContain('>Archive</h1>');
      expect(kindCells(en).sort()).toEqual(
        Object.values(DOCUMENT_KINDS)
          .map((k) => k.en)
          .sort(),
      );
    }
    for (const kind of Object.keys(DOCUMENT_KINDS)) expect(kindCells(zh)).not.toContain(kind);
  });

  it('refuses malformed requests with a page in the same language, never a 500', async () => {
    const c = new Client(h.url);
    await c.login();
    const csrf = await c.csrfFrom('/portal/verify-file');
    const broken = (lang: string) =>
      c.req('/portal/verify-file', {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=x', 'accept-language': lang },
        body: `--x\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n--x\r\nContent-Disp`,
      });
    const zh = await broken('zh-CN');
    expect(zh.status).toBe(400);
    expect(await zh.text()).toContain('请求格式无效');
    const en = await broken('en');
    expect(en.status).toBe(400);
    const text = await en.text();
    expect(text).toContain('<html lang="en">');
    expect(text).toContain('The request is malformed');
    const json = await c.req('/portal/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(400);
  });
});
