// The action page shows each of a step's documents as what it is: a PDF to preview, an .xlsx count sheet to
// download, each with its badge, by its bare file name (never a server path), in the person's language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeAttachments } from '../../web/pages/describe-attachments';
import { startWebHarness, type WebHarness } from './web-test-kit';

let h: WebHarness;
beforeAll(async () => {
  h = await startWebHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('attachments on the action page', () => {
  it('previews PDFs and downloads count sheets, with the right badge and no path', async () => {
    const sheet = await h.store.putDocument(Buffer.from('PK\u0003\u0004 sheet'), {
      workflowId: 'stocktake-2026-11-new-parts',
      runId: 'r1',
      period: '2026-11',
      kind: 'stocktake-count-sheet',
      fileName: '盘点表 2026-11 新件库 第1轮 A区 孙仓管.xlsx',
      recipients: [],
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    const spec = h.approvalSpec();
    const { token } = await h.startStep({
      ...spec,
      docIds: [h.draft.docId, sheet.docId],
      docLabels: {
        ...spec.docLabels,
        [sheet.docId]: '/srv/aftersales/.data/盘点/stocktake-2026-11/盘点表 2026-11 新件库 第1轮 A区 孙仓管.xlsx',
      },
    });
    const { page } = await h.openPage(token);
    const docs = /<div class="card docs">([\s\S]*?)<\/div>/.exec(page.text)![1]!;
    expect(docs).toContain('相关文件');
    expect(docs).not.toContain('PDF 预览');
    expect(docs).toMatch(
      /<a href="\/a\/[^"]+\/doc\/[^"]+" target="_blank" rel="noopener"\s*><span class="badge pdf">PDF<\/span> 盘点差异报告（草稿）.pdf <span class="action">预览<\/span><\/a/,
    );
    expect(docs).toMatch(
      /<a href="\/a\/[^"]+\/doc\/[^"]+" download="盘点表 2026-11 新件库 第1轮 A区 孙仓管.xlsx"\s*><span class="badge xlsx">XLSX<\/span> 盘点表 2026-11 新件库 第1轮 A区 孙仓管.xlsx <span class="action">下载<\/span>/,
    );
    expect(page.text).not.toContain('/srv/aftersales');
    expect(page.text).not.toContain('stocktake-2026-11/');

    const xlsx = await h.http(`/a/${token}/doc/${sheet.docId}`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers.get('content-disposition')).toMatch(
      /^attachment; filename="[^"]+\.xlsx"; filename\*=UTF-8''%E7%9B%98/,
    );
    const pdf = await h.http(`/a/${token}/doc/${h.draft.docId}`);
    expect(pdf.headers.get('content-disposition')).toMatch(/^inline; /);

    const en = await h.http(`/a/${token}?lang=en`);
    expect(en.text).toContain('>Documents</p>');
    expect(en.text).toContain('<span class="action">Preview</span>');
    expect(en.text).toContain('<span class="action">Download</span>');
  });

  it('describes documents from what the archive knows, falling back to names and kinds', () => {
    expect(
      describeAttachments(
        [
          { docId: 'a', label: 'report.pdf' },
          { docId: 'b', fileName: 'data.csv', contentType: 'text/csv' },
          { docId: 'c', kind: 'quality-summary' },
          { docId: 'd', label: 'C:\\share\\sheet.xlsx' },
        ],
        'en',
      ),
    ).toEqual([
      { docId: 'a', name: 'report.pdf', format: 'pdf', badge: 'PDF' },
      { docId: 'b', name: 'data.csv', format: 'file', badge: 'CSV' },
      { docId: 'c', name: 'Quality summary table', format: 'file', badge: 'FILE' },
      { docId: 'd', name: 'sheet.xlsx', format: 'xlsx', badge: 'XLSX' },
    ]);
  });
});
