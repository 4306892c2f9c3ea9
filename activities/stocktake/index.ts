export { createStocktakeActivities, type StocktakeActivities } from './create-stocktake-activities';
export type { StocktakeActivityDeps } from './stocktake-deps';
export { stocktakeInputFromConfig, type StocktakeStartOptions } from './stocktake-input';
export type * from './types';
