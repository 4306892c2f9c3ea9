/** When an amount falls due. Pure: safe in workflows. */
import { addDays } from './day-number';

/** The due date of an invoice or charge dated `date` with `termsDays` days to pay (0: due the same day). */
export function dueDateOf(date: string, termsDays: number): string {
  return addDays(date, termsDays);
}
