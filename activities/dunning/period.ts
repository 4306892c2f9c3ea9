import { addDays, isIsoDate, type Period } from '../../domain/dunning';
import { AppError } from '../../domain/errors';

/** `2026-11` → 2026-11-01 … 2026-11-30. */
export function periodBounds(period: string): Period {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  const from = `${period}-01`;
  if (!m || !isIsoDate(from))
    throw new AppError('InvalidPeriod', `period must look like 2026-11, got ${JSON.stringify(period)}`);
  const month = Number(m[2]);
  const next = month === 12 ? `${Number(m[1]) + 1}-01-01` : `${m[1]}-${String(month + 1).padStart(2, '0')}-01`;
  return { from, to: addDays(next, -1) };
}
