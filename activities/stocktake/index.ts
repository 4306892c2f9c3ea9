export { createStocktakeActivities, type StocktakeActivities } from './create-stocktake-activities';
export type { StocktakeActivityDeps } from './stocktake-deps';
export type * from './types';
