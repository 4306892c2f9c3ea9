/**
 * Refuses to stream workbooks if exceljs is unpatched. Its streaming reader decodes every zip chunk separately and
 * turns a Chinese character split across two chunks into U+FFFD (exceljs #2063/#2084/#2316); the fix lives in
 * patches/exceljs+4.4.0.patch, applied by `patch-package` on install. Silently corrupted names would be worse than
 * a clear configuration error.
 */
import { ConfigError } from '../../../domain/errors';

type ParseSax = (chunks: AsyncIterable<Buffer>) => AsyncIterable<{ eventType: string; value: unknown }[]>;

let verdict: Promise<void> | null = null;

async function probe(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const parseSax = require('exceljs/lib/utils/parse-sax') as ParseSax;
  const zhong = Buffer.from('中', 'utf8');
  async function* chunks(): AsyncGenerator<Buffer> {
    yield Buffer.from('<a>');
    yield zhong.subarray(0, 1);
    yield zhong.subarray(1);
    yield Buffer.from('</a>');
  }
  let text = '';
  for await (const events of parseSax(chunks())) {
    for (const e of events) if (e.eventType === 'text') text += String(e.value);
  }
  if (text !== '中') {
    throw new ConfigError(
      'exceljs is not patched: its streaming reader would corrupt Chinese text. Run `npx patch-package` (patches/exceljs+4.4.0.patch).',
      { decoded: text },
    );
  }
}

/** Resolves once exceljs is known to decode split UTF-8 characters correctly; cached per process. */
export function assertExcelUtf8Safe(): Promise<void> {
  verdict ??= probe();
  return verdict;
}
