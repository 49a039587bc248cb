import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { catalogCoverage, distributionalCoverage, itemNovelty, novelty } from '../lib/src/beyond-accuracy';
import { UsageError } from '../lib/src/errors';
import { type Scored, type ScoredTable, topKByUser } from '../lib/src/metric-inputs';
import { expVar, mae, matchPredictions, ratingMetrics, rmse, rsquared } from '../lib/src/metrics';
import { hitRateAtK, mapAtK, ndcgAtK, precisionAtK, rankingMetrics, recallAtK } from '../lib/src/ranking-metrics';
import { recordsToTable as ratingsTable } from '../lib/src/ratings-columns';
import type { Rating } from '../lib/src/types';
import {
  msDiversityRecommendations,
  msDiversityTrain,
  msNoHit,
  msPredictions,
  msTruth,
} from './fixtures/metrics/ms-recommenders';
import { runs } from './helpers/fast-check';

/** MS Recommenders' tolerance (TOL = 0.0001). */
const close = (actual: number, expected: number, tol = 1e-4) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${actual} is not within ${tol} of ${expected}`);

const rating = (userId: number, movieId: number, stars: number): Rating => ({
  userId,
  movieId,
  rating: stars,
  timestamp: 0,
});
const scored = (userId: number, movieId: number, score: number): Scored => ({ userId, movieId, score });
/** The truth itself as predictions: each movie scored by its true rating. */
const asPredictions = (truth: readonly Rating[]) => truth.map((r) => scored(r.userId, r.movieId, r.rating));
const scoredTable = (rows: readonly Scored[]): ScoredTable => ({
  length: rows.length,
  userId: Int32Array.from(rows, (p) => p.userId),
  movieId: Int32Array.from(rows, (p) => p.movieId),
  score: Float64Array.from(rows, (p) => p.score),
});

describe('rating metrics', () => {
  test('pairs are matched in truth order, on the pairs present in both (MS test_merge_rating)', () => {
    const m = matchPredictions(msTruth, msPredictions);
    assert.deepEqual([...m.truth], [3, 3, 5, 5, 3, 3, 2, 1]);
    assert.deepEqual([...m.predicted], [14, 12, 7, 8, 13, 6, 11, 5]);
  });

  test('they reproduce MS Recommenders on its fixture, from records or typed columns', () => {
    for (const [truth, predictions] of [
      [msTruth, msPredictions],
      [ratingsTable(msTruth), scoredTable(msPredictions)],
    ] as const) {
      close(rmse(truth, predictions), 7.254309);
      close(mae(truth, predictions), 6.375);
      close(rsquared(truth, predictions), -31.699029);
      close(expVar(truth, predictions), -6.4466);
    }
    assert.deepEqual(ratingMetrics(msTruth, msPredictions), {
      rmse: rmse(msTruth, msPredictions),
      mae: 6.375,
      rsquared: rsquared(msTruth, msPredictions),
      expVar: expVar(msTruth, msPredictions),
      pairs: 8,
    });
  });

  test('perfect predictions score rmse 0, mae 0, R² 1 and explained variance 1', () => {
    assert.deepEqual(ratingMetrics(msTruth, asPredictions(msTruth)), {
      rmse: 0,
      mae: 0,
      rsquared: 1,
      expVar: 1,
      pairs: 18,
    });
  });

  test('a constant bias of one star costs R² but not explained variance', () => {
    const truth = [rating(1, 1, 1), rating(1, 2, 2), rating(1, 3, 3)];
    const m = ratingMetrics(
      truth,
      truth.map((r) => scored(r.userId, r.movieId, r.rating + 1)),
    );
    assert.equal(m.rmse, 1);
    assert.equal(m.mae, 1);
    assert.equal(m.rsquared, 1 - 3 / 2);
    assert.equal(m.expVar, 1);
  });

  test('constant true ratings give R² 1 for perfect predictions and 0 otherwise, as scikit-learn', () => {
    const truth = [rating(1, 1, 4), rating(2, 1, 4)];
    assert.equal(rsquared(truth, asPredictions(truth)), 1);
    assert.equal(rsquared(truth, [scored(1, 1, 4), scored(2, 1, 3)]), 0);
  });

  test('no matching pair, or a pair predicted twice, is a usage error', () => {
    assert.throws(() => rmse(msTruth, msNoHit), UsageError);
    assert.throws(() => rmse(msTruth, [scored(1, 3, 1), scored(1, 3, 2)]), UsageError);
  });
});

describe('ranking metrics', () => {
  test('they reproduce MS Recommenders at k = 10 with every truth item relevant', () => {
    close(precisionAtK(msTruth, msPredictions), 0.26666);
    close(recallAtK(msTruth, msPredictions), 0.37777);
    close(ndcgAtK(msTruth, msPredictions), 0.38172);
    close(mapAtK(msTruth, msPredictions), 0.23613);
    // Not in MS: each of the three users has at least one hit (movies 3, 5 and 10).
    assert.equal(hitRateAtK(msTruth, msPredictions), 1);
  });

  test('all of them come out of one pass, from records or typed columns alike', () => {
    const fromRecords = rankingMetrics(msTruth, msPredictions);
    assert.deepEqual(rankingMetrics(ratingsTable(msTruth), scoredTable(msPredictions)), fromRecords);
    assert.equal(fromRecords.users, 3);
    assert.equal(fromRecords.precision, precisionAtK(msTruth, msPredictions));
  });

  test('MS map_at_k (capped at k) equals map (not capped) on the fixture, and differs beyond k', () => {
    close(mapAtK(msTruth, msPredictions, { mapNormalization: 'min-k-relevant' }), 0.23613);
    // One user, 3 relevant movies, the top 2 both hits: (1/1 + 2/2) / 3 against (1/1 + 2/2) / 2.
    const truth = [rating(1, 1, 5), rating(1, 2, 5), rating(1, 3, 5)];
    const predictions = [scored(1, 1, 3), scored(1, 2, 2), scored(1, 3, 1)];
    close(mapAtK(truth, predictions, { k: 2 }), 2 / 3, 1e-12);
    assert.equal(mapAtK(truth, predictions, { k: 2, mapNormalization: 'min-k-relevant' }), 1);
  });

  test('ranking the truth by its own ratings is perfect, except precision when lists are shorter than k', () => {
    const m = rankingMetrics(msTruth, asPredictions(msTruth));
    assert.equal(m.precision, (3 / 10 + 5 / 10 + 10 / 10) / 3); // MS: 0.6
    assert.equal(m.recall, 1);
    close(m.ndcg, 1, 1e-12);
    assert.equal(m.map, 1);
    assert.equal(m.hitRate, 1);
  });

  test('precision divides by k, not by the list length (MS normalization tests)', () => {
    const one = [rating(1, 1, 5), rating(1, 2, 4), rating(1, 3, 3)];
    assert.equal(precisionAtK(one, asPredictions(one), { k: 3 }), 1);
    const two = [...one, rating(2, 1, 5), rating(2, 2, 5), rating(2, 3, 3)];
    assert.equal(precisionAtK(two, asPredictions(two), { k: 3 }), 1);
    assert.equal(precisionAtK(two, asPredictions(two), { k: 5 }), 0.6);
  });

  test('lists without a hit score 0 on every metric', () => {
    assert.deepEqual(rankingMetrics(msTruth, msNoHit), {
      precision: 0,
      recall: 0,
      ndcg: 0,
      map: 0,
      hitRate: 0,
      users: 3,
    });
  });

  test('graded nDCG reproduces the Wikipedia example that MS tests (0.785)', () => {
    const truth = [3, 2, 3, 0, 1, 2, 3, 2].map((stars, movie) => rating(1, movie, stars));
    const predictions = [6, 5, 4, 3, 2, 1].map((score, movie) => scored(1, movie, score));
    close(ndcgAtK(truth, predictions, { k: 6, gain: 'rating' }), 0.785, 1e-3);
    const exact =
      (3 + 2 / Math.log2(3) + 3 / 2 + 0 + 1 / Math.log2(6) + 2 / Math.log2(7)) /
      (3 + 3 / Math.log2(3) + 3 / 2 + 2 / Math.log2(5) + 2 / Math.log2(6) + 2 / Math.log2(7));
    close(ndcgAtK(truth, predictions, { k: 6, gain: 'rating' }), exact, 1e-12);
  });

  test('a rating threshold decides relevance; unrated and low-rated movies are misses', () => {
    const truth = [rating(1, 1, 5), rating(1, 2, 2), rating(1, 3, 4)];
    const predictions = [scored(1, 2, 3), scored(1, 1, 2), scored(1, 4, 1)];
    const m = rankingMetrics(truth, predictions, { k: 3, relevance: { minRating: 4 } });
    assert.equal(m.precision, 1 / 3);
    assert.equal(m.recall, 1 / 2);
    assert.equal(m.map, 1 / 2 / 2);
    close(m.ndcg, 1 / Math.log2(3) / (1 + 1 / Math.log2(3)), 1e-12);
  });

  test('ties in score are ranked by movie id ascending, whatever the input order', () => {
    const predictions = [scored(1, 3, 1), scored(1, 2, 1), scored(1, 1, 1), scored(1, 9, 0)];
    assert.deepEqual(topKByUser(predictions, 2).get(1), [1, 2]);
    assert.deepEqual(topKByUser([...predictions].reverse(), 2).get(1), [1, 2]);
    const truth = [rating(1, 2, 5)];
    assert.equal(mapAtK(truth, predictions, { k: 1 }), 0);
    assert.equal(mapAtK(truth, predictions, { k: 2 }), 1 / 2);
  });

  test('a truth user without predictions counts as 0 by default, and is left out with users: common', () => {
    const truth = [...msTruth, rating(4, 1, 5)];
    const golden = rankingMetrics(msTruth, msPredictions);
    const all = rankingMetrics(truth, msPredictions);
    assert.equal(all.users, 4);
    close(all.precision, (golden.precision * 3) / 4, 1e-12);
    close(all.ndcg, (golden.ndcg * 3) / 4, 1e-12);
    assert.deepEqual(rankingMetrics(truth, msPredictions, { users: 'common' }), golden);
  });

  test('predictions for users outside the truth are ignored', () => {
    const extra = [...msPredictions, scored(99, 1, 10)];
    assert.deepEqual(rankingMetrics(msTruth, extra), rankingMetrics(msTruth, msPredictions));
  });

  test('bad inputs are usage errors', () => {
    assert.throws(() => precisionAtK(msTruth, msPredictions, { k: 0 }), UsageError);
    assert.throws(() => precisionAtK(msTruth, msPredictions, { k: 2.5 }), UsageError);
    assert.throws(() => precisionAtK(msTruth, [scored(1, 1, Number.NaN)]), UsageError);
    assert.throws(() => precisionAtK(msTruth, [scored(1, 1, 2), scored(1, 1, 3)]), UsageError);
    assert.throws(() => precisionAtK([...msTruth, msTruth[0]], msPredictions), UsageError);
    assert.throws(() => precisionAtK(msTruth, msPredictions, { relevance: { minRating: 6 } }), UsageError);
  });

  test('every ranking metric stays in [0, 1], and recall and hit rate never fall as k grows', () => {
    const pairs = fc.uniqueArray(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 12 })), {
      minLength: 1,
      maxLength: 30,
      selector: ([u, m]) => `${u}:${m}`,
    });
    fc.assert(
      fc.property(pairs, pairs, fc.integer({ min: 1, max: 8 }), (truthPairs, predictedPairs, k) => {
        const truth = truthPairs.map(([u, m]) => rating(u, m, 1 + ((u * m) % 5)));
        const predictions = predictedPairs.map(([u, m]) => scored(u, m, (u * 7 + m * 13) % 11));
        const a = rankingMetrics(truth, predictions, { k });
        const b = rankingMetrics(truth, predictions, { k: k + 1 });
        for (const v of [a.precision, a.recall, a.ndcg, a.map, a.hitRate]) assert.ok(v >= 0 && v <= 1 + 1e-12);
        assert.ok(b.recall >= a.recall && b.hitRate >= a.hitRate);
        assert.ok(a.precision <= a.hitRate);
      }),
      runs(200),
    );
  });
});

describe('coverage and novelty', () => {
  test('they reproduce MS Recommenders on its diversity fixture', () => {
    close(catalogCoverage(msDiversityTrain, msDiversityRecommendations), 0.8);
    close(distributionalCoverage(msDiversityTrain, msDiversityRecommendations), 1.9183);
    close(novelty(msDiversityTrain, msDiversityRecommendations), 2.83333);
    const bits = itemNovelty(ratingsTable(msDiversityTrain));
    for (const [movie, expected] of [
      [1, 3],
      [2, 3],
      [3, 2],
      [4, 1.41504],
      [5, 3],
    ])
      close(bits.get(movie) ?? -1, expected);
  });

  test('a catalog of one movie has novelty 0, and one movie for everyone has entropy 0', () => {
    const train = msDiversityTrain.filter((r) => r.movieId === 3);
    const recommendations = msDiversityRecommendations.filter((p) => p.movieId === 3);
    assert.equal(novelty(train, recommendations), 0);
    assert.equal(distributionalCoverage(train, recommendations), 0);
  });

  test('lists are cut to the top k first: at k = 1 each user keeps only their best movie', () => {
    // Tops: user 1 → 3, user 2 → 2, user 3 → 1; three distinct movies out of five, each once.
    const options = { k: 1 };
    assert.equal(catalogCoverage(msDiversityTrain, msDiversityRecommendations, options), 3 / 5);
    close(distributionalCoverage(msDiversityTrain, msDiversityRecommendations, options), Math.log2(3), 1e-12);
    close(novelty(msDiversityTrain, msDiversityRecommendations, options), (2 + 3 + 3) / 3, 1e-12);
  });

  test('an empty train set or no recommendation is a usage error', () => {
    assert.throws(() => catalogCoverage([], msDiversityRecommendations), UsageError);
    assert.throws(() => novelty(msDiversityTrain, []), UsageError);
  });
});
