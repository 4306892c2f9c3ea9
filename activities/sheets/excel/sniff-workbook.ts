/**
 * Tells what a file handed to the Excel backend really is before any parser touches it, so a file that is not a
 * readable .xlsx is refused at once with a message a clerk can act on (the file's name and what to do), as a
 * permanent error: retrying cannot make a legacy .xls, an encrypted workbook or a renamed CSV readable.
 *
 * Legacy .xls (BIFF) is refused with "save as .xlsx" rather than read: no maintained BIFF reader is available from
 * the npm registry under a licence we can ship, and a half-right reader of a binary format would be worse than a
 * one-minute "Save As" in Excel, WPS or LibreOffice (see the README's onboarding section).
 */
import { open } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { AppError } from '../../../domain/errors';

export type UnreadableKind = 'legacy-xls' | 'wps-et' | 'encrypted' | 'csv' | 'ods' | 'corrupt' | 'not-a-workbook';

/** A file that is not a readable .xlsx workbook; permanent (non-retryable at the activity boundary). */
export class UnreadableWorkbookError extends AppError {
  constructor(
    readonly path: string,
    readonly kind: UnreadableKind,
    detail?: string,
  ) {
    super('UnreadableWorkbook', unreadableMessage(basename(path), kind, detail), { path, kind, detail }, true);
  }
}

const ADVICE: Record<UnreadableKind, { zh: string; en: string }> = {
  'legacy-xls': {
    zh: '是旧版 Excel 97-2003 (.xls) 文件，请在 Excel/WPS/LibreOffice 中“另存为” Excel 工作簿 (.xlsx) 后再配置',
    en: 'is a legacy Excel 97-2003 (.xls) file; open it and "Save As" Excel Workbook (.xlsx), then point the config at that',
  },
  'wps-et': {
    zh: '是 WPS 表格 (.et) 文件，请在 WPS 中“另存为” Excel 工作簿 (.xlsx)',
    en: 'is a WPS Spreadsheets (.et) file; in WPS "Save As" Excel Workbook (.xlsx)',
  },
  encrypted: {
    zh: '设有打开密码（已加密），请去掉密码后另存为 .xlsx（文件 > 信息 > 保护工作簿 > 用密码进行加密，清空密码）',
    en: 'is password-protected (encrypted); remove the open password and save it again as .xlsx',
  },
  csv: {
    zh: '其实是文本/CSV 文件，只是改了扩展名；请用 Excel 打开后“另存为” Excel 工作簿 (.xlsx)',
    en: 'is a text/CSV file renamed to .xlsx; open it in Excel and "Save As" Excel Workbook (.xlsx)',
  },
  ods: {
    zh: '是 OpenDocument 表格 (.ods)，请在 LibreOffice 中“另存为” Excel 2007-365 (.xlsx)',
    en: 'is an OpenDocument spreadsheet (.ods); in LibreOffice "Save As" Excel 2007-365 (.xlsx)',
  },
  corrupt: {
    zh: '已损坏或不完整（可能复制中断），请从原处重新复制，或用 Excel 打开修复后另存为 .xlsx',
    en: 'is damaged or incomplete (perhaps a copy was cut short); copy it again, or let Excel repair it and save as .xlsx',
  },
  'not-a-workbook': {
    zh: '不是 Excel 工作簿，请确认配置中的路径指向 .xlsx 文件',
    en: 'is not an Excel workbook; check that the configured path points at a .xlsx file',
  },
};

function unreadableMessage(file: string, kind: UnreadableKind, detail?: string): string {
  const a = ADVICE[kind];
  return `${file} ${a.en} / ${file} ${a.zh}${detail ? ` (${detail})` : ''}`;
}

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ENCRYPTION_INFO = Buffer.from('EncryptionInfo', 'utf16le');

/** Printable text with separators in its first bytes: what a CSV or TSV renamed to .xlsx looks like. */
function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return false;
  let start = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) start = 3;
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return true;
  for (let i = start; i < head.length; i++) {
    const b = head[i] as number;
    if (b === 0) return false;
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) return false;
  }
  return true;
}

/**
 * Checks the first bytes (and, for OLE2 containers, the file for an encryption stream). Returns for a zip package,
 * which the zip reader then opens; throws UnreadableWorkbookError for everything else.
 */
export async function sniffWorkbook(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const head = Buffer.alloc(Math.min(size, 4096));
    await fh.read(head, 0, head.length, 0);
    if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b) return; // "PK": a zip package
    const ext = extname(path).toLowerCase();
    if (head.length >= 8 && head.subarray(0, 8).equals(OLE2)) {
      // An encrypted .xlsx is an OLE2 container holding EncryptionInfo + EncryptedPackage streams.
      const all = Buffer.alloc(Math.min(size, 64 * 1024 * 1024));
      await fh.read(all, 0, all.length, 0);
      if (all.includes(ENCRYPTION_INFO)) throw new UnreadableWorkbookError(path, 'encrypted');
      throw new UnreadableWorkbookError(path, ext === '.et' || ext === '.ett' ? 'wps-et' : 'legacy-xls');
    }
    if (size === 0) throw new UnreadableWorkbookError(path, 'corrupt', 'empty file');
    if (looksLikeText(head)) throw new UnreadableWorkbookError(path, 'csv');
    throw new UnreadableWorkbookError(path, 'not-a-workbook');
  } finally {
    await fh.close();
  }
}

/** A zip that is not an OOXML spreadsheet: an OpenDocument file, a .docx, or a zip missing its workbook part. */
export function classifyZip(path: string, names: readonly string[]): UnreadableWorkbookError | null {
  if (names.includes('xl/workbook.xml')) return null;
  if (names.includes('content.xml') && names.includes('mimetype')) return new UnreadableWorkbookError(path, 'ods');
  if (names.includes('[Content_Types].xml')) return new UnreadableWorkbookError(path, 'not-a-workbook');
  return new UnreadableWorkbookError(path, 'corrupt', 'no workbook part');
}

/** Errors a damaged package raises deep in zlib or the XML parser, as opposed to I/O faults worth retrying. */
export function isCorruptionError(err: unknown): boolean {
  if (err instanceof AppError) return err.code === 'NotAnXlsxFile';
  const e = err as NodeJS.ErrnoException & { errno?: number };
  if (typeof e?.code === 'string' && /^Z_(DATA|BUF|STREAM)_ERROR$/.test(e.code)) return true;
  const msg = String(e?.message ?? '');
  return (
    /unexpected end of file|invalid (block type|distance|stored block|code lengths)|incorrect header check/i.test(
      msg,
    ) || /^\d+:\d+: /.test(msg)
  ); // saxes: "line:column: message"
}
