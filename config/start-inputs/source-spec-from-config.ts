/**
 * The one mapping from a configured source (`sources.*` in the config: an Excel path and sheet(s), or a Google
 * spreadsheet and tab(s), with mapping and source options) to the SourceSpec the readers take. Pure: Excel paths are
 * mapped by `resolvePath` (e.g. into dataDir) and globs and sheet patterns are kept for the activities to resolve.
 */
import type { SourceConfig, SourceListConfig } from '../schema';
import type { SourcePart, SourceSpec } from '../../activities/sheets/source-spec';
import type { TableRef } from '../../activities/sheets/types';
import { AppError } from '../../domain/errors';
import type { SourceOptions } from '../../domain/sheets/source-options';

function partOf(src: SourceConfig, resolvePath: (p: string) => string = (p) => p): SourcePart {
  const options: SourceOptions = {
    ...(src.set ? { set: src.set } : {}),
    ...(src.values ? { values: src.values } : {}),
    ...(src.money ? { money: src.money } : {}),
    ...(src.rows ? { rows: src.rows } : {}),
  };
  const ref: TableRef =
    src.kind === 'excel'
      ? { kind: 'excel', path: resolvePath(src.path), ...(src.sheet ? { sheet: src.sheet } : {}) }
      : { kind: 'google', spreadsheetId: src.spreadsheetId, ...(src.tab ? { tab: src.tab } : {}) };
  const sheets = src.kind === 'excel' ? src.sheets : src.tabs;
  return {
    ref,
    ...(sheets ? { sheets } : {}),
    ...(src.mapping ? { mapping: src.mapping } : {}),
    ...(Object.keys(options).length ? { options } : {}),
    ...(src.setFrom ? { setFrom: src.setFrom } : {}),
  };
}

/** The spec of a configured source (one entry or a list); `resolvePath` maps Excel paths (e.g. into dataDir). */
export function sourceSpecFromConfig(src: SourceListConfig, resolvePath?: (p: string) => string): SourceSpec {
  const list = Array.isArray(src) ? src : [src];
  const [first, ...rest] = list.map((s) => partOf(s, resolvePath));
  if (!first) throw new AppError('ConfigError', 'an empty source list');
  return rest.length ? { ...first, more: rest } : first;
}
