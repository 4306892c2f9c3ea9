// The workflow API as code written before a patch sees it: every `patched()` branch not taken and no marker
// recorded, which is exactly how the previous release behaved for a change guarded by patched(). Bundled in
// place of '@temporalio/workflow' (see old-code-bundle.ts) to run "the old code" in the deploy-while-open test.
export * from '@temporalio/workflow/lib/index.js';

export function patched(_patchId: string): boolean {
  return false;
}

export function deprecatePatch(_patchId: string): void {}
