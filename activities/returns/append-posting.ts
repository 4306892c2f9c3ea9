import { appendOnce, type AppendResult, type JournalSpec } from './append-once';
import type { JournalOutcome } from './post-return';
import type { ReturnsActivityDeps } from './types';

/** "file › tab › row" of a journal row, as postings report it. */
export function whereOf(spec: JournalSpec, row: number): string {
  const r = spec.ref;
  return r.kind === 'excel' ? `${r.path} › ${r.sheet} › ${row}` : `${r.spreadsheetId} › ${r.tab} › ${row}`;
}

/** Appends a posting row once by its key (under the journal's lock) and says where it stands. */
export function makeAppendPosting(deps: ReturnsActivityDeps) {
  return async (
    spec: JournalSpec,
    row: Parameters<typeof appendOnce>[2],
  ): Promise<JournalOutcome & { values: AppendResult['values'] }> => {
    const res = await appendOnce(deps.backendFor(spec.ref), spec, row, { lockDir: deps.stateDir });
    return { status: res.status, key: String(row[spec.keyColumn]), where: whereOf(spec, res.row), values: res.values };
  };
}
