export const round = (n: number, digits = 3): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** Prints the benchmark's figures as the final stdout line (one JSON object), the contract of `npm run bench`. */
export function printFinal(figures: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}
