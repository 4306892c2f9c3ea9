/**
 * The benches' command-line flags (`--dealers 5000`): one parser instead of a copy per bench. A flag given without
 * its value is an error naming the flag, not a NaN that runs.
 */

/** The value after `name`, or undefined when the flag is not given. */
export function stringArg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i < 0) return undefined;
  const value = process.argv[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
}

/** The number after `name`, or `dflt` when the flag is not given. */
export function numberArg(name: string, dflt: number): number {
  const value = stringArg(name);
  return value === undefined ? dflt : Number(value);
}
