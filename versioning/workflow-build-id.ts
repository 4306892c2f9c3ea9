/**
 * The worker's build id: a hash of the code that runs inside the workflow sandbox (workflows/ and the pure
 * domain/ modules they import), so two workers with the same id replay every history the same way. Stamped on
 * every workflow task the worker completes (WorkflowTaskCompleted.deployment_version in history): when a run
 * misbehaves after a deploy, its history says which code decided each step.
 *
 * Routing by build id (Worker Versioning, pinned runs) is deliberately off: a month waits weeks for people, and
 * pinning would keep every old worker alive until its last month closes. Changes are guarded with `patched()`
 * and proven by the replay test instead (docs/decisions/0004-versioning-by-patching.md).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const SANDBOX_SOURCES = ['workflows', 'domain'];

function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return listSources(path);
    return /\.(ts|js)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** `wf-` and the first 12 hex digits of the sha-256 over the sandbox sources' relative paths and contents. */
export function workflowBuildId(root: string = join(__dirname, '..')): string {
  const hash = createHash('sha256');
  const files = SANDBOX_SOURCES.flatMap((d) => listSources(join(root, d))).sort();
  for (const file of files) {
    hash.update(relative(root, file).split('\\').join('/'));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return `wf-${hash.digest('hex').slice(0, 12)}`;
}

/** The deployment options every production worker runs with: the build id recorded, no routing by it. */
export function deploymentOptions(buildId: string = workflowBuildId()) {
  return {
    version: { deploymentName: 'aftersales-ops', buildId },
    useWorkerVersioning: false as const,
  };
}
