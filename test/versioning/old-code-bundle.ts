// Bundles workflow code as the release before its patch(es) (or as the change made without a guard): '@temporalio/workflow' resolves to a module whose
// patched() is always false (code-before-patches.ts). Everything else is the current code, so the bundle is the
// previous release exactly for changes guarded by patched() — the only kind the deploy rules allow.
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

const quiet = {
  log: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: console.error,
  debug: () => undefined,
  trace: () => undefined,
};

/**
 * `before-patches`: the release before the guarded change(s). `without-guards`: the change as if it had been made
 * without patched(), taken by runs already open too.
 */
export async function bundleWithPatchesAs(
  workflowsPath: string,
  as: 'before-patches' | 'without-guards',
): Promise<{ code: string }> {
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    logger: quiet,
    webpackConfigHook: (config) => {
      const alias = { ...(config.resolve?.alias as Record<string, string> | undefined) };
      // Exact match only ('$'): the stand-in itself imports the real module by its deeper path.
      alias['@temporalio/workflow$'] = join(__dirname, `code-${as}.ts`);
      return { ...config, resolve: { ...config.resolve, alias } };
    },
  });
  return { code };
}
