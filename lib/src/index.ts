// The library's public face: re-exports only, in the order of the blog's steps.
export * from './types';
export * from './errors';
export * from './paths';
export * from './progress';
export * from './random';
// Data: where it comes from and how it is read.
export * from './datasets';
export * from './fetch';
export * from './loading';
export * from './frames';
// Part 1: snapshot, cleaning, baselines.
export * from './snapshot';
export * from './bots';
export * from './cleaning';
export * from './baselines';
// Part 1: the matrix and the SVD.
export * from './matrix';
export * from './svd';
export * from './part1';
// Evaluation.
export { takeRows } from './ratings-columns';
export * from './split';
export type { Scored, ScoredTable, Truth, Predictions } from './metric-inputs';
export { topKByUser } from './metric-inputs';
export * from './metrics';
export * from './ranking-metrics';
export * from './beyond-accuracy';
export * from './models/model';
export * from './models/registry';
export * from './models/popularity';
export * from './models/genre-popularity';
export * from './models/bias-baseline';
export * from './models/svd-model';
export * from './models/mf-sgd';
export * from './models/item-knn';
export * from './models/ease';
export * from './models/ease-next';
export * from './models/alignment';
export * from './models/boosted-trees';
export * from './models/ease-rerank';
export * from './models/transitions';
export * from './evaluation/protocols';
export * from './evaluation/run-protocol';
export * from './evaluation/evaluate-split';
export * from './evaluation/result-table';
export * from './evaluation/verdict';
export * from './evaluation/bootstrap';
// Scale.
export * from './synthetic';
export { writeRatingsCsv } from './ratings-writer';
// Figures and notebook display.
export * from './figures';
export * from './notebook';
