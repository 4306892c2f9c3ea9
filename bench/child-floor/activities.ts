/**
 * The child-floor bench's one activity: a fixed amount of CPU work (SHA-256 rounds over a 16 KB block, which the
 * bench calibrates to milliseconds on this machine) and a result padded to the size of a dealer's facts. Both
 * measured processes call the same function with the same units, so the work is the same; only what carries it
 * differs. Native hashing, not a JavaScript loop: a loop's speed depends on how the JIT tiered it in each process
 * (measured: the same loop took 55 ms in one process and ~120 ms in another), the hash's does not.
 */
import { createHash } from 'node:crypto';

const BLOCK = Buffer.alloc(16 * 1024, 7);

/** Runs `units` rounds of SHA-256 over a 16 KB block on this thread; returns the digest's first word. */
export function burn(units: number): number {
  const h = createHash('sha256');
  for (let i = 0; i < units; i++) h.update(BLOCK);
  return h.digest().readUInt32LE(0);
}

export function createFloorActivities() {
  return {
    async floorStep(input: { units: number; payloadBytes: number }): Promise<{ hash: number; pad: string }> {
      return { hash: burn(input.units), pad: 'x'.repeat(input.payloadBytes) };
    },
    /** A batch's dealers' work in one call; a short reference per dealer back (as a batched look would return). */
    async floorBatch(input: { units: number; dealers: number }): Promise<{ refs: number[] }> {
      const refs: number[] = [];
      for (let d = 0; d < input.dealers; d++) {
        refs.push(burn(input.units));
        // Between dealers the event loop runs (as a real batch's I/O lets it): the worker's polls are not held up.
        await new Promise((resolve) => setImmediate(resolve));
      }
      return { refs };
    },
  };
}

export type FloorActivities = ReturnType<typeof createFloorActivities>;
