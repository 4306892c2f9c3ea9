/**
 * The counters' pen for the stocktake bench: writes a count and the counter's name into every line of a count
 * sheet, as Excel would store them, by editing the sheet's XML inside the xlsx and leaving every other part of the
 * file (styles, protection, validation, the status tab, the generator's meta sheet) as it was. Loading and saving
 * the whole workbook with exceljs instead took half of the bench's wall time at 50,000 lines and held the whole
 * workbook in memory.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { COUNT_TAB } from '../../activities/stocktake/count-sheet-layout';

interface ZipFile {
  async(type: 'string'): Promise<string>;
}
interface Zip {
  file(name: string): ZipFile | null;
  file(name: string, data: string): Zip;
  generateAsync(opts: { type: 'nodebuffer'; compression: 'DEFLATE' }): Promise<Buffer>;
}
// The zip library exceljs itself reads and writes workbooks with (not a dependency of ours).
const JSZip = createRequire(require.resolve('exceljs'))('jszip') as { loadAsync(data: Buffer): Promise<Zip> };

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The part holding the sheet named `name` (via workbook.xml and its relationships). */
async function sheetPart(zip: Zip, name: string): Promise<string> {
  const workbook = (await zip.file('xl/workbook.xml')?.async('string')) ?? '';
  const rels = (await zip.file('xl/_rels/workbook.xml.rels')?.async('string')) ?? '';
  const sheet = new RegExp(`<sheet [^>]*name="${name}"[^>]*r:id="([^"]+)"`).exec(workbook);
  const target = sheet && new RegExp(`<Relationship [^>]*Id="${sheet[1]}"[^>]*Target="([^"]+)"`).exec(rels);
  if (!target) throw new Error(`no sheet "${name}" in the workbook`);
  return target[1]!.startsWith('/') ? target[1]!.slice(1) : `xl/${target[1]}`;
}

/**
 * Fills columns G (count) and H (counter) of every line row (column A holds the line number); returns how many.
 * `count` gives the quantity for a line number.
 */
export async function fillCountSheet(
  path: string,
  count: (lineNo: number) => number,
  counter: string,
): Promise<number> {
  const zip = await JSZip.loadAsync(await readFile(path));
  const part = await sheetPart(zip, COUNT_TAB);
  const xml = (await zip.file(part)?.async('string')) ?? '';
  // Line numbers by row (column A), then the empty count and counter cells of those rows filled in.
  const lineOfRow = new Map<string, number>();
  for (const m of xml.matchAll(/<c r="A(\d+)"(?: [^>]*)?><v>(\d+)<\/v><\/c>/g)) {
    if (Number(m[1]) > 2) lineOfRow.set(m[1]!, Number(m[2]));
  }
  const name = xmlText(counter);
  const out = xml.replace(/<c r="([GH])(\d+)"((?: [^>]*)?)\/>/g, (cell, col: string, r: string, attrs: string) => {
    const lineNo = lineOfRow.get(r);
    if (lineNo === undefined) return cell;
    return col === 'G'
      ? `<c r="G${r}"${attrs}><v>${count(lineNo)}</v></c>`
      : `<c r="H${r}"${attrs} t="inlineStr"><is><t>${name}</t></is></c>`;
  });
  const filled = lineOfRow.size;
  zip.file(part, out);
  const tmp = `${path}.fill.tmp`;
  await writeFile(tmp, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  await rename(tmp, path);
  return filled;
}
