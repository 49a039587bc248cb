import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../lib/src/errors';
import { recordsToTable } from '../lib/src/loading';
import { genrePopularityModel } from '../lib/src/models/genre-popularity';
import { popularityModel } from '../lib/src/models/popularity';
import type { Movie, Rating } from '../lib/src/types';

const r = (userId: number, movieId: number, rating: number): Rating => ({ userId, movieId, rating, timestamp: 0 });
// Counts: movie 7 → 3 ratings, movies 3 and 5 → 2 each (a tie), movie 9 → 1.
// Means: 7 → 2.0, 3 → 4.5, 5 → 4.5 (a tie), 9 → 5.0. Global mean: 29 / 8 = 3.625.
const ratings = recordsToTable([
  r(1, 7, 1),
  r(2, 7, 2),
  r(3, 7, 3),
  r(1, 5, 4),
  r(2, 5, 5),
  r(2, 3, 5),
  r(3, 3, 4),
  r(4, 9, 5),
]);
const movies: Movie[] = [3, 5, 7, 9].map((movieId) => ({ movieId, title: `m${movieId}`, genres: ['Drama'] }));
const ids = (list: { movieId: number }[]) => list.map((x) => x.movieId);
const fit = (by: 'count' | 'average' | 'damped', extra = {}) =>
  popularityModel({ by, ...extra }).fit(ratings, { movies });

test('by count, the most rated movie comes first and a tie in count goes to the smaller movieId', () => {
  const list = fit('count').recommend(99);
  assert.deepEqual(ids(list), [7, 3, 5, 9]);
  assert.deepEqual(
    list.map((x) => x.score),
    [3, 2, 2, 1],
  );
});

test('by average, movies under the minimum count are never recommended and ties go to the smaller movieId', () => {
  assert.deepEqual(ids(fit('average', { minCount: 2 }).recommend(99)), [3, 5, 7]);
  assert.deepEqual(ids(fit('average', { minCount: 1 }).recommend(99)), [9, 3, 5, 7]);
});

test('the damped average pulls a movie with one 5-star rating below movies with several good ones', () => {
  // m = 1: movie 9 → (5 + 3.625) / 2 = 4.3125; movies 3 and 5 → (9 + 3.625) / 3 = 4.2083; movie 7 → 2.40625.
  const fitted = fit('damped', { damping: 1 });
  const list = fitted.recommend(99);
  assert.deepEqual(ids(list), [9, 3, 5, 7]);
  assert.ok(Math.abs(list[0].score - 4.3125) < 1e-12);
  // m = 10: movie 9 → (5 + 36.25) / 11 = 3.750; movies 3 and 5 → (9 + 36.25) / 12 = 3.771.
  assert.deepEqual(ids(fit('damped', { damping: 10 }).recommend(99)), [3, 5, 9, 7]);
  assert.ok(Math.abs(fitted.predict(1, 3) - 12.625 / 3) < 1e-12);
  assert.equal(fitted.predict(1, 12345), 3.625);
});

test('a user is never shown what they rated, and the count model predicts no rating', () => {
  const fitted = fit('count');
  assert.deepEqual(ids(fitted.recommend(2)), [9]);
  assert.ok(Number.isNaN(fitted.predict(1, 7)));
});

test('bad options are usage errors', () => {
  assert.throws(() => popularityModel({ minCount: 0 }), UsageError);
  assert.throws(() => popularityModel({ damping: -1 }), UsageError);
  assert.throws(() => fit('count').recommend(1, { top: 0 }), UsageError);
});

// Genre popularity: user 1 likes (≥ 4 stars) two Comedies and one Drama, so with one favourite genre only
// Comedies are recommended; user 2 rated nothing at 4 or more, so all their ratings count (Horror).
const catalogue: Movie[] = [
  { movieId: 1, title: 'c1', genres: ['Comedy'] },
  { movieId: 2, title: 'c2', genres: ['Comedy', 'Drama'] },
  { movieId: 3, title: 'd1', genres: ['Drama'] },
  { movieId: 4, title: 'c3', genres: ['Comedy'] },
  { movieId: 5, title: 'd2', genres: ['Drama'] },
  { movieId: 6, title: 'h1', genres: ['Horror'] },
  { movieId: 7, title: 'h2', genres: ['Horror'] },
];
const genreRatings = recordsToTable([
  r(1, 1, 5),
  r(1, 2, 4),
  r(1, 3, 2),
  r(2, 6, 3),
  r(3, 4, 5),
  r(3, 5, 4),
  r(3, 7, 1),
  r(4, 4, 3),
  r(4, 5, 5),
]);

test('genre popularity ranks, by damped mean, only movies of the favourite genres', () => {
  const fitted = genrePopularityModel({ genres: 1, damping: 0 }).fit(genreRatings, { movies: catalogue });
  // User 1's liked genres: Comedy 2, Drama 1 → Comedy; unseen Comedies: movie 4 (mean 4).
  assert.deepEqual(ids(fitted.recommend(1)), [4]);
  // User 2: no rating ≥ 4, so their one Horror rating makes Horror the favourite; unseen Horror: movie 7.
  assert.deepEqual(ids(fitted.recommend(2)), [7]);
  // Two favourite genres for user 1: Comedy and Drama → movies 5 (4.5), 4 (4.0).
  const two = genrePopularityModel({ genres: 2, damping: 0 }).fit(genreRatings, { movies: catalogue });
  assert.deepEqual(ids(two.recommend(1)), [5, 4]);
});

test('genre popularity falls back to plain damped popularity for a user without history', () => {
  const fitted = genrePopularityModel({ damping: 0 }).fit(genreRatings, { movies: catalogue });
  // Means: 1 → 5, 5 → 4.5, 2 → 4, 4 → 4, 6 → 3, 3 → 2, 7 → 1.
  assert.deepEqual(ids(fitted.recommend(99)), [1, 5, 2, 4, 6, 3, 7]);
});
