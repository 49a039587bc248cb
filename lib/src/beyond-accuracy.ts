import { UsageError } from './errors';
import { type Predictions, type Truth, topKByUser, truthColumns } from './metric-inputs';
import type { MovieId } from './types';

/**
 * Beyond-accuracy metrics: how much of the catalog the lists use, how evenly, and how far from the popular
 * head. Definitions follow Microsoft Recommenders' `python_evaluation` (catalog_coverage,
 * distributional_coverage, novelty, historical_item_novelty), with the same `(train, predictions, options?)`
 * shape as the other metrics. MS takes the recommendation rows as given; here they are first cut to each
 * user's top `k` by score (ties: movie id ascending), like the ranking metrics, so a model can hand every
 * metric the same scored candidates.
 */

export interface ListOptions {
  /** List length per user: a positive integer. Default 10, as for the ranking metrics. */
  k?: number;
}

/**
 * Catalog coverage: distinct movies in the lists divided by distinct movies in `train`, in [0, 1] when every
 * recommended movie is in train (Shani & Gunawardana 2010). 1 means every known movie is recommended to someone.
 */
export function catalogCoverage(train: Truth, predictions: Predictions, options: ListOptions = {}): number {
  const known = new Set<MovieId>();
  const { length, movieId } = truthColumns(train);
  for (let i = 0; i < length; i++) known.add(movieId[i]);
  if (known.size === 0) throw new UsageError('catalog coverage needs a non-empty train set');
  return recommendationCounts(predictions, options.k ?? 10).size / known.size;
}

/**
 * Distributional coverage: the Shannon entropy, in bits, of how often each movie appears across all lists
 * (Shani & Gunawardana 2010, eq. 21). 0 when every list is the same single movie; log2(number of distinct
 * movies) at most, reached when each appears equally often. `train` is not used; it is there so every
 * metric has the same signature, as in MS.
 */
export function distributionalCoverage(_train: Truth, predictions: Predictions, options: ListOptions = {}): number {
  const counts = recommendationCounts(predictions, options.k ?? 10);
  let total = 0;
  for (const c of counts.values()) total += c;
  let entropy = 0;
  for (const c of counts.values()) entropy += (c / total) * Math.log2(total / c);
  return entropy;
}

/**
 * Each train movie's novelty in bits: -log2(its ratings / all ratings in `train`), the surprise of a random
 * rating being about it (Castells, Vargas & Wang 2011, item choice model). 0 for a movie every rating is
 * about; high for the long tail.
 */
export function itemNovelty(train: Truth): Map<MovieId, number> {
  const { length, movieId } = truthColumns(train);
  const counts = new Map<MovieId, number>();
  for (let i = 0; i < length; i++) counts.set(movieId[i], (counts.get(movieId[i]) ?? 0) + 1);
  const novelty = new Map<MovieId, number>();
  for (const [movie, c] of counts) novelty.set(movie, -Math.log2(c / length));
  return novelty;
}

/**
 * Novelty of the lists, in bits: the mean `itemNovelty` over every (user, movie) recommendation. As in MS, a
 * recommended movie never rated in `train` adds 0 bits but still counts in the mean.
 */
export function novelty(train: Truth, predictions: Predictions, options: ListOptions = {}): number {
  const bits = itemNovelty(train);
  let sum = 0;
  let n = 0;
  for (const [movie, c] of recommendationCounts(predictions, options.k ?? 10)) {
    sum += c * (bits.get(movie) ?? 0);
    n += c;
  }
  if (n === 0) throw new UsageError('novelty needs at least one recommendation');
  return sum / n;
}

/** How many lists each movie appears in. */
function recommendationCounts(predictions: Predictions, k: number): Map<MovieId, number> {
  const counts = new Map<MovieId, number>();
  for (const list of topKByUser(predictions, k).values()) {
    for (const m of list) counts.set(m, (counts.get(m) ?? 0) + 1);
  }
  return counts;
}
