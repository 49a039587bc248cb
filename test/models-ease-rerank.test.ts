import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../lib/src/errors';
import { recordsToTable } from '../lib/src/loading';
import { easeNextModel } from '../lib/src/models/ease-next';
import { easeRerankModel, RERANK_FEATURES, rerankSignals } from '../lib/src/models/ease-rerank';
import { createRng } from '../lib/src/random';
import { chronologicalSplit } from '../lib/src/split';
import type { Movie, Rating } from '../lib/src/types';

const MOVIES = 120;
const movies: Movie[] = Array.from({ length: MOVIES }, (_, i) => ({
  movieId: i + 1,
  title: `Movie ${String(i + 1).padStart(3, '0')}`,
  year: 1980 + (i % 30),
  genres: [['Action', 'Comedy', 'Drama'][i % 3]],
}));

/** Every user walks the catalogue in order from a random start, one movie a minute, at `stars`. */
function catalogueWalkers(stars: number, seed = 3): Rating[] {
  const rng = createRng(seed);
  const out: Rating[] = [];
  for (let userId = 1; userId <= 60; userId++) {
    const start = Math.floor(rng() * 80);
    const length = 20 + Math.floor(rng() * 20);
    for (let k = 0; k < length && start + k < MOVIES; k++) {
      out.push({ userId, movieId: start + k + 1, rating: stars, timestamp: 1_000_000 * userId + 60 * k });
    }
  }
  return out;
}

const small = {
  pool: 30,
  extra: 10,
  easeNext: { minCount: 3, lambda: 10 },
  trees: { trees: 50, minLeaf: 10, bag: 1 },
};

test('candidates carry one value per feature, never a movie the user rated, and ease-next’s best first', () => {
  const train = recordsToTable(catalogueWalkers(5));
  const signals = rerankSignals(train, movies, small);
  const { ratings } = signals;
  const row = ratings.rowOf(1);
  const { columns, X, easeNext } = signals.candidates(row);
  assert.equal(X.length, columns.length * RERANK_FEATURES.length);
  assert.ok(X.every(Number.isFinite));
  const seen = new Set(ratings.indices.subarray(ratings.indptr[row], ratings.indptr[row + 1]));
  assert.ok(columns.length >= small.pool && columns.every((c) => !seen.has(c)));
  const scores = new Float64Array(ratings.cols);
  signals.easeNext(row, scores);
  assert.deepEqual(easeNext, scores);
  const best = [...scores.keys()].filter((c) => !seen.has(c)).sort((a, b) => scores[b] - scores[a])[0];
  assert.ok(columns.includes(best));
});

test('the trees learn from the latest training ratings what comes next', () => {
  const { train, test: held } = chronologicalSplit(recordsToTable(catalogueWalkers(5)), { testFraction: 0.2 });
  const fitted = easeRerankModel(small).fit(train, { movies });
  let right = 0;
  const users = [...new Set(held.userId)];
  for (const user of users) {
    let last = 0;
    for (let i = 0; i < train.length; i++) if (train.userId[i] === user) last = Math.max(last, train.movieId[i]);
    const [top] = fitted.recommend(user, { top: 1 });
    if (top.movieId === last + 1) right++;
    assert.ok(top.score > 0 && top.score < 1, 'a candidate, scored by the trees with a probability, ranks first');
  }
  assert.ok(right / users.length >= 0.8, `${right} of ${users.length} users get the next movie first`);
});

test('with no liked rating to learn from, the model ranks exactly as ease-next', () => {
  const train = recordsToTable(catalogueWalkers(3.5)); // watched by EASE (≥ 3.5), never liked (≥ 4)
  const rerank = easeRerankModel(small).fit(train, { movies });
  const plain = easeNextModel(small.easeNext).fit(train, { movies });
  for (const user of [1, 7, 30]) assert.deepEqual(rerank.recommend(user), plain.recommend(user));
});

test('bad options are usage errors', () => {
  assert.throws(() => easeRerankModel({ innerFraction: 1 }), UsageError);
  assert.throws(() => easeRerankModel({ pool: 5 }), /pool/);
  assert.throws(() => easeRerankModel({ extra: -1 }), /extra/);
  assert.throws(() => easeRerankModel({ minRating: 0 }), /minRating/);
});
