import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where PDFs and page images from these tests are left for a person to look at (git-ignored). */
export const ARTIFACTS = resolve(__dirname, '../../../test-artifacts/pdf');

/** Writes the PDF into test-artifacts/pdf/<name>.pdf and returns the path (poppler tools read files). */
export function savePdf(name: string, bytes: Buffer): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.pdf`);
  writeFileSync(path, bytes);
  return path;
}

/** Text of the PDF (or of pages first..last) as extracted by poppler's pdftotext, UTF-8. */
export async function pdfText(path: string, pages?: { first: number; last: number }): Promise<string> {
  const range = pages ? ['-f', String(pages.first), '-l', String(pages.last)] : [];
  const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', ...range, path, '-'], { maxBuffer: 64 << 20 });
  return stdout;
}

/** Lines of extracted text, trimmed, empty ones dropped. */
export async function pdfLines(path: string, pages?: { first: number; last: number }): Promise<string[]> {
  return (await pdfText(path, pages))
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

export async function pdfInfo(path: string): Promise<Record<string, string>> {
  const { stdout } = await run('pdfinfo', ['-isodates', path]);
  const info: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m?.[1] && m[2] !== undefined) info[m[1].trim()] = m[2].trim();
  }
  return info;
}

export interface PdfFontRow {
  name: string;
  type: string;
  embedded: boolean;
  subset: boolean;
  unicode: boolean;
}

export async function pdfFonts(path: string): Promise<PdfFontRow[]> {
  const { stdout } = await run('pdffonts', [path]);
  return stdout
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((line) => {
      const m = /^(\S+)\s+(.+?)\s{2,}\S+\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.exec(line);
      if (!m) throw new Error(`unexpected pdffonts line: ${line}`);
      return {
        name: m[1] ?? '',
        type: m[2] ?? '',
        embedded: m[3] === 'yes',
        subset: m[4] === 'yes',
        unicode: m[5] === 'yes',
      };
    });
}

export interface Raster {
  width: number;
  height: number;
  /** RGB triplets, row-major. */
  rgb: Buffer;
  /** pdftoppm's stderr: poppler reports broken fonts or drawing errors here. */
  warnings: string;
}

/**
 * Rasterises one page with pdftoppm: a PNG for people (test-artifacts/pdf/<name>.png) and a PPM read
 * back here for pixel assertions.
 */
export async function rasterizePage(path: string, page: number, name: string, dpi = 60): Promise<Raster> {
  const base = join(ARTIFACTS, name);
  const args = ['-f', String(page), '-l', String(page), '-r', String(dpi), '-singlefile'];
  const png = await run('pdftoppm', [...args, '-png', path, base]);
  const ppm = await run('pdftoppm', [...args, path, `${base}-raw`]);
  const pixels = parsePpm(readFileSync(`${base}-raw.ppm`));
  rmSync(`${base}-raw.ppm`);
  return { ...pixels, warnings: png.stderr + ppm.stderr };
}

function parsePpm(buf: Buffer): { width: number; height: number; rgb: Buffer } {
  // Header: "P6\n<w> <h>\n<max>\n" followed by binary RGB.
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.subarray(0, 64).toString('latin1'));
  if (!header?.[1] || !header[2] || !header[0]) throw new Error('not a binary PPM');
  return { width: Number(header[1]), height: Number(header[2]), rgb: buf.subarray(header[0].length) };
}

/** Pixels within `tolerance` (per channel) of the hex colour. */
export function countColour(r: Raster, hex: string, tolerance = 24): number {
  const [cr, cg, cb] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  let n = 0;
  for (let i = 0; i + 2 < r.rgb.length; i += 3) {
    if (
      Math.abs((r.rgb[i] ?? 0) - cr) <= tolerance &&
      Math.abs((r.rgb[i + 1] ?? 0) - cg) <= tolerance &&
      Math.abs((r.rgb[i + 2] ?? 0) - cb) <= tolerance
    )
      n++;
  }
  return n;
}

/** Share of pixels that are not (near) white. */
export function inkCoverage(r: Raster): number {
  let ink = 0;
  for (let i = 0; i + 2 < r.rgb.length; i += 3) {
    if ((r.rgb[i] ?? 255) < 200 || (r.rgb[i + 1] ?? 255) < 200 || (r.rgb[i + 2] ?? 255) < 200) ink++;
  }
  return ink / (r.width * r.height);
}
