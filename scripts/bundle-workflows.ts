/**
 * Bundles the workflows (the SDK's webpack build) into one file, in a process of its own, so webpack's ~150 MB
 * never become part of the worker's resident memory: a worker that bundled in-process kept ~280 MB resident
 * before it ran anything (measured), a third of what a small server gives it.
 *
 *   tsx scripts/bundle-workflows.ts <out.js>
 */
import { spawn } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

const PRODUCT_WORKFLOWS = join(__dirname, '..', 'workflows', 'index.ts');

/**
 * Writes the bundle of `workflows/` (or of `workflowsPath`: a bench's own workflows) to `out` from a child process;
 * returns `out`.
 */
export function bundleWorkflowsToFile(out: string, workflowsPath = PRODUCT_WORKFLOWS): Promise<string> {
  return new Promise((resolve, reject) => {
    // tsx's CommonJS hook runs this TypeScript file whatever the parent runs on (tsx, or a compiled worker: see
    // scripts/compile-entry.ts); the parent's own flags (an -e script, inspector, --cpu-prof) stay out.
    const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), __filename, out, workflowsPath], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve(out) : reject(new Error(`bundling the workflows failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

/** The bundler's logger: warnings and errors only (webpack's progress is noise in a worker's log). */
export const bundlerLogger = {
  log: () => undefined,
  info: () => undefined,
  warn: console.warn,
  error: console.error,
  debug: () => undefined,
  trace: () => undefined,
};

async function main(out: string, workflowsPath: string): Promise<void> {
  const bundle = await bundleWorkflowCode({ workflowsPath, logger: bundlerLogger });
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, bundle.code);
  renameSync(tmp, out);
}

if (require.main === module) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: tsx scripts/bundle-workflows.ts <out.js> [workflows.ts]');
    process.exit(2);
  }
  main(out, process.argv[3] ?? PRODUCT_WORKFLOWS).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
