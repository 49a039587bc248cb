import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { UsageError } from '../lib/src/errors';
import { candidateIndex } from '../lib/src/evaluation/candidates';
import { evaluateSplit, type TrainTest } from '../lib/src/evaluation/evaluate-split';
import { PROTOCOL_NAMES, protocolByName } from '../lib/src/evaluation/protocols';
import { formatResultTable, resultRecords, resultTable } from '../lib/src/evaluation/result-table';
import { evaluateModels, type ProtocolResult, runProtocol, withoutPerUser } from '../lib/src/evaluation/run-protocol';
import type { Model } from '../lib/src/models/model';
import {
  createModel,
  defaultModels,
  MAX_FACTORS,
  MODEL_NAMES,
  MODEL_REGISTRY,
  resolveModel,
} from '../lib/src/models/registry';
import type { Progress } from '../lib/src/progress';
import { recordsToTable as ratingsTable } from '../lib/src/ratings-columns';
import { chronologicalSplit } from '../lib/src/split';
import type { MovieId, Rating, UserId } from '../lib/src/types';

const r = (userId: number, movieId: number, rating: number, timestamp = 0): Rating => ({
  userId,
  movieId,
  rating,
  timestamp,
});

/**
 * Train movies are 10, 20, 30; movie 40 appears only in test. Relevant (≥ 4 stars) test ratings: user 1 has
 * two (30, 40), user 3 one (10), user 2 none.
 * Candidates: user 1 {30}, user 2 {20}, user 3 {10, 30}.
 */
const tiny: TrainTest = {
  train: ratingsTable([r(1, 10, 5), r(1, 20, 3), r(2, 10, 4), r(2, 30, 2), r(3, 20, 4)]),
  test: ratingsTable([r(1, 30, 5), r(1, 40, 4), r(2, 20, 3), r(3, 10, 4.5), r(3, 30, 1)]),
};

/**
 * A model that predicts 3 stars everywhere and ranks whatever candidates it is given by movieId, highest
 * first, without excluding anything itself: what it recommends shows exactly what the protocol passed in.
 */
function probeModel(seen: Map<UserId, MovieId[]> = new Map(), predictsRatings = true): Model {
  return {
    name: 'probe',
    description: 'constant 3 stars; higher movieId first',
    predictsRatings,
    fit: () => ({
      predict: () => (predictsRatings ? 3 : Number.NaN),
      recommend(userId, options = {}) {
        const candidates = Array.from(options.candidates ?? []);
        seen.set(
          userId,
          [...candidates].sort((a, b) => a - b),
        );
        return candidates
          .sort((a, b) => b - a)
          .slice(0, options.top ?? 10)
          .map((movieId) => ({ movieId, score: movieId }));
      },
    }),
  };
}

describe('candidateIndex', () => {
  test('a user may be recommended the train movies they did not rate in train, and nothing else', () => {
    const index = candidateIndex(tiny.train);
    assert.deepEqual([...index.movieIds], [10, 20, 30]);
    assert.deepEqual([...index.candidatesOf(1)], [30]);
    assert.deepEqual([...index.candidatesOf(3)], [10, 30]);
    assert.equal(index.isCandidate(1, 10), false);
    assert.equal(index.isCandidate(1, 40), false);
    assert.equal(index.isCandidate(3, 30), true);
  });

  test('a user absent from train may be recommended every train movie', () => {
    assert.deepEqual([...candidateIndex(tiny.train).candidatesOf(99)], [10, 20, 30]);
  });
});

describe('evaluateSplit', () => {
  test('each test user is offered exactly the train movies they have not rated', () => {
    const seen = new Map<UserId, MovieId[]>();
    evaluateSplit(probeModel(seen), tiny, [], { k: 2 });
    assert.deepEqual(
      seen,
      new Map([
        [1, [30]],
        [2, [20]],
        [3, [10, 30]],
      ]),
    );
  });

  test('RMSE and MAE cover only the test ratings whose movie is in train', () => {
    // Errors of a constant 3 on (1,30,5), (2,20,3), (3,10,4.5), (3,30,1): 2, 0, 1.5, 2; movie 40 is left out.
    const m = evaluateSplit(probeModel(), tiny, [], { k: 2 });
    assert.equal(m.ratedPairs, 4);
    assert.ok(Math.abs((m.rmse ?? Number.NaN) - Math.sqrt(10.25 / 4)) < 1e-12);
    assert.ok(Math.abs((m.mae ?? Number.NaN) - 5.5 / 4) < 1e-12);
  });

  test('ranking metrics average the users with a relevant test rating, and only them', () => {
    // k = 2. User 1: list [30], relevant {30, 40}: P 1/2, R 1/2, AP 1/2, nDCG 1 / (1 + 1/log2 3).
    // User 3: list [30, 10], relevant {10}: P 1/2, R 1, AP 1/2, nDCG 1/log2 3. User 2 has nothing relevant.
    const m = evaluateSplit(probeModel(), tiny, [], { k: 2 });
    assert.equal(m.rankedUsers, 2);
    assert.equal(m.precision, 0.5);
    assert.equal(m.recall, 0.75);
    assert.equal(m.map, 0.5);
    assert.equal(m.hitRate, 1);
    const ndcg = (1 / (1 + 1 / Math.log2(3)) + 1 / Math.log2(3)) / 2;
    assert.ok(Math.abs((m.ndcg ?? Number.NaN) - ndcg) < 1e-12);
    // Per user, by userId (1 then 3), for confidence intervals; JSON output leaves them out.
    assert.deepEqual(m.ndcgByUser, [1 / (1 + 1 / Math.log2(3)), 1 / Math.log2(3)]);
    const result = evaluateModels([probeModel()], { movies: [], splits: [{ label: 'tiny', ...tiny }] });
    const folds = withoutPerUser({ results: result } as ProtocolResult).results[0].folds;
    assert.ok(result[0].folds[0].ndcgByUser !== undefined && !('ndcgByUser' in folds[0]));
  });

  test('coverage is the share of train movies recommended to someone', () => {
    // k = 1: user 1 gets 30, user 2 gets 20, user 3 gets 30: two of the three train movies.
    assert.equal(evaluateSplit(probeModel(), tiny, [], { k: 1 }).coverage, 2 / 3);
  });

  test('a relevance bar nobody reaches leaves the ranking metrics null', () => {
    const m = evaluateSplit(probeModel(), tiny, [], { k: 2, minRating: 5.5 });
    assert.equal(m.rankedUsers, 0);
    assert.equal(m.precision, null);
    assert.equal(m.ndcg, null);
  });

  test('a model that only ranks gets no RMSE or MAE', () => {
    const m = evaluateSplit(probeModel(new Map(), false), tiny, [], { k: 2 });
    assert.equal(m.rmse, null);
    assert.equal(m.mae, null);
    assert.equal(m.ratedPairs, 0);
    assert.equal(m.precision, 0.5);
  });

  test('a model that recommends a movie outside the candidates is reported as broken', () => {
    const cheater: Model = {
      ...probeModel(),
      fit: () => ({ predict: () => 3, recommend: () => [{ movieId: 10, score: 1 }] }),
    };
    assert.throws(() => evaluateSplit(cheater, tiny, []), /recommended movie 10 to user 1: not one of its candidates/);
  });

  test('on any chronological split, a random ranker scores within [0, 1] and never sees a rated movie', () => {
    const ratings = fc.array(
      fc.record({
        userId: fc.integer({ min: 1, max: 6 }),
        movieId: fc.integer({ min: 1, max: 15 }),
        rating: fc.integer({ min: 1, max: 10 }).map((h) => h / 2),
        timestamp: fc.integer({ min: 0, max: 50 }),
      }),
      { minLength: 1, maxLength: 60 },
    );
    fc.assert(
      fc.property(ratings, fc.integer({ min: 1, max: 5 }), (records, k) => {
        const unique = [...new Map(records.map((x) => [`${x.userId},${x.movieId}`, x])).values()];
        const split = chronologicalSplit(ratingsTable(unique), { testFraction: 0.2 });
        const m = evaluateSplit(probeModel(), split, [], { k });
        for (const v of [m.precision, m.recall, m.ndcg, m.map, m.hitRate, m.coverage]) {
          assert.ok(v === null || (v >= 0 && v <= 1), `metric ${v} out of [0, 1]`);
        }
        assert.ok(m.hitRate === null || m.precision === null || m.hitRate >= m.precision);
      }),
    );
  });
});

describe('evaluateModels', () => {
  const data = {
    movies: [],
    splits: [
      { label: 'a', ...tiny },
      { label: 'b', train: tiny.train, test: ratingsTable([r(1, 30, 5), r(3, 10, 2)]) },
    ],
  };

  test('a model result is the mean of its folds, with each fold kept under its label', () => {
    const [result] = evaluateModels([probeModel()], data);
    assert.deepEqual(
      result.folds.map((f) => f.label),
      ['a', 'b'],
    );
    // Fold b: only user 1 has a relevant rating, list [30] of k = 10: precision 1/10.
    assert.equal(result.folds[1].precision, 0.1);
    assert.equal(result.precisionAt10, ((result.folds[0].precision ?? 0) + 0.1) / 2);
    assert.equal(result.rmse, ((result.folds[0].rmse ?? 0) + (result.folds[1].rmse ?? 0)) / 2);
  });

  test('progress names the model and the fold, then ends', () => {
    const calls: string[] = [];
    const progress: Progress = {
      update: (label, done, total) => calls.push(`${label} ${done}/${total}`),
      end: () => calls.push('end'),
    };
    evaluateModels([probeModel(), probeModel()], data, progress);
    assert.ok(calls.includes('model 2 of 2 (probe), fold 2/2'));
    assert.ok(calls.includes('model 1 of 2 (probe), fold 1 of 2: recommending, user 3/3'));
    assert.equal(calls.at(-1), 'end');
  });
});

describe('protocols and the model registry', () => {
  test('an unknown protocol is a UsageError naming the known ones', async () => {
    await assert.rejects(runProtocol('ml-1m-folds'), (e) => e instanceof UsageError && /mls-temporal/.test(e.message));
    assert.deepEqual(
      PROTOCOL_NAMES.map((n) => protocolByName(n).name),
      PROTOCOL_NAMES,
    );
  });

  test('an unknown model is a UsageError raised before any data is read', async () => {
    await assert.rejects(
      runProtocol('mls-temporal', { models: ['nope'], dataDir: '/nonexistent' }),
      (e) => e instanceof UsageError && /unknown model 'nope'/.test(e.message),
    );
  });

  test('k must be a whole number from 1 to MAX_FACTORS', () => {
    for (const k of [0, -1, 2.5, MAX_FACTORS + 1]) {
      assert.throws(() => createModel('mf-sgd', { k }), UsageError);
    }
    assert.equal(createModel('mf-sgd', { k: MAX_FACTORS }).name, 'mf-sgd');
  });

  test('every model evaluated by default can be asked for by the name its results carry', () => {
    const models = defaultModels();
    assert.equal(new Set(models.map((m) => m.name)).size, models.length);
    for (const model of models) assert.equal(createModel(model.name).name, model.name);
  });

  test('the SVD is evaluated in both fills, unless a fill is given', () => {
    const svds = (options = {}) =>
      defaultModels(options)
        .map((m) => m.name)
        .filter((n) => n.startsWith('svd'));
    assert.deepEqual(svds(), ['svd-zero', 'svd-user-mean']);
    assert.deepEqual(svds({ k: undefined, fill: undefined }), ['svd-zero', 'svd-user-mean']);
    assert.deepEqual(svds({ fill: 'user-mean' }), ['svd-user-mean']);
    assert.equal(createModel('svd', { fill: 'user-mean' }).name, 'svd-user-mean');
  });

  test('a fill that contradicts the model name is a UsageError', () => {
    assert.throws(() => createModel('svd-zero', { fill: 'user-mean' }), /use --model svd --fill user-mean/);
    assert.equal(createModel('svd-zero', { fill: 'zero' }).name, 'svd-zero');
  });

  test('every registered name resolves to its own entry', () => {
    assert.deepEqual(
      MODEL_NAMES.map((n) => resolveModel(n).entry.name),
      MODEL_REGISTRY.map((m) => m.name),
    );
  });
});

describe('result tables', () => {
  const result: ProtocolResult = {
    protocol: 'mls-temporal',
    description: 'tiny',
    k: 10,
    minRating: 4,
    seed: 1,
    splits: ['a'],
    seconds: 0,
    results: evaluateModels([probeModel(), probeModel(new Map(), false)], {
      movies: [],
      splits: [{ label: 'a', ...tiny }],
    }),
  };

  test('a metric that does not apply is shown as a dash', () => {
    const { header, rows } = resultTable(result);
    assert.equal(rows[1][header.indexOf('RMSE')], '-');
    assert.equal(rows[0][header.indexOf('RMSE')], Math.sqrt(10.25 / 4).toFixed(4));
  });

  test('the text table is aligned: every line has the same length', () => {
    const lines = formatResultTable(result).split('\n');
    assert.equal(lines.length, 3);
    assert.equal(new Set(lines.map((l) => l.length)).size, 1);
  });

  test('records are flat: no per-fold arrays', () => {
    for (const row of resultRecords(result)) {
      assert.ok(Object.values(row).every((v) => v === null || typeof v !== 'object'));
    }
  });
});
