/**
 * Node flags the worker process is launched with (`npm run worker`, `npm start`; test/lib/worker-node-flags.test.ts
 * keeps package.json in step, and the benches launch their measured worker with the same list).
 *
 * `--max-semi-space-size=1` (MB): V8's young generation on a 64-bit machine grows to 16 MB per semi-space, and
 * its pages stay resident. The worker's work is short-lived garbage (sheet rows, XML text, mail parts): with a
 * 1 MB semi-space it dies young just the same, and the 50,000-line stocktake's worker peaked at ~425 MB instead of
 * ~510 MB (idle ~280 MB instead of ~320 MB), for more frequent scavenges (worker CPU +10–20 % on the loaded
 * 2-core machine; figures in the issue 16 note). It can only be set at launch: V8 sizes the heap when the process
 * starts, so setFlagsFromString in worker.ts would not reach it.
 */
export const WORKER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1'];
