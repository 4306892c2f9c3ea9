import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../domain/errors';
import type { MailDocument, MailDocumentSource } from '../../../activities/mail/send-mail';

const root = join(__dirname, '..', '..', '..');

/** A fresh folder under test-artifacts/ (kept after the run so a person can open the .eml files). */
export function artifactDir(name: string): string {
  const base = join(root, 'test-artifacts', 'mail');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `${name}-`));
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * A small but well-formed PDF (one page, one line of text) with a binary comment line and a random tail in a
 * stream, so 8-bit bytes and CR/LF sequences have to survive the base64 round trip.
 */
export function samplePdf(seed: string): Buffer {
  const noise = createHash('sha512').update(seed).digest();
  const content = Buffer.concat([
    Buffer.from('BT /F1 18 Tf 72 720 Td (Aftersales report) Tj ET\n% '),
    noise,
    Buffer.from('\r\n'),
  ]);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let size = parts[0]!.length;
  objects.forEach((body, i) => {
    offsets.push(size);
    const chunk =
      body === null
        ? Buffer.concat([
            Buffer.from(`${i + 1} 0 obj\n<< /Length ${content.length} >>\nstream\n`),
            content,
            Buffer.from('\nendstream\nendobj\n'),
          ])
        : Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`);
    parts.push(chunk);
    size += chunk.length;
  });
  const xref = [
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`,
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`),
  ];
  parts.push(
    Buffer.from(`${xref.join('')}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${size}\n%%EOF\n`),
  );
  return Buffer.concat(parts);
}

/** A tiny on-disk document store standing in for the archive's read side: `<dir>/<docId>.bin` + `.json`. */
export function createLocalDocuments(
  dir: string,
): MailDocumentSource & { put(docId: string, doc: MailDocument): void } {
  mkdirSync(dir, { recursive: true });
  return {
    put(docId, doc) {
      writeFileSync(join(dir, `${docId}.bin`), doc.bytes);
      writeFileSync(
        join(dir, `${docId}.json`),
        JSON.stringify({ fileName: doc.fileName, contentType: doc.contentType }),
      );
    },
    async getDocument(docId) {
      try {
        const meta = JSON.parse(readFileSync(join(dir, `${docId}.json`), 'utf8')) as Omit<MailDocument, 'bytes'>;
        return { ...meta, bytes: readFileSync(join(dir, `${docId}.bin`)) };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
          throw new AppError('DocumentNotFound', `No archived document ${docId}`, { docId });
        }
        throw err;
      }
    },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
