import { cleanDataset } from '../cleaning';
import { UsageError } from '../errors';
import { ensureDataset } from '../fetch';
import { loadDataset, loadMl100kFold, type Ml100kFold } from '../loading';
import type { Progress } from '../progress';
import { chronologicalSplit } from '../split';
import type { DatasetName, Movie } from '../types';
import type { TrainTest } from './evaluate-split';

/**
 * The evaluation protocols: which data, which splits. What is measured on each split is the same for every
 * protocol (see evaluate-split.ts): lists of 10, relevant = test rating ≥ 4 stars.
 *
 * - `ml100k-folds`: the five published folds of ml-100k (u1..u5: `.base` trains, `.test` tests), the split
 *   most papers and libraries report RMSE on, so our numbers can be compared with theirs.
 * - `mls-temporal`: ml-latest-small cleaned with the defaults of step 2, then per user the latest 20% of
 *   ratings (by timestamp, then movieId) held out: the model predicts each user's future from their past,
 *   as a deployed recommender must.
 */

export type ProtocolName = 'ml100k-folds' | 'mls-temporal';
export const PROTOCOL_NAMES: readonly ProtocolName[] = ['ml100k-folds', 'mls-temporal'];

/** One train/test pair of a protocol, with a short label for tables ('u1', 'temporal'). */
export interface NamedSplit extends TrainTest {
  label: string;
}

/** What a protocol evaluates on: the catalogue handed to the models and the splits, in order. */
export interface ProtocolData {
  movies: Movie[];
  splits: NamedSplit[];
}

export interface LoadProtocolOptions {
  /** Where datasets live; default `dataDir()` (`MOVIELENS_DATA_DIR` or `<project root>/data`). */
  dataDir?: string;
  /** Progress of fetching and reading; default: fetching draws on a terminal only, reading is silent. */
  progress?: Progress;
}

export interface Protocol {
  name: ProtocolName;
  dataset: DatasetName;
  /** One line for tables and help. */
  description: string;
  /** Fetches the dataset on first use, then loads it and builds the splits. */
  load(options?: LoadProtocolOptions): Promise<ProtocolData>;
}

const ML100K_FOLDS: readonly Ml100kFold[] = ['u1', 'u2', 'u3', 'u4', 'u5'];

/** The share of each user's ratings `mls-temporal` holds out. */
export const TEMPORAL_TEST_FRACTION = 0.2;

export const PROTOCOLS: Readonly<Record<ProtocolName, Protocol>> = {
  'ml100k-folds': {
    name: 'ml100k-folds',
    dataset: 'ml-100k',
    description: 'ml-100k, published folds u1..u5 (base = train, test = test); metrics are means over folds',
    async load(options = {}) {
      const dir = await ensureDataset('ml-100k', options);
      const { movies } = await loadDataset('ml-100k', options);
      const splits = await Promise.all(
        ML100K_FOLDS.map(async (label) => ({ label, ...(await loadMl100kFold(dir, label)) })),
      );
      return { movies, splits };
    },
  },
  'mls-temporal': {
    name: 'mls-temporal',
    dataset: 'ml-latest-small',
    description: 'ml-latest-small cleaned; per user the latest 20% of ratings (by time, then movieId) are the test',
    async load(options = {}) {
      const { data } = cleanDataset(await loadDataset('ml-latest-small', options));
      const split = chronologicalSplit(data.ratings, { testFraction: TEMPORAL_TEST_FRACTION });
      return { movies: data.movies, splits: [{ label: 'temporal', ...split }] };
    },
  },
};

export function isProtocolName(name: string): name is ProtocolName {
  return (PROTOCOL_NAMES as readonly string[]).includes(name);
}

/** @throws UsageError naming the known protocols when `name` is not one. */
export function protocolByName(name: string): Protocol {
  if (!isProtocolName(name)) {
    throw new UsageError(`unknown protocol '${name}': expected one of ${PROTOCOL_NAMES.join(', ')}`);
  }
  return PROTOCOLS[name];
}
