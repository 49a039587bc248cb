import type { Model } from '../models/model';
import { createModel, defaultModels, type ModelOptions } from '../models/registry';
import { type Progress, silentProgress } from '../progress';
import { evaluateSplit, type SplitMetrics } from './evaluate-split';
import { type ProtocolData, type ProtocolName, protocolByName } from './protocols';

/**
 * Runs a protocol end to end: load its splits once, then fit and score each model on each split. The result
 * is one flat record per model (means over the splits) plus the per-split numbers, so a notebook can show it
 * as a table as is and the CLI can print it as JSON.
 */

/** The list length and relevance bar of both protocols. */
export const PROTOCOL_K = 10;
export const PROTOCOL_MIN_RATING = 4;

/** One split's numbers for one model, labelled ('u1'…'u5', or 'temporal'); list metrics are at k = 10. */
export interface FoldResult extends SplitMetrics {
  label: string;
}

/**
 * One model on one protocol. Each metric is the mean over the protocol's splits (5 for ml100k-folds, 1 for
 * mls-temporal), or null where it does not apply (RMSE/MAE of a model that only ranks). Ranking metrics and
 * coverage are in [0, 1]; RMSE and MAE in stars; novelty in bits.
 */
export interface ModelResult {
  model: string;
  description: string;
  rmse: number | null;
  mae: number | null;
  precisionAt10: number | null;
  recallAt10: number | null;
  ndcgAt10: number | null;
  mapAt10: number | null;
  hitRateAt10: number | null;
  coverage: number | null;
  novelty: number | null;
  /** Seconds of one fit, mean over the splits. */
  fitSeconds: number;
  /** Seconds to recommend to every test user of one split, mean over the splits. */
  recommendSeconds: number;
  folds: FoldResult[];
}

export interface ProtocolResult {
  protocol: ProtocolName;
  description: string;
  /** List length of the ranking metrics: 10. */
  k: number;
  /** Stars a test rating needs to be relevant: 4. */
  minRating: number;
  /** Seed handed to the models built from their names; null when each used its own default. */
  seed: number | null;
  /** Labels of the splits, in order. */
  splits: string[];
  results: ModelResult[];
  /** Wall time of the whole run, loading included, in seconds. */
  seconds: number;
}

export interface RunProtocolOptions {
  /**
   * Models to evaluate: Model objects, or names known to the registry ('svd', 'svd-user-mean', 'mf-sgd'…),
   * built with `modelOptions` and `seed`. Default: `defaultModels(modelOptions)`, every registered model.
   */
  models?: readonly (Model | string)[];
  /** Options of the models built by the registry (latent factors `k`, SVD `fill`); default each model's own. */
  modelOptions?: Omit<ModelOptions, 'seed'>;
  /** Seed of the models built by the registry (start vectors, initialisation, shuffles). Default each model's own. */
  seed?: number;
  /** Model i of n, split j of s, and the model's own steps. Default silent. */
  progress?: Progress;
  /** Where datasets live; default `dataDir()`. */
  dataDir?: string;
}

/**
 * Evaluates models on a named protocol; fetches its dataset on first use.
 * @throws UsageError for an unknown protocol or model name, or bad model options.
 * @example (await runProtocol('mls-temporal', { models: ['popularity-count'] })).results[0].ndcgAt10
 */
export async function runProtocol(name: string, options: RunProtocolOptions = {}): Promise<ProtocolResult> {
  const start = performance.now();
  const protocol = protocolByName(name);
  const modelOptions: ModelOptions = { ...options.modelOptions, seed: options.seed };
  // Built before loading, so that a bad name or option fails at once rather than after the data is read.
  const models =
    options.models?.map((m) => (typeof m === 'string' ? createModel(m, modelOptions) : m)) ??
    defaultModels(modelOptions);
  const data = await protocol.load({ dataDir: options.dataDir });
  const results = evaluateModels(models, data, options.progress);
  return {
    protocol: protocol.name,
    description: protocol.description,
    k: PROTOCOL_K,
    minRating: PROTOCOL_MIN_RATING,
    seed: options.seed ?? null,
    splits: data.splits.map((s) => s.label),
    results,
    seconds: (performance.now() - start) / 1000,
  };
}

/** Fits and scores each model on each split of `data`, in order; the part of `runProtocol` after loading. */
export function evaluateModels(
  models: readonly Model[],
  data: ProtocolData,
  progress: Progress = silentProgress,
): ModelResult[] {
  try {
    return models.map((model, i) => {
      const folds = data.splits.map((split, j) => {
        // Drawn as "model 2 of 10 (svd-zero), fold 3 of 5 60%", then the model's own steps after the fold.
        const which = `model ${i + 1} of ${models.length} (${model.name}), fold`;
        progress.update(which, j + 1, data.splits.length);
        const where = `${which} ${j + 1} of ${data.splits.length}`;
        const inner: Progress = {
          update: (label, done, total) => progress.update(`${where}: ${label}`, done, total),
          end() {},
        };
        const metrics = evaluateSplit(model, split, data.movies, {
          k: PROTOCOL_K,
          minRating: PROTOCOL_MIN_RATING,
          progress: inner,
        });
        return { label: split.label, ...metrics };
      });
      return summarise(model, folds);
    });
  } finally {
    progress.end();
  }
}

function summarise(model: Model, folds: FoldResult[]): ModelResult {
  const mean = (pick: (f: FoldResult) => number | null) => meanOrNull(folds.map(pick));
  return {
    model: model.name,
    description: model.description,
    rmse: mean((f) => f.rmse),
    mae: mean((f) => f.mae),
    precisionAt10: mean((f) => f.precision),
    recallAt10: mean((f) => f.recall),
    ndcgAt10: mean((f) => f.ndcg),
    mapAt10: mean((f) => f.map),
    hitRateAt10: mean((f) => f.hitRate),
    coverage: mean((f) => f.coverage),
    novelty: mean((f) => f.novelty),
    fitSeconds: mean((f) => f.fitSeconds) ?? 0,
    recommendSeconds: mean((f) => f.recommendSeconds) ?? 0,
    folds,
  };
}

/**
 * The result without the per-user nDCG of every fold: what JSON output holds (`recs evaluate --json`,
 * bench/results.json). Those numbers serve confidence intervals in memory and would multiply the file's size.
 */
export function withoutPerUser(result: ProtocolResult): ProtocolResult {
  return {
    ...result,
    results: result.results.map((r) => ({ ...r, folds: r.folds.map(({ ndcgByUser: _, ...fold }) => fold) })),
  };
}

/** The mean, or null when any value is null (a metric that does not apply on one split applies on none). */
function meanOrNull(values: readonly (number | null)[]): number | null {
  if (values.length === 0 || values.some((v) => v === null)) return null;
  return (values as number[]).reduce((a, b) => a + b, 0) / values.length;
}
