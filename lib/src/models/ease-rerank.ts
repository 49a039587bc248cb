import { dampedMean } from '../baselines';
import { UsageError } from '../errors';
import type { RatingMatrix } from '../matrix';
import { type Progress, silentProgress } from '../progress';
import { lowerBound } from '../sorted';
import { chronologicalSplit } from '../split';
import type { Movie, RatingsTable } from '../types';
import { type AlignmentOptions, alignmentScores } from './alignment';
import { type BoostedTrees, type BoostedTreesOptions, fitBoostedTrees } from './boosted-trees';
import { type EaseNextOptions, easeNextScorer } from './ease-next';
import type { FittedModel, Model } from './model';
import { columnRecommender, meanRating, topIndices } from './top-n';
import type { UserSequences } from './transitions';

/**
 * A two-stage recommender, the shape of most production systems: a cheap model proposes a few hundred
 * candidates per user, and a learned ranker orders them using everything known about the user, the movie and
 * the moment. Here:
 *
 * 1. candidates: ease-next's top 150, plus the top 30 of the alignment signal (alignment.ts) and the top 30 by
 *    ratings around the user's last rating (what was being rated then);
 * 2. features: the 29 numbers of `RERANK_FEATURES` per (user, candidate): the signals' scores and ranks,
 *    popularity overall and around the user's last rating, release year against the user's recent movies,
 *    genres, and how the user rates and in how many sessions;
 * 3. ranker: boosted trees (boosted-trees.ts) that learn "will this user rate this movie 4 stars or more
 *    next?" from the training data itself: the training ratings are split by the protocol's own rule (each
 *    user's latest `innerFraction` held out), features are computed on the earlier part and labelled with
 *    the held-out part. The signals are then refitted on all training ratings and the trees rank their
 *    candidates. No test rating is ever seen.
 *
 * A candidate's score is the trees' probability that the user rates it 4 stars or more next; any other movie
 * scores ease-next's score minus 10 (below 0), so the trees order the candidates and ease-next what follows.
 * Settings were chosen on the validation split (train carved again by the same rule), see
 * `npx tsx scripts/explore-rerank.ts`.
 */

export interface EaseRerankOptions {
  /** Share of each user's latest training ratings held out to teach the trees, in (0, 1). Default 0.2. */
  innerFraction?: number;
  /** A held-out rating of at least this many stars is a "yes" for the trees. Default 4, as the protocols. */
  minRating?: number;
  /** ease-next's candidates per user (whole number ≥ 10). Default 150. */
  pool?: number;
  /** Candidates added from each of the alignment and recent-popularity signals (whole number ≥ 0). Default 30. */
  extra?: number;
  /** Seed of the trees' sampling. Default 42. */
  seed?: number;
  /** The trees' settings (boosted-trees.ts); `seed` above wins over theirs. */
  trees?: BoostedTreesOptions;
  easeNext?: EaseNextOptions;
  alignment?: AlignmentOptions;
}

const DAY = 86_400;

/** The features the trees see for one (user, candidate movie), in column order. */
export const RERANK_FEATURES = [
  ['ease', "EASE's score from the user's recency-weighted history, 1 for their best movie"],
  ['next', 'what others rated next after the user’s latest movies (transitions.ts), 1 for the best'],
  ['align', 'what others rated after stretches containing several of the user’s latest movies, 1 for the best'],
  ['easeNext', "ease-next's score: ease + 0.7 × next"],
  ['rankEaseNext', "log(1 + rank) in ease-next's order among the candidates"],
  ['rankAlign', 'log(1 + rank) by align among the candidates'],
  ['rankAround', 'log(1 + rank) by ratings within 30 days of the user’s last rating'],
  ['ratings', 'log(1 + training ratings of the movie)'],
  ['around30d', 'log(1 + ratings of the movie within 30 days of the user’s last rating)'],
  ['yearAfter', 'log(1 + ratings of the movie in the year after the user’s last rating)'],
  ['yearBefore', 'log(1 + ratings of the movie in the year before the user’s last rating)'],
  ['dampedMean', 'mean rating with 10 ratings at the global mean added'],
  ['likedShare', 'share of the movie’s ratings at 4 stars or more'],
  ['year', 'release year (-1 unknown)'],
  ['ageAtLast', 'year of the user’s last rating minus release year (-100 unknown)'],
  ['yearGapRecent', '|release year − median release year of the user’s last 10 movies| (-1 unknown)'],
  ['yearGapLast5', 'log(1 + smallest |release year − release year| over the user’s last 5 movies) (-1 unknown)'],
  ['firstRatedDays', 'signed log(1 + days) from the user’s last rating to the movie’s first training rating'],
  ['lastRatedDays', 'signed log(1 + days) from the user’s last rating to the movie’s last training rating'],
  ['genreRecent', 'share of the user’s last 20 movies’ genres the movie has, per genre of the movie'],
  ['genreAll', 'the same over all the user’s movies'],
  ['idGap', 'log(1 + smallest |movieId − movieId| over the user’s last 5 movies): ids follow catalogue order'],
  ['titleGap', 'log(1 + smallest distance in alphabetical title order to the user’s last 5 movies)'],
  ['userRatings', 'log of the user’s training ratings'],
  ['userShareHour', 'share of the user’s ratings within an hour of their last one (one ongoing session?)'],
  ['userShareDay', 'share within a day of their last one'],
  ['userSpanDays', 'log(1 + days from the user’s first to last rating)'],
  ['userMean', "the user's mean rating"],
  ['userRecentMean', "the user's mean rating over their last 10 ratings"],
] as const;

/** Candidates and their features for one user. */
export interface UserCandidates {
  /** Training columns of the candidates, ascending. */
  columns: Int32Array;
  /** Row-major candidates × RERANK_FEATURES.length. */
  X: Float32Array;
  /** ease-next's score of every column for this user, computed on the way (valid until the next call). */
  easeNext: Float64Array;
}

/** The signals fitted on one training table, able to list any user's candidates and features. */
export interface RerankSignals {
  ratings: RatingMatrix;
  /** ease-next's scores for training row `row` (-1 for an unknown user), into `out`. */
  easeNext(row: number, out: Float64Array): void;
  candidates(row: number): UserCandidates;
}

export function rerankSignals(
  train: RatingsTable,
  movies: readonly Movie[],
  options: Pick<EaseRerankOptions, 'pool' | 'extra' | 'easeNext' | 'alignment'> = {},
): RerankSignals {
  const { pool = 150, extra = 30 } = options;
  const scorer = easeNextScorer(train, options.easeNext);
  const { ratings, sequences: seq } = scorer;
  const cols = ratings.cols;
  const items: ItemFacts = itemFacts(seq, train, ratings, movies);
  // Time-sorted training ratings, for "rated around the user's last rating".
  const byTime = Int32Array.from(seq.columns.keys()).sort((p, q) => seq.times[p] - seq.times[q] || p - q);
  const times = Float64Array.from(byTime, (p) => seq.times[p]);
  const timeOrder = Int32Array.from(byTime, (p) => seq.columns[p]);
  const countBetween = (from: number, to: number, out: Float64Array) => {
    out.fill(0);
    for (let k = lowerBound(times, from), end = lowerBound(times, to); k < end; k++) out[timeOrder[k]]++;
  };
  const F = RERANK_FEATURES.length;
  const en = new Float64Array(cols);
  const ease = new Float64Array(cols);
  const next = new Float64Array(cols);
  const align = new Float64Array(cols);
  const query = new Float64Array(cols);
  const around = new Float64Array(cols);
  const after = new Float64Array(cols);
  const before = new Float64Array(cols);
  const pick = new Float64Array(cols);
  const genreRecent = new Float64Array(items.genreCount);
  const genreAll = new Float64Array(items.genreCount);
  return {
    ratings,
    easeNext: (row, out) => scorer.score(row, out),
    candidates(row) {
      scorer.score(row, en, { ease, next });
      alignmentScores(seq, row, align, query, options.alignment);
      const a = seq.start[row];
      const b = seq.start[row + 1];
      const last = seq.times[b - 1];
      countBetween(last - 30 * DAY, last + 30 * DAY, around);
      countBetween(last, last + 365 * DAY, after);
      countBetween(last - 365 * DAY, last, before);
      // The pool: ease-next's best, then the best by alignment and by ratings around the last rating.
      const seen = new Uint8Array(cols);
      for (let p = ratings.indptr[row]; p < ratings.indptr[row + 1]; p++) seen[ratings.indices[p]] = 1;
      const chosen = new Set<number>();
      for (const [scores, count] of [
        [en, pool],
        [align, extra],
        [around, extra],
      ] as const) {
        for (let c = 0; c < cols; c++) pick[c] = seen[c] || !(scores[c] > 0) ? Number.NEGATIVE_INFINITY : scores[c];
        for (const c of topIndices(pick, count)) chosen.add(c);
      }
      const columns = Int32Array.from(chosen).sort();
      const rankIn = (scores: Float64Array) => {
        const order = Int32Array.from(columns).sort((u, v) => scores[v] - scores[u] || u - v);
        const rank = new Map<number, number>();
        order.forEach((c, i) => {
          rank.set(c, i);
        });
        return rank;
      };
      const rankEaseNext = rankIn(en);
      const rankAlign = rankIn(align);
      const rankAround = rankIn(around);
      // The user's history: sessions, rating habits, recent years, genres, ids and titles.
      const n = b - a;
      let inHour = 0;
      let inDay = 0;
      let sum = 0;
      let recentSum = 0;
      genreRecent.fill(0);
      genreAll.fill(0);
      const recentYears: number[] = [];
      const last5: number[] = [];
      for (let p = b - 1, d = 0; p >= a; p--, d++) {
        const c = seq.columns[p];
        if (last - seq.times[p] < 3600) inHour++;
        if (last - seq.times[p] < DAY) inDay++;
        sum += seq.ratings[p];
        if (d < 10) recentSum += seq.ratings[p];
        for (const g of items.genres[c]) {
          genreAll[g]++;
          if (d < 20) genreRecent[g]++;
        }
        if (d < 10 && items.year[c] >= 0) recentYears.push(items.year[c]);
        if (d < 5) last5.push(c);
      }
      recentYears.sort((u, v) => u - v);
      const medianYear = recentYears.length > 0 ? recentYears[recentYears.length >> 1] : -1;
      const last5Years = last5.filter((c) => items.year[c] >= 0).map((c) => items.year[c]);
      const last5Ids = last5.map((c) => ratings.movieIds[c]);
      const last5Titles = last5.map((c) => items.titleRank[c]);
      let recentTotal = 0;
      let allTotal = 0;
      for (let g = 0; g < items.genreCount; g++) {
        recentTotal += genreRecent[g];
        allTotal += genreAll[g];
      }
      const lastYear = new Date(last * 1000).getUTCFullYear();
      const user = [
        Math.log(n),
        inHour / n,
        inDay / n,
        Math.log1p((last - seq.times[a]) / DAY),
        sum / n,
        recentSum / Math.min(n, 10),
      ];
      const X = new Float32Array(columns.length * F);
      columns.forEach((c, k) => {
        let recentMatch = 0;
        let allMatch = 0;
        for (const g of items.genres[c]) {
          recentMatch += genreRecent[g];
          allMatch += genreAll[g];
        }
        const genres = Math.max(items.genres[c].length, 1);
        const year = items.year[c];
        X.set(
          [
            ease[c],
            next[c],
            align[c],
            en[c],
            Math.log1p(rankEaseNext.get(c) ?? 0),
            Math.log1p(rankAlign.get(c) ?? 0),
            Math.log1p(rankAround.get(c) ?? 0),
            Math.log1p(items.count[c]),
            Math.log1p(around[c]),
            Math.log1p(after[c]),
            Math.log1p(before[c]),
            items.dampedMean[c],
            items.likedShare[c],
            year,
            year >= 0 ? lastYear - year : -100,
            year >= 0 && medianYear >= 0 ? Math.abs(year - medianYear) : -1,
            year >= 0 ? smallestGap(year, last5Years) : -1,
            signedLog((items.firstRated[c] - last) / DAY),
            signedLog((items.lastRated[c] - last) / DAY),
            recentMatch / genres / Math.max(recentTotal, 1),
            allMatch / genres / Math.max(allTotal, 1),
            smallestGap(ratings.movieIds[c], last5Ids),
            smallestGap(items.titleRank[c], last5Titles),
            ...user,
          ],
          k * F,
        );
      });
      return { columns, X, easeNext: en };
    },
  };
}

export function easeRerankModel(options: EaseRerankOptions = {}): Model {
  const { innerFraction = 0.2, minRating = 4, pool = 150, extra = 30 } = options;
  if (!(innerFraction > 0 && innerFraction < 1)) {
    throw new UsageError(`innerFraction must be in (0, 1), got ${innerFraction}`);
  }
  if (!(minRating > 0 && minRating <= 5)) throw new UsageError(`minRating must be in (0, 5], got ${minRating}`);
  if (!Number.isInteger(pool) || pool < 10) throw new UsageError(`pool must be a whole number ≥ 10, got ${pool}`);
  if (!Number.isInteger(extra) || extra < 0) throw new UsageError(`extra must be a whole number ≥ 0, got ${extra}`);
  return {
    name: 'ease-rerank',
    description: `ease-next's top ${pool} (+ ${extra} + ${extra}) re-ranked by boosted trees learnt on each user's latest ${innerFraction * 100}% of training ratings`,
    predictsRatings: false,
    fit(train, { movies, progress }): FittedModel {
      const trees = learnRerankTrees(train, movies, options, progress);
      const signals = rerankSignals(train, movies, options);
      return {
        predict: () => Number.NaN,
        recommend: columnRecommender(signals.ratings, (row, out) => {
          if (row < 0 || trees === undefined) {
            signals.easeNext(row, out);
            return;
          }
          const { columns, X, easeNext } = signals.candidates(row);
          for (let c = 0; c < out.length; c++) out[c] = easeNext[c] - 10;
          const F = RERANK_FEATURES.length;
          columns.forEach((c, k) => {
            out[c] = 1 / (1 + Math.exp(-trees.score(X, k * F)));
          });
        }),
      };
    },
  };
}

/**
 * ease-rerank's trees, taught on `train` split once more (each user's latest `innerFraction` held out and
 * labelled "yes" where rated at least `minRating`), or undefined when that split holds no "yes" at all (a tiny
 * table): the model then ranks as ease-next. Exported so a notebook can ask what the trees rely on
 * (`splitsPerFeature`, in the order of RERANK_FEATURES).
 */
export function learnRerankTrees(
  train: RatingsTable,
  movies: readonly Movie[],
  options: EaseRerankOptions = {},
  progress: Progress = silentProgress,
): BoostedTrees | undefined {
  const { innerFraction = 0.2, minRating = 4, seed = 42 } = options;
  const inner = chronologicalSplit(train, { testFraction: innerFraction });
  const signals = rerankSignals(inner.train, movies, options);
  const { ratings } = signals;
  const liked = new Set<number>();
  const key = (row: number, col: number) => row * ratings.cols + col;
  for (let i = 0; i < inner.test.length; i++) {
    const row = ratings.rowOf(inner.test.userId[i]);
    const col = ratings.colOf(inner.test.movieId[i]);
    if (row >= 0 && col >= 0 && inner.test.rating[i] >= minRating) liked.add(key(row, col));
  }
  if (liked.size === 0) return undefined;
  const parts: Float32Array[] = [];
  const labels: number[] = [];
  for (let row = 0; row < ratings.rows; row++) {
    progress.update('re-ranker features, user', row + 1, ratings.rows);
    const { columns, X } = signals.candidates(row);
    parts.push(X);
    for (const c of columns) labels.push(liked.has(key(row, c)) ? 1 : 0);
  }
  progress.end();
  const y = Uint8Array.from(labels);
  if (!y.includes(1)) return undefined;
  const X = new Float32Array(labels.length * RERANK_FEATURES.length);
  let at = 0;
  for (const part of parts) {
    X.set(part, at);
    at += part.length;
  }
  return fitBoostedTrees({ X, features: RERANK_FEATURES.length, y }, { ...options.trees, seed }, progress);
}

interface ItemFacts {
  count: Float64Array;
  dampedMean: Float64Array;
  likedShare: Float64Array;
  firstRated: Float64Array;
  lastRated: Float64Array;
  /** Release year, -1 when unknown. */
  year: Float64Array;
  titleRank: Float64Array;
  genres: number[][];
  genreCount: number;
}

function itemFacts(seq: UserSequences, train: RatingsTable, ratings: RatingMatrix, movies: readonly Movie[]) {
  const cols = ratings.cols;
  const count = new Float64Array(cols);
  const sum = new Float64Array(cols);
  const liked = new Float64Array(cols);
  const firstRated = new Float64Array(cols).fill(Number.POSITIVE_INFINITY);
  const lastRated = new Float64Array(cols).fill(Number.NEGATIVE_INFINITY);
  for (let p = 0; p < seq.columns.length; p++) {
    const c = seq.columns[p];
    count[c]++;
    sum[c] += seq.ratings[p];
    if (seq.ratings[p] >= 4) liked[c]++;
    firstRated[c] = Math.min(firstRated[c], seq.times[p]);
    lastRated[c] = Math.max(lastRated[c], seq.times[p]);
  }
  const mean = meanRating(train);
  const byId = new Map(movies.map((m) => [m.movieId, m]));
  const genreIds = new Map<string, number>();
  const year = new Float64Array(cols).fill(-1);
  const titles: string[] = [];
  const genres = Array.from({ length: cols }, (_, c) => {
    const movie = byId.get(ratings.movieIds[c]);
    year[c] = movie?.year ?? -1;
    titles.push((movie?.title ?? '').toLowerCase());
    return (movie?.genres ?? []).map((g) => {
      if (!genreIds.has(g)) genreIds.set(g, genreIds.size);
      return genreIds.get(g) as number;
    });
  });
  const titleRank = new Float64Array(cols);
  Int32Array.from({ length: cols }, (_, c) => c)
    .sort((u, v) => (titles[u] < titles[v] ? -1 : titles[u] > titles[v] ? 1 : u - v))
    .forEach((c, i) => {
      titleRank[c] = i;
    });
  return {
    count,
    dampedMean: Float64Array.from(sum, (s, c) => dampedMean(s, count[c], mean, 10)),
    likedShare: Float64Array.from(liked, (l, c) => l / Math.max(count[c], 1)),
    firstRated,
    lastRated,
    year,
    titleRank,
    genres,
    genreCount: genreIds.size,
  } satisfies ItemFacts;
}

function smallestGap(x: number, among: readonly number[]): number {
  let gap = Number.POSITIVE_INFINITY;
  for (const v of among) gap = Math.min(gap, Math.abs(x - v));
  return Number.isFinite(gap) ? Math.log1p(gap) : -1;
}

function signedLog(x: number): number {
  return Math.sign(x) * Math.log1p(Math.abs(x));
}
