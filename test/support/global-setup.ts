import type { TestProject } from 'vitest/node';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { bundlerLogger } from '../../scripts/bundle-workflows';
import { startDevServer } from '../../scripts/lib/dev-server';
import { readToolchain } from '../../scripts/lib/toolchain';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    workflowBundlePath: string;
    timeSkippingServer: string | null;
  }
}

/**
 * One real Temporal dev server (in-memory) per test run, and one workflow bundle built once and shared by
 * every test worker (bundling per test costs seconds each on a 2-core machine).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = join(__dirname, '..', '..');
  const outDir = join(root, '.data', 'test');
  mkdirSync(outDir, { recursive: true });
  const bundlePath = join(outDir, `workflow-bundle-${process.pid}.js`);
  const bundle = await bundleWorkflowCode({
    workflowsPath: join(__dirname, 'test-workflows.ts'),
    logger: bundlerLogger,
  });
  const { writeFileSync } = await import('node:fs');
  writeFileSync(bundlePath, bundle.code);
  const server = await startDevServer({ uiPort: null, dbFile: null });
  project.provide('temporalAddress', server.address);
  project.provide('workflowBundlePath', bundlePath);
  project.provide('timeSkippingServer', readToolchain(root).timeSkippingServer);
  return async () => {
    await server.stop();
  };
}
