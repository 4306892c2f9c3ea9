import { CommanderError } from 'commander';
import { AppError, ConfigError, ValidationError } from '../domain/errors';

/** Exit codes: 0 ok, 1 failure (something was checked or tried and failed), 2 usage or config error. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Wrong arguments or options: exit 2, with a hint. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A failure already explained in its message (no stack trace needed): exit 1. */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly details?: unknown,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'CliFailure';
  }
}

export function exitCodeOf(err: unknown): number {
  if (err instanceof CommanderError) {
    return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0
      ? EXIT.ok
      : EXIT.usage;
  }
  if (err instanceof UsageError || err instanceof ConfigError) return EXIT.usage;
  return EXIT.failure;
}

/** One readable message; the stack only with --verbose (and never for errors we raised on purpose). */
export function describeError(err: unknown, verbose: boolean): string {
  const expected = err instanceof UsageError || err instanceof CliFailure || err instanceof AppError;
  const message = err instanceof Error ? err.message : String(err);
  const label = err instanceof ConfigError ? 'config error' : err instanceof UsageError ? 'usage error' : 'error';
  let text = `${label}: ${message}`;
  if (err instanceof ValidationError && err.problems.length > 20) text += `\n… and ${err.problems.length - 20} more`;
  if (err instanceof UsageError) text += '\n(see --help)';
  if (verbose && err instanceof Error && err.stack && !expected) text += `\n${err.stack}`;
  else if (verbose && err instanceof Error && err.cause) text += `\ncause: ${String(err.cause)}`;
  return text;
}
