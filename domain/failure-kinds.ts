/**
 * The failure types the activity boundary gives transient faults (retried with capped backoff until the business
 * deadline) next to the AppError codes it passes through. `status` turns each into plain words
 * (cli/temporal/describe-failure.ts). Pure: workflows, activities and the CLI share the names.
 */
export const TransientFailure = {
  DiskFull: 'DiskFull',
  FileSystemBusy: 'FileSystemBusy',
  SmtpUnavailable: 'SmtpUnavailable',
  SheetsUnavailable: 'SheetsUnavailable',
  TemporalUnavailable: 'TemporalUnavailable',
  WorkbookOpen: 'WorkbookOpen',
} as const;

export type TransientFailureType = (typeof TransientFailure)[keyof typeof TransientFailure];

/** Second element of a failure's details: when this activity was first scheduled (ISO), so "since" survives retries. */
export interface FailureTiming {
  firstScheduledAt: string;
}
