/**
 * Poisson arithmetic for the early-warning rules, in log space so tails of 1e-30 stay exact enough to compare.
 * A quality engineer can check every figure with a spreadsheet: P(X ≥ k | μ) is
 * `=1-POISSON.DIST(k-1, μ, TRUE)` in Excel / LibreOffice.
 */

const LOG_FACTORIAL_TABLE: number[] = [0];
for (let n = 1; n <= 256; n++) LOG_FACTORIAL_TABLE.push(LOG_FACTORIAL_TABLE[n - 1]! + Math.log(n));

/** ln(n!) for a whole n ≥ 0: a table up to 256, Stirling's series beyond (error < 1e-12). */
export function logFactorial(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`logFactorial needs a whole number ≥ 0, got ${n}`);
  if (n <= 256) return LOG_FACTORIAL_TABLE[n]!;
  const x = n + 1;
  return (
    (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x ** 3) + 1 / (1260 * x ** 5)
  );
}

/** ln P(X = k) for X ~ Poisson(mean). */
export function poissonLogPmf(k: number, mean: number): number {
  if (mean === 0) return k === 0 ? 0 : -Infinity;
  return -mean + k * Math.log(mean) - logFactorial(k);
}

/**
 * P(X ≥ k) for X ~ Poisson(mean): the chance of seeing at least k events when `mean` are expected. Summed from k
 * upwards when k lies above the mean (the case that matters: small tails, no cancellation), else as 1 − P(X < k).
 */
export function poissonUpperTail(k: number, mean: number): number {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`poissonUpperTail needs a whole k ≥ 0, got ${k}`);
  if (!(mean >= 0) || !Number.isFinite(mean)) throw new RangeError(`poissonUpperTail needs a mean ≥ 0, got ${mean}`);
  if (k === 0) return 1;
  if (mean === 0) return 0;
  if (k > mean) {
    const first = poissonLogPmf(k, mean);
    let sum = 0;
    let term = 1;
    // Terms relative to P(X = k): each next one is the previous × mean / j; stops when they no longer count.
    for (let j = k + 1; term > 1e-17 * sum || sum === 0; j++) {
      sum += term;
      term *= mean / j;
      if (j > k + 100_000) break;
    }
    return Math.min(1, Math.exp(first + Math.log(sum)));
  }
  let below = 0;
  for (let j = 0; j < k; j++) below += Math.exp(poissonLogPmf(j, mean));
  return Math.max(0, 1 - below);
}
