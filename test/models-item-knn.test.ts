import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordsToTable } from '../lib/src/loading';
import { implicitMatrix } from '../lib/src/models/implicit';
import { cosineNeighbours, itemKnnModel } from '../lib/src/models/item-knn';
import type { Rating } from '../lib/src/types';

// Who watched what (every rating 5 stars, so every rating counts as watched):
//   user 1: A B      user 2: A B C      user 3: B C      user 4: C D
// with A, B, C, D = movies 1, 2, 3, 4 (columns 0..3). Watchers: A 2, B 3, C 3, D 1. By hand:
//   sim(A, B) = 2/√6 = 0.816   sim(A, C) = 1/√6 = 0.408   sim(B, C) = 2/3 = 0.667   sim(C, D) = 1/√3 = 0.577
//   sim(A, D) = sim(B, D) = 0
const watched: [number, number[]][] = [
  [1, [1, 2]],
  [2, [1, 2, 3]],
  [3, [2, 3]],
  [4, [3, 4]],
];
const ratings = recordsToTable(
  watched.flatMap(([userId, movies]): Rating[] =>
    movies.map((movieId) => ({ userId, movieId, rating: 5, timestamp: 0 })),
  ),
);
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `expected ${b}, got ${a}`);

test('each movie keeps its most similar movies by cosine, as computed by hand', () => {
  const { watched: x, columnCounts } = implicitMatrix(ratings, 0);
  const n = cosineNeighbours(x, columnCounts, 2);
  const row = (c: number) => [...n.columns.subarray(2 * c, 2 * c + 2)];
  assert.deepEqual(row(0), [1, 2]); // A: B, then C
  assert.deepEqual(row(1), [0, 2]); // B: A (0.816), then C (0.667)
  assert.deepEqual(row(2), [1, 3]); // C: B (0.667), then D (0.577), before A (0.408)
  assert.deepEqual(row(3), [2, -1]); // D: only C shares a watcher
  close(n.similarities[0], 2 / Math.sqrt(6));
  close(n.similarities[5], 1 / Math.sqrt(3));
});

test("a user's score for a movie sums its similarity to the movies they watched", () => {
  const fitted = itemKnnModel({ neighbours: 2, minRating: 0 }).fit(ratings, { movies: [] });
  // User 4 watched C and D. B is a neighbour of C (0.667); A is a neighbour of neither, so it scores 0.
  const list = fitted.recommend(4);
  assert.deepEqual(
    list.map((r) => r.movieId),
    [2, 1],
  );
  close(list[0].score, 2 / 3);
  assert.equal(list[1].score, 0);
  // User 1 watched A and B: C is a neighbour of both (0.408 + 0.667); D of neither.
  const first = fitted.recommend(1)[0];
  assert.equal(first.movieId, 3);
  close(first.score, 1 / Math.sqrt(6) + 2 / 3);
});

test('ratings under minRating are not watched, yet are never recommended back', () => {
  const mixed = recordsToTable([
    { userId: 1, movieId: 1, rating: 5, timestamp: 0 },
    { userId: 1, movieId: 2, rating: 1, timestamp: 0 },
    { userId: 2, movieId: 1, rating: 5, timestamp: 0 },
    { userId: 2, movieId: 3, rating: 5, timestamp: 0 },
  ]);
  const fitted = itemKnnModel({ neighbours: 2, minRating: 4 }).fit(mixed, { movies: [] });
  // Movie 2 has no watcher at 4 stars or more, so user 1 gets movie 3 (a neighbour of movie 1) and nothing links 2.
  assert.deepEqual(
    fitted.recommend(1).map((r) => r.movieId),
    [3],
  );
});

test('a user with nothing watched gets the most watched movies', () => {
  const fitted = itemKnnModel({ minRating: 0 }).fit(ratings, { movies: [] });
  assert.deepEqual(
    fitted.recommend(99).map((r) => r.movieId),
    [2, 3, 1, 4],
  );
});
