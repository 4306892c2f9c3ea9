/**
 * Small typed errors shared by activities, the web layer and the CLI. Each carries a stable
 * `code` (used as the Temporal ApplicationFailure type) and a context object for the message.
 * `permanent` errors are converted to non-retryable failures at the activity boundary.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly context: Record<string, unknown> = {},
    readonly permanent = true,
  ) {
    super(message);
    this.name = code;
  }
}

/** A problem located in a spreadsheet cell: file (or spreadsheet), sheet, row as the user sees it, column header. */
export interface CellProblem {
  file: string;
  sheet: string;
  row: number;
  column: string;
  value: string;
  reason: string;
  /** Stable code of the reason (kebab-case, e.g. "negative", "unknown-dealer"), for tools and tests. */
  code?: string;
  /** Column letter as Excel shows it ("E"), when the problem is in one cell. */
  col?: string;
}

export function formatCellProblem(p: CellProblem): string {
  return `${p.file} › ${p.sheet} › row ${p.row} › column "${p.column}": ${p.reason} (value: ${JSON.stringify(p.value)})`;
}

export class ValidationError extends AppError {
  constructor(
    message: string,
    readonly problems: CellProblem[],
  ) {
    super('ValidationError', `${message}\n${problems.slice(0, 20).map(formatCellProblem).join('\n')}`, {
      count: problems.length,
    });
  }
}

/** The source changed since it was read: refuse the write, the caller retries later. */
export class ConcurrentEditError extends AppError {
  constructor(message: string, context: Record<string, unknown>) {
    super('ConcurrentEditError', message, context, false);
  }
}

export class ConfigError extends AppError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super('ConfigError', message, context);
  }
}
