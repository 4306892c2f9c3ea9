/**
 * The sample workbooks the demo config points at (dataDir/samples): generated on the first run, reused on
 * later runs when every file is still there and opens with its data sheet (the month's postings add tabs to
 * some of them; that is expected). A missing or unreadable workbook is generated again, alone.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import ExcelJS from 'exceljs';
import { dataPath, type LoadedConfig } from '../../config/load-config';
import { firstSource, type SourceConfig } from '../../config/schema';
import {
  SAMPLE_SCHEMAS,
  buildSampleSheets,
  writeSampleWorkbook,
  type SampleSchemaName,
  type SampleSheet,
} from '../../activities/sheets/samples';
import { buildSmallMonth, type SmallMonth } from './small-samples';
import { type Period } from '../../domain/calendar';

export const DEMO_SEED = 20261130;

export interface SamplesOutcome {
  dir: string;
  /** Workbooks written this run (all on the first run, none when everything was reused). */
  written: string[];
  reused: string[];
}

const MARKER = '.demo-samples.json';

interface Marker {
  seed: number;
  period: Period;
  small: SmallMonth | null;
}

function excelSource(cfg: LoadedConfig, name: SampleSchemaName): SourceConfig & { kind: 'excel' } {
  const src = name === 'qualityEvents' ? cfg.sources.qualityEvents?.[0] : firstSource(cfg.sources[name]);
  if (!src) throw new Error(`the demo needs sources.${name} in ${cfg.configPath}`);
  if (src.kind !== 'excel') throw new Error(`the demo generates Excel samples, but sources.${name} is ${src.kind}`);
  return src;
}

async function opens(path: string, sheet: string): Promise<boolean> {
  if (!existsSync(path)) return false;
  try {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    return wb.getWorksheet(sheet) !== undefined;
  } catch {
    return false;
  }
}

/**
 * Makes sure every configured sample workbook exists and opens. `small` writes a smaller month (the end-to-end
 * test); a folder written for another seed, period or size is written again as a whole.
 */
export async function ensureSamples(
  cfg: LoadedConfig,
  opts: { period: Period; seed?: number; small?: SmallMonth | null },
): Promise<SamplesOutcome> {
  const seed = opts.seed ?? DEMO_SEED;
  const want: Marker = { seed, period: opts.period, small: opts.small ?? null };
  let sheets: Record<SampleSchemaName, SampleSheet> | undefined;
  const build = () =>
    (sheets ??= want.small
      ? buildSmallMonth(seed, opts.period, want.small)
      : buildSampleSheets({ seed, period: opts.period }));
  const targets = SAMPLE_SCHEMAS.map((name) => {
    const src = excelSource(cfg, name);
    return { name, path: dataPath(cfg, src.path), sheet: src.sheet };
  });
  const dir = dirname(targets[0]!.path);
  const markerPath = join(dir, MARKER);
  const marker = existsSync(markerPath) ? (JSON.parse(await readFile(markerPath, 'utf8')) as Marker) : null;
  const sameMonth = marker !== null && JSON.stringify(marker) === JSON.stringify(want);
  const written: string[] = [];
  const reused: string[] = [];
  for (const t of targets) {
    const sheet = build()[t.name];
    if (basename(t.path) !== sheet.fileName) {
      throw new Error(
        `sources.${t.name} points at ${basename(t.path)}, but the sample generator writes ${sheet.fileName}`,
      );
    }
    if (sameMonth && (await opens(t.path, t.sheet ?? sheet.sheetName))) {
      reused.push(t.path);
      continue;
    }
    await mkdir(dirname(t.path), { recursive: true });
    // Written beside and renamed into place, so an interrupted run never leaves half a workbook behind.
    const tmp = `${t.path}.tmp-${process.pid}.xlsx`;
    await writeSampleWorkbook(sheet, tmp);
    await rename(tmp, t.path);
    written.push(t.path);
  }
  await writeFile(markerPath, JSON.stringify(want, null, 2));
  return { dir, written, reused };
}
