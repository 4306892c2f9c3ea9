// Every saved history (test/replay/histories, captured from the small month by `npm run replay:capture`) replays
// against the workflow code of this commit. A change to a workflow that would break a month already open —
// a different command sequence for the same history — fails here unless it is guarded with `patched()`
// (docs/OPERATIONS.md, "Deploying while a month is open").
import { describe, expect, inject, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import * as workflows from '../../workflows';
import { historyFromFile } from '../../scripts/lib/history-file';

const DIR = join(__dirname, 'histories');
const saved = readdirSync(DIR)
  .sort()
  .flatMap((type) =>
    readdirSync(join(DIR, type))
      .sort()
      .map((file) => ({ type, file, path: join(DIR, type, file) })),
  );

describe('saved histories replay on the current workflow code', () => {
  it('covers every workflow type the worker registers', () => {
    const registered = Object.entries(workflows)
      .filter(([name, value]) => typeof value === 'function' && name.endsWith('Workflow'))
      .map(([name]) => name)
      .sort();
    expect(
      [...new Set(saved.map((s) => s.type))].sort(),
      'every workflow type needs a saved history: extend scripts/capture-replay-histories.ts and run it',
    ).toEqual(registered);
  });

  it('replays each history without a non-determinism error', async () => {
    const histories = saved.map((s) => {
      const { workflowId, history } = historyFromFile(readFileSync(s.path, 'utf8'));
      return { workflowId, history };
    });
    const failures: string[] = [];
    let replayed = 0;
    for await (const r of Worker.runReplayHistories(
      { workflowBundle: { codePath: inject('workflowBundlePath') } },
      histories,
    )) {
      replayed++;
      if (r.error) failures.push(`${r.workflowId}: ${r.error.message}`);
    }
    expect(
      failures,
      'A workflow change breaks saved histories: guard it with patched() (docs/OPERATIONS.md), or, when no run of ' +
        'the old code can still be open (nothing deployed yet), move the baseline with `npm run replay:capture` ' +
        'and commit the new histories saying so.',
    ).toEqual([]);
    expect(replayed).toBe(saved.length);
  });
});
