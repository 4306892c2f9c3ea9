/**
 * All activities of return processing, the returns watcher and supplier recovery, made from typed
 * dependencies (worker.ts wires them; tests compose them beside the platform activities).
 */
import { createMasterReader } from './read-masters';
import { createRegisterCache } from './read-register';
import { createReturnPostingActivities } from './post-return';
import { createReturnStepActivities } from './return-steps';
import { createRegisterScanActivities } from './scan-register';
import { createReturnMailActivities } from './send-return-mail';
import { createSupplierClaimActivities } from './supplier-claims';
import type { ReturnsActivityDeps } from './types';

export function createReturnsActivities(deps: ReturnsActivityDeps) {
  const masters = createMasterReader(deps.backendFor);
  const registerCache = createRegisterCache();
  const src = deps.settings.sources;
  const register = () => registerCache(deps.backendFor(src.register), src.register, src.registerMapping);
  const mail = createReturnMailActivities(deps);
  return {
    ...createReturnStepActivities(deps, { masters, register }),
    ...createReturnPostingActivities(deps),
    ...mail,
    ...createRegisterScanActivities(deps, { masters, mail }),
    ...createSupplierClaimActivities(deps, { masters }),
  };
}

export type ReturnsActivities = ReturnType<typeof createReturnsActivities>;
