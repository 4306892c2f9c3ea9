import { ApplicationFailure } from '@temporalio/common';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ArchiveMeta, ArchiveRef, DataRef } from '../../../activities/archive/types';
import { createPdfActivities } from '../../../activities/pdf/create-pdf-activities';
import type { PdfTemplateData } from '../../../templates/pdf/registry';
import { pdfText } from './poppler';

const root = mkdtempSync(join(tmpdir(), 'pdf-activity-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** A real, minimal archive: content-addressed files in a folder; a second put of the same bytes is a no-op. */
function folderArchive(dir: string) {
  const puts: ArchiveMeta[] = [];
  let failNext: Error | undefined;
  return {
    puts,
    failOnce(err: Error) {
      failNext = err;
    },
    /** Full paths of the stored PDFs. */
    files: () =>
      readdirSync(dir)
        .filter((f) => f.endsWith('.pdf'))
        .map((f) => join(dir, f)),
    async putDocument(bytes: Buffer, meta: ArchiveMeta): Promise<ArchiveRef> {
      if (failNext) {
        const err = failNext;
        failNext = undefined;
        throw err;
      }
      puts.push(meta);
      const hash = sha256(bytes);
      const path = join(dir, `${hash}.pdf`);
      if (!existsSync(path)) {
        writeFileSync(path, bytes);
        writeFileSync(join(dir, `${hash}.json`), JSON.stringify(meta));
      }
      return { docId: `doc-${hash.slice(0, 12)}`, sha256: hash, size: bytes.length, fileName: meta.fileName };
    },
  };
}

/** A real, minimal work store: JSON blobs keyed by their SHA-256. */
function folderWorkStore(dir: string) {
  return {
    putJson(value: unknown): DataRef {
      const text = JSON.stringify(value);
      const ref = { sha256: sha256(text) };
      writeFileSync(join(dir, `${ref.sha256}.json`), text);
      return ref;
    },
    async getJson<T>(ref: DataRef): Promise<T> {
      return JSON.parse(readFileSync(join(dir, `${ref.sha256}.json`), 'utf8')) as T;
    },
  };
}

const data: PdfTemplateData<'platform-check'> = {
  subtitle: '环境：测试',
  figures: [
    { label: '工作流', value: 1 },
    { label: '已归档', value: '3 份' },
  ],
  checks: [
    { name: 'Temporal 连接', status: 'ok', durationMs: 8 },
    { name: '邮件投递', status: 'fail', detail: 'SMTP 拒绝连接' },
  ],
  pareto: {
    items: [
      { label: '漏油', value: 5 },
      { label: '异响', value: 2 },
    ],
  },
};

const meta: ArchiveMeta = {
  workflowId: 'platform-check-2026-11',
  runId: 'run-1',
  period: '2026-11',
  kind: 'platform-check',
  fileName: 'platform-check.pdf',
  recipients: ['ops@example.test'],
};

function setup(name: string) {
  const dir = join(root, name);
  const archive = folderArchive(mkdtempSync(`${dir}-archive-`));
  const work = folderWorkStore(mkdtempSync(`${dir}-work-`));
  const { renderDocument } = createPdfActivities({ store: archive, work });
  const input = { template: 'platform-check', data, meta, generatedAt: '2026-11-30T02:00:00Z' };
  return { archive, work, renderDocument, input };
}

async function failureOf(p: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
}

describe('renderDocument activity', () => {
  it('renders the template, stores the PDF in the archive and returns only its reference', async () => {
    const { archive, renderDocument, input } = setup('inline');
    const ref = await renderDocument(input);
    expect(Object.keys(ref).sort()).toEqual(['docId', 'fileName', 'sha256', 'size']);
    const [file] = archive.files();
    const bytes = readFileSync(file as string);
    expect(sha256(bytes)).toBe(ref.sha256);
    expect(bytes.length).toBe(ref.size);
    expect(archive.puts[0]).toMatchObject({ ...meta, title: '平台自检报告', contentType: 'application/pdf' });
    const text = await pdfText(file as string);
    for (const s of [
      '平台自检报告',
      '环境：测试',
      '已归档',
      'Temporal 连接',
      'SMTP 拒绝连接',
      '失败',
      '累计占比',
      '自检人',
    ]) {
      expect(text).toContain(s);
    }
    expect(text).toContain('文档编号：platform-check-2026-11/platform-check.pdf');
  });

  it('is idempotent: a retry renders the same bytes and the archive keeps one document', async () => {
    const { archive, renderDocument, input } = setup('retry');
    const first = await renderDocument(input);
    archive.failOnce(new Error('archive volume busy'));
    const transient = await renderDocument(input).catch((e: unknown) => e);
    expect(transient).not.toBeInstanceOf(ApplicationFailure); // plain error: Temporal retries it
    expect((transient as Error).message).toBe('archive volume busy');
    const retried = await renderDocument(input);
    expect(retried).toEqual(first);
    expect(archive.files()).toHaveLength(1);
  });

  it('reads large data through a dataRef and renders exactly what inline data renders', async () => {
    const { work, renderDocument, input } = setup('by-ref');
    const inline = await renderDocument(input);
    const byRef = await renderDocument({ ...input, data: undefined, dataRef: work.putJson(data) });
    expect(byRef.sha256).toBe(inline.sha256);
  });

  it('renders in English on request', async () => {
    const { archive, renderDocument, input } = setup('english');
    await renderDocument({ ...input, locale: 'en' });
    const text = await pdfText(archive.files()[0] as string);
    expect(text).toContain('Platform check');
    expect(text).toContain('Page 1 of');
    expect(text).toContain('Cumulative %');
  });

  it('fails permanently on an unknown template without touching the archive', async () => {
    const { archive, renderDocument, input } = setup('unknown');
    const failure = await failureOf(renderDocument({ ...input, template: 'no-such-report' }));
    expect(failure).toMatchObject({ type: 'UnknownTemplate', nonRetryable: true });
    expect(failure.message).toContain('platform-check');
    expect(archive.puts).toHaveLength(0);
  });

  it('fails permanently on data the template rejects, naming the field', async () => {
    const { archive, renderDocument, input } = setup('invalid');
    const bad = { ...data, figures: [{ label: '工作流', value: true }] };
    const failure = await failureOf(renderDocument({ ...input, data: bad }));
    expect(failure).toMatchObject({ type: 'InvalidTemplateData', nonRetryable: true });
    expect(failure.message).toContain('figures[0].value');
    expect(archive.puts).toHaveLength(0);
  });

  it('fails permanently on a dataRef without a work store, or on data and dataRef together', async () => {
    const { archive, work, input } = setup('no-work');
    const ref = work.putJson(data);
    const { renderDocument } = createPdfActivities({ store: archive });
    expect(await failureOf(renderDocument({ ...input, data: undefined, dataRef: ref }))).toMatchObject({
      type: 'ConfigError',
      nonRetryable: true,
    });
    expect(await failureOf(renderDocument({ ...input, dataRef: ref }))).toMatchObject({
      type: 'InvalidInput',
      nonRetryable: true,
    });
  });

  it('fails permanently on a generatedAt that is not an ISO instant', async () => {
    const { renderDocument, input } = setup('bad-time');
    expect(await failureOf(renderDocument({ ...input, generatedAt: 'yesterday' }))).toMatchObject({
      type: 'InvalidPdfInput',
      nonRetryable: true,
    });
  });
});
