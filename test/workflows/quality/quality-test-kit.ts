// Helpers of the quality-feedback tests: a free port, clicking a mailed link over real HTTP (GET the page, then
// POST the form with its CSRF cookie and field, as a browser does), and poppler for PDFs.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import type { ParsedMail } from 'mailparser';
import type { QualitySources } from '../../../activities/quality';
import { createQualityActivities } from '../../../activities/quality';
import { createExcelBackend } from '../../../activities/sheets/excel/excel-backend';
import { generateSamples } from '../../../activities/sheets/samples';
import { createActivities, createPlatformServices } from '../../../worker';
import { startMailCatcher } from '../../../scripts/lib/mail-catcher';
import { makeTestConfig } from '../../support/test-config';

const run = promisify(execFile);

export const ARTIFACTS = resolve(__dirname, '../../../test-artifacts/quality');

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

/** The sample month's sources plus the hotline's call log 来电记录.xlsx a test writes beside them. */
export function sourcesWithCallLog(): QualitySources {
  return {
    qualityEvents: [
      { ref: { kind: 'excel', path: '质量信息汇总.xlsx' } },
      { ref: { kind: 'excel', path: '来电记录.xlsx' } },
    ],
    failureModes: { ref: { kind: 'excel', path: '故障模式目录.xlsx' } },
    productionVolumes: { ref: { kind: 'excel', path: '产量统计.xlsx' } },
  };
}

/** The action link in a mail's text body. */
export function linkIn(mail: ParsedMail, baseUrl: string): string {
  const re = new RegExp(`${baseUrl.replace(/[.:/]/g, '\\$&')}/a/[A-Za-z0-9_.-]+`);
  const link = re.exec(mail.text ?? '')?.[0];
  if (!link) throw new Error(`no action link in mail "${mail.subject}":\n${mail.text}`);
  return link;
}

export interface OpenedPage {
  status: number;
  html: string;
  cookie: string;
  csrf: string;
}

/** GET the link like a browser: the page, its CSRF cookie and the hidden form field. */
export async function openLink(link: string): Promise<OpenedPage> {
  const res = await fetch(link, { redirect: 'manual' });
  const html = await res.text();
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  return { status: res.status, html, cookie, csrf };
}

/** Taps a button on the opened page: POST the form back with the cookie. */
export async function submit(
  link: string,
  page: OpenedPage,
  form: Record<string, string>,
): Promise<{ status: number; html: string }> {
  const res = await fetch(link, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      cookie: page.cookie,
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': 'same-origin',
    },
    body: new URLSearchParams({ ...form, _csrf: page.csrf }).toString(),
  });
  return { status: res.status, html: await res.text() };
}

/** Preview links (href → label) on a step page. */
export function previewLinks(html: string): { href: string; label: string }[] {
  const out: { href: string; label: string }[] = [];
  const re =
    /<a href="([^"]*\/doc\/[^"]+)"[^>]*>\s*<span class="badge pdf">PDF<\/span>\s*([^<]+?)\s*<span class="action">/g;
  for (let m = re.exec(html); m; m = re.exec(html))
    out.push({ href: m[1]!.replace(/&amp;/g, '&'), label: m[2]!.trim() });
  return out;
}

export function savePdf(name: string, bytes: Buffer): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.pdf`);
  writeFileSync(path, bytes);
  return path;
}

export async function pdfText(path: string): Promise<string> {
  return (await run('pdftotext', ['-enc', 'UTF-8', '-layout', path, '-'], { maxBuffer: 64 << 20 })).stdout;
}

/** Renders page 1 to test-artifacts/quality/<name>.png and returns the share of non-white pixels and of chart blue. */
export async function renderPage1(
  path: string,
  name: string,
): Promise<{ png: string; ink: number; chartBlue: number }> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const base = join(ARTIFACTS, name);
  await run('pdftoppm', ['-f', '1', '-l', '1', '-r', '80', '-singlefile', '-png', path, base]);
  const { stdout } = await run('pdftoppm', ['-f', '1', '-l', '1', '-r', '40', '-singlefile', path], {
    encoding: 'buffer',
    maxBuffer: 64 << 20,
  });
  const buf = stdout as unknown as Buffer;
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.subarray(0, 64).toString('latin1'))!;
  const rgb = buf.subarray(header[0].length);
  let ink = 0;
  let blue = 0;
  for (let i = 0; i + 2 < rgb.length; i += 3) {
    const [r, g, b] = [rgb[i]!, rgb[i + 1]!, rgb[i + 2]!];
    if (r < 200 || g < 200 || b < 200) ink++;
    // The bars' colour #2f5d8a (PALETTE[0]).
    if (Math.abs(r - 0x2f) < 30 && Math.abs(g - 0x5d) < 30 && Math.abs(b - 0x8a) < 30) blue++;
  }
  const pixels = rgb.length / 3;
  return { png: `${base}.png`, ink: ink / pixels, chartBlue: blue / pixels };
}

/** Appends rows to the first sheet of a workbook (a person editing the sheet). */
export async function appendRows(path: string, rows: (string | number | null)[][]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.worksheets[0]!;
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(path);
}

/** Writes a one-sheet workbook (header + rows). */
export async function writeWorkbook(
  path: string,
  sheet: string,
  header: string[],
  rows: (string | number | Date | null)[][],
): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(path);
}

/** Rows of one sheet as arrays of cell values (1-based columns dropped). */
export async function readSheet(path: string, sheet: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.getWorksheet(sheet);
  if (!ws) throw new Error(`${path} has no sheet "${sheet}" (has ${wb.worksheets.map((w) => w.name).join(', ')})`);
  const out: unknown[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

/**
 * A quality month on real parts: a mail catcher, the platform services on a fresh data dir, the sample workbooks of
 * `seed` in <dataDir>/samples, and the activities (platform + quality over those workbooks).
 */
export async function startQualityWorld(seed: number, period: string) {
  const catcher = await startMailCatcher({ port: 0 });
  const cfg = makeTestConfig({ smtpPort: catcher.port, publicBaseUrl: 'http://127.0.0.1:9' });
  const services = createPlatformServices(cfg);
  const samplesDir = join(cfg.dataDirAbs, 'samples');
  await generateSamples({ dir: samplesDir, seed, period });
  return {
    cfg,
    catcher,
    services,
    samplesDir,
    activities() {
      const platform = createActivities(services);
      const backend = createExcelBackend({ root: samplesDir });
      return {
        ...platform,
        ...createQualityActivities({
          backendFor: () => backend,
          work: services.work,
          archive: services.archive,
          mail: platform.sendMail,
        }),
      };
    },
    async close() {
      services.transport.close();
      await catcher.close();
    },
  };
}
