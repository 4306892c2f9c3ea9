// The worker's Node flags (lib/worker-node-flags.ts) are what `npm run worker` and `npm start` launch with, so the
// benches, which launch their measured worker with the same list, measure the worker as it runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WORKER_NODE_FLAGS } from '../../lib/worker-node-flags';

const scripts = (
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

describe('worker launch flags', () => {
  it.each(['worker', 'start'])('npm run %s launches node with every worker flag before the program', (name) => {
    const words = scripts[name]!.split(/\s+/);
    expect(words[0]).toBe('node');
    const program = words.findIndex((w) => w.endsWith('.ts'));
    expect(program).toBeGreaterThan(0);
    for (const flag of WORKER_NODE_FLAGS) expect(words.slice(1, program)).toContain(flag);
  });

  it('the semi-space flag takes effect in a process launched that way', async () => {
    const { execFileSync } = await import('node:child_process');
    const newSpace = (flags: readonly string[]) =>
      Number(
        execFileSync(process.execPath, [
          ...flags,
          '-e',
          "const a=[];for(let i=0;i<3e5;i++)a.push({i});console.log(require('v8').getHeapSpaceStatistics().find(s=>s.space_name==='new_space').space_size)",
        ]).toString(),
      );
    expect(newSpace(WORKER_NODE_FLAGS)).toBeLessThan(newSpace([]));
  });
});
