export * from './types';
export * from './normalize-fields';
export * from './failure-mode-matcher';
export * from './suggest-failure-modes';
export * from './failure-mode-classifications';
export { compareRowRefs } from './compare-row-refs';
export * from './dedupe-quality-events';
export * from './clean-quality-events';
export * from './quality-stats';
export * from './quality-aggregates';
export {
  aggregateQualityEvents,
  createQualityAccumulator,
  type QualityAccumulator,
  type QualityAccumulatorOptions,
} from './quality-accumulator';
export { computeQualityPpm } from './compute-quality-ppm';
export { findQualityRepeats } from './find-quality-repeats';
export { topMovers } from './summarize-quality-state';
export * from './quality-routing';
export * from './quality-department-views';
export * from './build-department-views';
