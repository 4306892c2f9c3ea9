/**
 * The month's batch quality incidents for the feedback (批量质量事件): reads the incident register (质量事件登记, the
 * system-owned journal the incident workflows append to) and keeps the incidents opened or closed in the month
 * with their state at its end. A register that does not exist yet means no incident so far, not an error; a
 * register whose header was changed is refused (the journal reader's typed error names the file and tab).
 */
import { incidentRegister, registerEntryOf } from '../incidents/incident-register';
import { readJournal, tabOf } from '../returns/append-once';
import { incidentsOfMonth } from '../../domain/early-warning';
import type { TableBackend } from '../sheets/types';
import { sourceFile } from './read-quality-sources';
import type { QualityIncidentsOfMonth, QualitySourceSpec } from './types';

export async function readIncidentsOfMonth(
  backend: TableBackend,
  spec: QualitySourceSpec,
  period: string,
): Promise<QualityIncidentsOfMonth> {
  const journal = await readJournal(backend, incidentRegister(spec.ref));
  return {
    file: sourceFile(spec.ref),
    sheet: tabOf(spec.ref),
    fingerprint: journal?.fingerprint.value ?? '',
    rows: incidentsOfMonth(journal?.rows.map(registerEntryOf) ?? [], period),
  };
}
