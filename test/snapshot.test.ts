import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import fc from 'fast-check';
import { DATASETS } from '../lib/src/datasets';
import { UsageError } from '../lib/src/errors';
import { loadMovieLensDir, NO_GENRES, recordsToTable } from '../lib/src/loading';
import { BLOG_DATASET, BLOG_DATASET_NOTE, datasetStats, firstRows, spread } from '../lib/src/snapshot';
import type { Movie, MovieLens, Rating } from '../lib/src/types';

// Three users, four movies (movie 4 unrated and without genres); small enough to count by hand.
const movies: Movie[] = [
  { movieId: 1, title: 'One (1990)', year: 1990, genres: ['Drama'] },
  { movieId: 2, title: 'Two (1991)', year: 1991, genres: ['Comedy', 'Drama'] },
  { movieId: 3, title: 'Three (1992)', year: 1992, genres: ['Comedy'] },
  { movieId: 4, title: 'Four', genres: [] },
];
const records: Rating[] = [
  { userId: 1, movieId: 1, rating: 4, timestamp: 100 },
  { userId: 1, movieId: 2, rating: 3.5, timestamp: 200 },
  { userId: 2, movieId: 1, rating: 5, timestamp: 50 },
  { userId: 2, movieId: 3, rating: 1, timestamp: 300 },
  { userId: 2, movieId: 2, rating: 3.5, timestamp: 400 },
  { userId: 3, movieId: 1, rating: 2, timestamp: 1000 },
];
const tiny: MovieLens = { name: 'ml-latest-small', ratings: recordsToTable(records), movies };

test('the stats of a hand-made dataset match a count by hand', () => {
  const s = datasetStats(tiny);
  assert.equal(s.ratings, 6);
  assert.equal(s.users, 3);
  assert.equal(s.movies, 4);
  assert.equal(s.ratedMovies, 3);
  assert.equal(s.meanRating, 19 / 6);
  assert.deepEqual(s.histogram, [
    { rating: 1, count: 1 },
    { rating: 2, count: 1 },
    { rating: 3.5, count: 2 },
    { rating: 4, count: 1 },
    { rating: 5, count: 1 },
  ]);
  assert.equal(s.firstTimestamp, 50);
  assert.equal(s.lastTimestamp, 1000);
  assert.equal(s.firstDate, '1970-01-01T00:00:50.000Z');
  assert.equal(s.lastDate, '1970-01-01T00:16:40.000Z');
  assert.equal(s.repeatedPairs, 0);
  assert.equal(s.sparsity, 1 - 6 / 9);
  assert.deepEqual(s.ratingsPerUser, { min: 1, median: 2, max: 3 });
  assert.deepEqual(s.ratingsPerMovie, { min: 1, median: 2, max: 3 });
});

test('a (user, movie) pair rated twice fills one cell, not two', () => {
  const twice = [...records, { userId: 3, movieId: 1, rating: 4, timestamp: 2000 }];
  const s = datasetStats({ name: 'ml-latest-small', ratings: recordsToTable(twice), movies });
  assert.equal(s.ratings, 7);
  assert.equal(s.repeatedPairs, 1);
  assert.equal(s.sparsity, 1 - 6 / 9);
});

test('the median of an even number of counts is the mean of the middle two', () => {
  assert.deepEqual(spread([10, 1, 3, 2]), { min: 1, median: 2.5, max: 10 });
  assert.deepEqual(spread([7]), { min: 7, median: 7, max: 7 });
});

test('a dataset without ratings is refused rather than described with NaN', () => {
  const empty: MovieLens = { name: 'ml-100k', ratings: recordsToTable([]), movies };
  assert.throws(() => datasetStats(empty), UsageError);
});

test('the first rows come in file order, with genres written as movies.csv writes them', () => {
  const rows = firstRows(tiny, 2);
  assert.deepEqual(rows.ratings, records.slice(0, 2));
  assert.deepEqual(rows.movies, [
    { movieId: 1, title: 'One (1990)', genres: 'Drama' },
    { movieId: 2, title: 'Two (1991)', genres: 'Comedy|Drama' },
  ]);
  assert.deepEqual(firstRows(tiny, 10).movies[3], { movieId: 4, title: 'Four', genres: NO_GENRES });
  assert.equal(firstRows(tiny).ratings.length, 5);
  assert.throws(() => firstRows(tiny, -1), UsageError);
});

test('the note on the blog dataset quotes the row counts of the dataset specs', () => {
  assert.equal(BLOG_DATASET, 'ml-latest-small');
  const ratings = (name: 'ml-latest-small' | 'ml-100k') => DATASETS[name].files[0].rows.toLocaleString('en-US');
  assert.ok(BLOG_DATASET_NOTE.includes(`${ratings('ml-latest-small')} ratings`), BLOG_DATASET_NOTE);
  assert.ok(BLOG_DATASET_NOTE.includes(`${ratings('ml-100k')} ratings`), BLOG_DATASET_NOTE);
});

const ratingArb = fc.record({
  userId: fc.integer({ min: 1, max: 8 }),
  movieId: fc.integer({ min: 1, max: 12 }),
  rating: fc.integer({ min: 1, max: 10 }).map((h) => h / 2),
  timestamp: fc.integer({ min: 0, max: 2 ** 31 }),
});

test('on any ratings, counts add up and every spread and share stays in range', () => {
  fc.assert(
    fc.property(fc.array(ratingArb, { minLength: 1, maxLength: 60 }), (rs) => {
      const s = datasetStats({ name: 'ml-latest-small', ratings: recordsToTable(rs), movies });
      assert.equal(
        s.histogram.reduce((n, h) => n + h.count, 0),
        rs.length,
      );
      const cells = new Set(rs.map((r) => `${r.userId} ${r.movieId}`));
      assert.equal(s.repeatedPairs, rs.length - cells.size);
      assert.equal(s.sparsity, 1 - cells.size / (s.users * s.ratedMovies));
      assert.ok(s.sparsity >= 0 && s.sparsity < 1);
      for (const sp of [s.ratingsPerUser, s.ratingsPerMovie]) assert.ok(sp.min <= sp.median && sp.median <= sp.max);
      assert.ok(s.meanRating >= 0.5 && s.meanRating <= 5);
      assert.ok(s.firstTimestamp <= s.lastTimestamp);
    }),
  );
});

const REAL = '/work/shared/data/movielens/ml-latest-small';

describe('ml-latest-small from the shared mirror', { skip: !existsSync(REAL) && `no mirror at ${REAL}` }, () => {
  let ds: MovieLens;
  before(async () => {
    ds = await loadMovieLensDir(REAL, 'ml-latest-small');
  });

  test('its headline numbers are the blog’s "MovieLens 100K"', () => {
    const s = datasetStats(ds);
    assert.deepEqual([s.ratings, s.users, s.movies, s.ratedMovies], [100836, 610, 9742, 9724]);
    assert.equal(s.repeatedPairs, 0);
    assert.equal(s.meanRating.toFixed(6), '3.501557');
    assert.equal(s.histogram.length, 10);
    assert.deepEqual(s.histogram[0], { rating: 0.5, count: 1370 });
    assert.deepEqual(s.histogram[7], { rating: 4, count: 26818 });
    assert.equal(s.firstDate, '1996-03-29T18:36:55.000Z');
    assert.equal(s.lastDate, '2018-09-24T14:27:30.000Z');
    assert.equal(s.sparsity.toFixed(4), '0.9830');
    assert.deepEqual(s.ratingsPerUser, { min: 20, median: 70.5, max: 2698 });
    assert.deepEqual(s.ratingsPerMovie, { min: 1, median: 3, max: 329 });
  });

  test('its first rows are those of ratings.csv and movies.csv', () => {
    const rows = firstRows(ds, 2);
    assert.deepEqual(rows.ratings, [
      { userId: 1, movieId: 1, rating: 4, timestamp: 964982703 },
      { userId: 1, movieId: 3, rating: 4, timestamp: 964981247 },
    ]);
    assert.deepEqual(rows.movies[0], {
      movieId: 1,
      title: 'Toy Story (1995)',
      genres: 'Adventure|Animation|Children|Comedy|Fantasy',
    });
  });
});
