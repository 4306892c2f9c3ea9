/**
 * A logical table as the department keeps it: one or several workbooks (a glob in the file name), one or several
 * sheets (a list, or `*` and wildcards over the visible sheets), each with its header mapping and source options
 * (constants, also taken from the sheet or file name, vocabularies, money convention, row rules). Serialisable, so
 * workflows carry it as they carried a TableRef; resolved to concrete sheets inside activities only.
 */
import { readdir } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { AppError } from '../../domain/errors';
import type { SourceOptions } from '../../domain/sheets/source-options';
import type { TableBackend, TableRef } from './types';

export interface SetFrom {
  from: 'sheet' | 'file';
  /** Regular expression; its first group (or the whole match) is the value. Absent: the whole name. */
  pattern?: string;
}

/** One configured entry: a ref whose path may be a glob and whose sheet may be a pattern, plus how it is kept. */
export interface SourcePart {
  ref: TableRef;
  /** Several named sheets/tabs of the same workbook (instead of `ref.sheet`). */
  sheets?: string[];
  mapping?: Record<string, string>;
  options?: SourceOptions;
  setFrom?: Record<string, SetFrom>;
}

/** A source: its first part's fields at the top (so `spec.ref` still names where it lives) and any further parts. */
export type SourceSpec = SourcePart & { more?: SourcePart[] };

/** A concrete sheet to read, with its constants resolved from the sheet and file names. */
export interface ResolvedPart {
  ref: TableRef;
  file: string;
  sheet: string;
  mapping?: Record<string, string>;
  options: SourceOptions;
  /** Constants that could not be taken from the name (pattern did not match). */
  unresolved: { field: string; from: string; name: string }[];
}

const WILDCARD = /[*?]/;

/** Every part of a spec, first one included. */
export function partsOf(spec: SourceSpec): SourcePart[] {
  const { more, ...first } = spec;
  return [first, ...(more ?? [])];
}

function globRegex(glob: string): RegExp {
  const body = glob
    .normalize('NFC')
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** Files matching a glob in its file name (folders are taken literally), sorted; lock and temp files ignored. */
async function expandGlob(backend: TableBackend, ref: TableRef & { kind: 'excel' }): Promise<string[]> {
  const dirRel = dirname(ref.path);
  const resolve = (backend as { resolvePath?: (r: TableRef) => string }).resolvePath;
  const dirAbs = resolve ? resolve({ kind: 'excel', path: dirRel }) : dirRel;
  const re = globRegex(basename(ref.path));
  let names: string[];
  try {
    names = await readdir(dirAbs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') names = [];
    else throw e;
  }
  return names
    .filter((n) => re.test(n.normalize('NFC')) && !n.startsWith('~$') && !n.startsWith('.~lock.'))
    .sort()
    .map((n) => join(dirRel, n));
}

function nameValue(name: string, rule: SetFrom): string | null {
  if (!rule.pattern) return name;
  const m = new RegExp(rule.pattern).exec(name);
  return m ? (m[1] ?? m[0]) : null;
}

/**
 * The concrete sheets of a spec: globs expanded (none matching is an error naming the pattern), sheet patterns
 * matched against the visible sheets, constants filled from `{sheet}`/`{file}` placeholders and `setFrom`.
 */
export async function resolveSourceParts(
  backendFor: (ref: TableRef) => TableBackend,
  spec: SourceSpec,
): Promise<ResolvedPart[]> {
  const out: ResolvedPart[] = [];
  for (const part of partsOf(spec)) {
    const backend = backendFor(part.ref);
    const refs: TableRef[] = [];
    if (part.ref.kind === 'excel' && WILDCARD.test(basename(part.ref.path))) {
      const files = await expandGlob(backend, part.ref);
      if (!files.length) {
        throw new AppError('SourceNotFound', `no file matches ${part.ref.path}`, { path: part.ref.path });
      }
      for (const path of files) refs.push({ ...part.ref, path });
    } else refs.push(part.ref);
    for (const ref of refs) {
      const wanted = part.sheets ?? [(ref.kind === 'excel' ? ref.sheet : ref.tab) ?? ''];
      const visible = wanted.some((w) => w === '' || WILDCARD.test(w)) ? await backend.listSheets(ref) : [];
      const sheets: string[] = [];
      for (const w of wanted) {
        if (w === '') sheets.push(visible[0] ?? '');
        else if (WILDCARD.test(w)) sheets.push(...visible.filter((s) => globRegex(w).test(s.normalize('NFC'))));
        else sheets.push(w);
      }
      if (!sheets.length) {
        throw new AppError('SheetNotFound', `${labelOf(ref)}: no sheet matches ${wanted.join(', ')}`, { ref });
      }
      const file = labelOf(ref);
      const stem = ref.kind === 'excel' ? basename(ref.path, extname(ref.path)) : file;
      for (const sheet of sheets) {
        const set: Record<string, string> = {};
        const unresolved: ResolvedPart['unresolved'] = [];
        for (const [k, v] of Object.entries(part.options?.set ?? {})) {
          set[k] = v.replace(/\{sheet\}/g, sheet).replace(/\{file\}/g, stem);
        }
        for (const [k, rule] of Object.entries(part.setFrom ?? {})) {
          const name = rule.from === 'sheet' ? sheet : stem;
          const value = nameValue(name, rule);
          if (value === null) unresolved.push({ field: k, from: rule.from, name });
          else set[k] = value;
        }
        const options: SourceOptions = { ...part.options, ...(Object.keys(set).length ? { set } : {}) };
        if (!Object.keys(set).length) delete options.set;
        const concrete: TableRef = ref.kind === 'excel' ? { ...ref, sheet } : { ...ref, tab: sheet };
        out.push({
          ref: concrete,
          file,
          sheet,
          ...(part.mapping ? { mapping: part.mapping } : {}),
          options,
          unresolved,
        });
      }
    }
  }
  return out;
}

export function labelOf(ref: TableRef): string {
  return ref.kind === 'excel' ? basename(ref.path) : ref.spreadsheetId;
}
