// A worker killed in the middle of writing a workbook leaves `.~tmp.<name>.<pid>.<hex>.xlsx` in the staff's folder;
// the retried write removes it (its writer is gone), and never a temp file of a writer still alive.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { writeFileAtomically } from '../../../../activities/sheets/excel/atomic-write';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

it('the next write of a workbook removes the temp file a killed writer left, and keeps a live writer’s', async () => {
  dir = await mkdtemp(join(tmpdir(), 'dead-writer-'));
  const dead = `.~tmp.旧件入库.${deadPid()}.4baa035f.xlsx`;
  const live = `.~tmp.旧件入库.${process.ppid}.0123abcd.xlsx`; // our parent: alive
  const otherBook = `.~tmp.库存台账.${deadPid()}.89abcdef.xlsx`; // another workbook's write is not ours to judge
  const old = new Date(Date.now() - 60_000);
  for (const n of [dead, live, otherBook]) {
    await writeFile(join(dir, n), 'half a workbook');
    await utimes(join(dir, n), old, old);
  }
  await writeFileAtomically(join(dir, '旧件入库.xlsx'), { write: (tmp) => writeFile(tmp, 'the whole workbook') });
  const left = await readdir(dir);
  expect(left).not.toContain(dead);
  expect(left).toContain(live);
  expect(left).toContain(otherBook);
  expect(left).toContain('旧件入库.xlsx');
});
