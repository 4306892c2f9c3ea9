/**
 * Reads what the detector examines, through the same readers as the monthly feedback (header aliases, typed cells,
 * every problem with file, sheet, row and column): the quality events of the baseline and monitored days from
 * every configured source, the failure-mode catalogue and the production volumes; then cleans them with the
 * feedback's own rules (normalised part numbers, catalogue modes, duplicates merged). A source that cannot be read
 * is listed as blocking and the others are used; with no readable event source or no catalogue there is nothing
 * to judge, which is a permanent error naming the sources.
 */
import { asyncLocalStorage } from '@temporalio/activity';
import { AppError, ConfigError } from '../../domain/errors';
import {
  cleanQualityEvents,
  createFailureModeMatcher,
  type CleanQualityEvent,
  type ProductionVolume,
  type QualityEvent,
} from '../../domain/quality';
import { readFailureModeCatalogue, readProductionVolumes, streamQualityEvents } from '../quality/read-quality-sources';
import type { TableBackend, TableRef } from '../sheets/types';
import type { EarlyWarningSettings } from './types';
import { dayNumber, isoFromDay } from '../../domain/calendar';

export interface WarningEvents {
  events: CleanQualityEvent[];
  volumes: ProductionVolume[];
  /** Bad rows (left out) and duplicates merged. */
  problems: number;
  duplicatesRemoved: number;
  /** Sources that could not be read at all ("file › sheet: reason"). */
  blocking: string[];
}

const where = (r: { file: string; sheet: string }): string => `${r.file}${r.sheet ? ` › ${r.sheet}` : ''}`;

export async function readWarningEvents(
  backendFor: (ref: TableRef) => TableBackend,
  s: Pick<EarlyWarningSettings, 'sources' | 'detection' | 'dedupeWindowDays'>,
  asOf: string,
): Promise<WarningEvents> {
  const last = dayNumber(asOf);
  if (last === null) throw new ConfigError(`asOf is not a date: ${JSON.stringify(asOf)}`, { asOf });
  const span = s.detection.baselineDays + s.detection.monitorDays;
  const window = { from: isoFromDay(last - span + 1 - s.dedupeWindowDays), to: asOf };
  const blocking: string[] = [];
  let problems = 0;

  const catalogue = await readFailureModeCatalogue(backendFor(s.sources.failureModes.ref), s.sources.failureModes);
  problems += catalogue.report.problemCount;
  let catalogueProblem = catalogue.report.fatal ?? (catalogue.value.length === 0 ? 'the catalogue is empty' : null);
  if (!catalogueProblem) {
    try {
      createFailureModeMatcher(catalogue.value);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      catalogueProblem = err.message;
    }
  }
  if (catalogueProblem) blocking.push(`${where(catalogue.report)}: ${catalogueProblem}`);

  const raw: QualityEvent[] = [];
  let readable = 0;
  for (const spec of s.sources.qualityEvents) {
    const r = await streamQualityEvents(backendFor(spec.ref), spec, window, (e) => {
      raw.push(e);
      if (raw.length % 20_000 === 0) asyncLocalStorage.getStore()?.heartbeat({ phase: 'read', events: raw.length });
    });
    problems += r.report.problemCount;
    if (r.report.fatal) blocking.push(`${where(r.report)}: ${r.report.fatal}`);
    else readable++;
  }
  if (readable === 0) blocking.push('no readable quality-event source (sources.qualityEvents)');
  if (readable === 0 || catalogueProblem) {
    throw new AppError(
      'EarlyWarningSourcesUnreadable',
      `the early-warning detector has nothing to judge:\n${blocking.map((b) => `  ${b}`).join('\n')}`,
      { blocking },
    );
  }

  const volumes = s.sources.productionVolumes
    ? await readProductionVolumes(backendFor(s.sources.productionVolumes.ref), s.sources.productionVolumes)
    : null;
  if (volumes?.report.fatal) blocking.push(`${where(volumes.report)}: ${volumes.report.fatal}`);
  problems += volumes?.report.problemCount ?? 0;

  asyncLocalStorage.getStore()?.heartbeat({ phase: 'clean', events: raw.length });
  const cleaned = cleanQualityEvents(raw, catalogue.value, { dedupeWindowDays: s.dedupeWindowDays });
  return {
    events: cleaned.events,
    volumes: volumes?.value ?? [],
    problems: problems + cleaned.stats.invalid,
    duplicatesRemoved: cleaned.stats.duplicatesRemoved,
    blocking,
  };
}
