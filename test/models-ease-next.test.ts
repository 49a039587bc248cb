import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../lib/src/errors';
import { recordsToTable } from '../lib/src/loading';
import { buildRatingMatrix } from '../lib/src/matrix';
import { easeModel } from '../lib/src/models/ease';
import { easeNextModel } from '../lib/src/models/ease-next';
import { transitionWeights, userSequences } from '../lib/src/models/transitions';
import { generateRatings } from '../lib/src/synthetic';
import type { Rating } from '../lib/src/types';

/** [userId, movieId, timestamp] triples, every rating 5 stars. */
const rated = (triples: [number, number, number][]): Rating[] =>
  triples.map(([userId, movieId, timestamp]) => ({ userId, movieId, rating: 5, timestamp }));

/** Transition row of `movieId` as {movieId: weight}. */
function rowOf(triples: [number, number, number][], movieId: number, options: Parameters<typeof transitionWeights>[2]) {
  const table = recordsToTable(rated(triples));
  const matrix = buildRatingMatrix(table);
  const t = transitionWeights(userSequences(table, matrix), matrix.cols, options);
  const c = matrix.colOf(movieId);
  const out: Record<number, number> = {};
  for (let p = t.indptr[c]; p < t.indptr[c + 1]; p++) out[matrix.movieIds[t.indices[p]]] = t.values[p];
  return out;
}

test('sequences follow time, then movieId for ratings made in the same second', () => {
  const table = recordsToTable(
    rated([
      [1, 30, 5],
      [1, 20, 1],
      [1, 10, 5],
      [2, 10, 0],
    ]),
  );
  const matrix = buildRatingMatrix(table);
  const seq = userSequences(table, matrix);
  assert.deepEqual([...seq.start], [0, 3, 4]);
  assert.deepEqual(
    [...seq.columns].map((c) => matrix.movieIds[c]),
    [20, 10, 30, 10],
  );
});

test('transitions count what comes next at full weight and what came just before at the backward share', () => {
  // One user rated 1, 2, 3 in that order. With a window of 1 position: 1 → 2, 2 → 3 forward (weight 1),
  // and 2 ← 1, 3 ← 2 backward (weight 0.5).
  const once: [number, number, number][] = [
    [1, 1, 1],
    [1, 2, 2],
    [1, 3, 3],
  ];
  const options = { window: 1, decay: 1, backward: 0.5, power: 0 };
  assert.deepEqual(rowOf(once, 1, options), { 2: 1 });
  assert.deepEqual(rowOf(once, 2, options), { 1: 0.5, 3: 1 });
  assert.deepEqual(rowOf(once, 3, options), { 2: 0.5 });
  // A window of 2 reaches 1 → 3 at decay^(2 - 1) = 0.5.
  assert.deepEqual(rowOf(once, 1, { window: 2, decay: 0.5, backward: 0, power: 0 }), { 2: 1, 3: 0.5 });
});

test('transition rows add up over users and are divided by count^power', () => {
  // Movie 1 is followed by 2 for users 1 and 2, and by 3 for user 3: counts 2 and 1 over 3 ratings of 1.
  const triples: [number, number, number][] = [
    [1, 1, 1],
    [1, 2, 2],
    [2, 1, 1],
    [2, 2, 2],
    [3, 1, 1],
    [3, 3, 2],
  ];
  assert.deepEqual(rowOf(triples, 1, { window: 1, backward: 0, power: 0 }), { 2: 2, 3: 1 });
  assert.deepEqual(rowOf(triples, 1, { window: 1, backward: 0, power: 1 }), { 2: 2 / 3, 3: 1 / 3 });
});

test('the movie others rated after the user’s latest rating ranks first; reversing the order reverses the list', () => {
  // Users 1-2 rated 10 then 20; users 3-4 rated 30 then 40. User 5 rated 10 and 30: plain EASE scores 20 and
  // 40 alike, ease-next puts first the successor of whichever movie user 5 rated last.
  const others: [number, number, number][] = [
    [1, 10, 1],
    [1, 20, 2],
    [2, 10, 1],
    [2, 20, 2],
    [3, 30, 1],
    [3, 40, 2],
    [4, 30, 1],
    [4, 40, 2],
  ];
  const options = { minCount: 1, lambda: 1, minRating: 0 };
  const lastIs30 = recordsToTable(rated([...others, [5, 10, 1], [5, 30, 2]]));
  const lastIs10 = recordsToTable(rated([...others, [5, 30, 1], [5, 10, 2]]));
  const list = (table: typeof lastIs30) =>
    easeNextModel(options)
      .fit(table, { movies: [] })
      .recommend(5)
      .map((r) => r.movieId);
  const plain = easeModel(options).fit(lastIs30, { movies: [] }).recommend(5);
  assert.ok(Math.abs(plain[0].score - plain[1].score) < 1e-12);
  assert.deepEqual(list(lastIs30), [40, 20]);
  assert.deepEqual(list(lastIs10), [20, 40]);
});

test('a user absent from training gets the most rated movies', () => {
  const table = recordsToTable(
    rated([
      [1, 1, 1],
      [1, 2, 2],
      [2, 2, 1],
      [2, 3, 2],
      [3, 2, 1],
    ]),
  );
  const fitted = easeNextModel({ minCount: 1, lambda: 1 }).fit(table, { movies: [] });
  assert.deepEqual(
    fitted.recommend(99, { top: 2 }).map((r) => r.movieId),
    [2, 1],
  );
});

test('on a seeded table it never recommends a seen movie and gives the same lists when fitted twice', () => {
  const train = generateRatings({ ratings: 600, users: 20, movies: 60, seed: 3 });
  const model = easeNextModel({ minCount: 3, lambda: 10 });
  const a = model.fit(train, { movies: [] });
  const b = model.fit(train, { movies: [] });
  for (const user of new Set(train.userId)) {
    const seen = new Set<number>();
    for (let i = 0; i < train.length; i++) if (train.userId[i] === user) seen.add(train.movieId[i]);
    const list = a.recommend(user, { top: 10 });
    assert.equal(list.length, Math.min(10, 60 - seen.size));
    for (const { movieId } of list) assert.ok(!seen.has(movieId), `user ${user} was recommended seen ${movieId}`);
    assert.deepEqual(b.recommend(user, { top: 10 }), list);
  }
});

test('options out of range are usage errors', () => {
  assert.throws(() => easeNextModel({ lambda: 0 }), UsageError);
  assert.throws(() => easeNextModel({ recency: 0 }), UsageError);
  assert.throws(() => easeNextModel({ floor: 1.5 }), UsageError);
  assert.throws(() => easeNextModel({ transitionWeight: -1 }), UsageError);
  const table = recordsToTable(rated([[1, 1, 1]]));
  assert.throws(() => easeNextModel({ window: 0, minCount: 1 }).fit(table, { movies: [] }), UsageError);
});
