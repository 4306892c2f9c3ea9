/**
 * For the readers that address one workbook and one sheet per table (dunning, the quality feedback's catalogue and
 * volumes, return processing, the early-warning register): the configured source as one sheet, or a ConfigError
 * naming every key configured as more than that. Reading the first of several entries and leaving the others out of
 * the month silently is the worst outcome; refusing at start-up and in `config validate` tells the clerk what to do.
 */
import type { SourceListConfig } from '../schema';
import { ConfigError } from '../../domain/errors';
import type { SourceOptions } from '../../domain/sheets/source-options';
import type { SourceSpec } from '../../activities/sheets/source-spec';
import { sourceSpecFromConfig } from './source-spec-from-config';
import type { TableRef } from '../../activities/sheets/types';

export interface OneSheet {
  ref: TableRef;
  mapping?: Record<string, string>;
  options?: SourceOptions;
}

/** One configured source to check: its config key (`sources.failureModes`, `sources.qualityEvents.1`) and value. */
export interface SourceUse {
  key: string;
  source: SourceListConfig;
  /** Whether this key may be a list whose entries are read one by one (each entry still one sheet). */
  listOk?: boolean;
}

const WILDCARD = /[*?]/;

/** What makes a spec more than one sheet, in the clerk's words; empty when it is one workbook and one sheet. */
export function whyNotOneSheet(spec: SourceSpec): string[] {
  const { ref } = spec;
  const why: string[] = [];
  if (spec.more?.length) why.push('a list of sources');
  if (ref.kind === 'excel' && WILDCARD.test(ref.path)) why.push(`a glob (${ref.path})`);
  const sheet = (ref.kind === 'excel' ? ref.sheet : ref.tab) ?? '';
  if (WILDCARD.test(sheet)) why.push(`a sheet pattern (${sheet})`);
  if (spec.sheets) why.push(`several sheets (${spec.sheets.join(', ')})`);
  if (spec.setFrom) why.push('setFrom');
  return why;
}

/**
 * The sources of one reader, each as one sheet (a `listOk` key gives one per entry), in order. Throws one
 * ConfigError naming every key that is more than one sheet per entry, and what the reader supports instead.
 */
export function oneSheetSources(
  reader: string,
  uses: SourceUse[],
  resolvePath?: (p: string) => string,
): Map<string, OneSheet[]> {
  const out = new Map<string, OneSheet[]>();
  const refused: string[] = [];
  for (const { key, source, listOk } of uses) {
    const entries: [string, SourceListConfig][] =
      listOk && Array.isArray(source) ? source.map((s, i) => [`${key}.${i}`, s]) : [[key, source]];
    const sheets: OneSheet[] = [];
    for (const [k, s] of entries) {
      const spec = sourceSpecFromConfig(s, resolvePath);
      const why = whyNotOneSheet(spec);
      if (why.length) {
        const instead = listOk
          ? 'list each workbook and sheet as an entry of its own'
          : 'point it at one sheet (copy the rows into one sheet if needed)';
        refused.push(
          `${k}: ${reader} reads one workbook and one sheet per ${listOk ? 'entry' : 'table'}; ${why.join(', ')} ` +
            `is not supported for ${reader} yet — ${instead}`,
        );
        continue;
      }
      const { ref, mapping, options } = spec;
      sheets.push({ ref, ...(mapping ? { mapping } : {}), ...(options ? { options } : {}) });
    }
    out.set(key, sheets);
  }
  if (refused.length) {
    throw new ConfigError(refused.join('\n'), { key: refused.map((r) => r.split(':')[0]).join(', '), refused });
  }
  return out;
}

/** One key's single sheet (for callers that check one source at a time). */
export function oneSheetSource(
  reader: string,
  key: string,
  source: SourceListConfig,
  resolvePath?: (p: string) => string,
): OneSheet {
  return oneSheetSources(reader, [{ key, source }], resolvePath).get(key)![0]!;
}
