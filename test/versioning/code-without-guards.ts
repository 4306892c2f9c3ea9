// The workflow API as a change made WITHOUT a guard sees it: every `patched()` branch taken, also when replaying
// a run that started before the change. The deploy-while-open test runs it to show what the guard prevents.
export * from '@temporalio/workflow/lib/index.js';

export function patched(_patchId: string): boolean {
  return true;
}

export function deprecatePatch(_patchId: string): void {}
