import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import fc from 'fast-check';
import { cleanDataset, dropNoGenres, filterRatings, mergeWithMovies } from '../lib/src/cleaning';
import { loadMovieLensDir, recordsToTable } from '../lib/src/loading';
import type { Movie, MovieLens, Rating } from '../lib/src/types';

const movies: Movie[] = [
  { movieId: 1, title: 'One', genres: ['Drama'] },
  { movieId: 2, title: 'Two', genres: [] },
  { movieId: 3, title: 'Three', genres: ['Comedy'] },
  { movieId: 4, title: 'Four', genres: [] }, // without genres and never rated
];
const r = (userId: number, movieId: number, rating: number, timestamp: number): Rating => ({
  userId,
  movieId,
  rating,
  timestamp,
});
// Movie 9 is not in the catalogue; movie 2 has no genres.
const records = [r(1, 1, 4, 10), r(1, 9, 3, 20), r(2, 2, 5, 30), r(2, 1, 2, 40), r(3, 3, 1, 50), r(3, 2, 3, 60)];
const ds: MovieLens = { name: 'ml-latest-small', ratings: recordsToTable(records), movies };

test('filtering keeps the chosen rows in their order', () => {
  const kept = filterRatings(ds.ratings, (i) => i % 2 === 1);
  assert.deepEqual([...kept.movieId], [9, 1, 2]);
  assert.deepEqual([...kept.timestamp], [20, 40, 60]);
  assert.equal(kept.length, 3);
});

test('the merge loses the ratings of movies missing from the catalogue and says how many', () => {
  const { ratings, report } = mergeWithMovies(ds.ratings, movies);
  assert.equal(ratings.length, 5);
  assert.ok(!ratings.movieId.includes(9));
  assert.deepEqual(report, {
    step: 'merge-movies',
    table: 'ratings',
    rowsIn: 6,
    rowsOut: 5,
    note: '1 rating of movies missing from the catalogue lost in the merge',
  });
});

test('movies without genres go with their ratings, and the report counts both and the rated ones', () => {
  const out = dropNoGenres(ds.ratings, movies);
  assert.deepEqual(
    out.movies.map((m) => m.movieId),
    [1, 3],
  );
  assert.deepEqual([...out.ratings.movieId], [1, 9, 1, 3]);
  assert.deepEqual(out.report, [
    {
      step: 'drop-no-genres',
      table: 'movies',
      rowsIn: 4,
      rowsOut: 2,
      note: '2 movies without genres dropped, 1 of them rated',
    },
    {
      step: 'drop-no-genres',
      table: 'ratings',
      rowsIn: 6,
      rowsOut: 4,
      note: '2 ratings of movies without genres dropped',
    },
  ]);
});

test('cleaning chains the steps, each starting from what the last one left', () => {
  const { data, report, bots } = cleanDataset(ds);
  assert.deepEqual(
    report.map((s) => [s.step, s.table, s.rowsIn, s.rowsOut]),
    [
      ['merge-movies', 'ratings', 6, 5],
      ['drop-no-genres', 'movies', 4, 2],
      ['drop-no-genres', 'ratings', 5, 3],
      ['bots', 'ratings', 3, 3],
    ],
  );
  assert.deepEqual([...data.ratings.movieId], [1, 1, 3]);
  assert.deepEqual(
    data.movies.map((m) => m.movieId),
    [1, 3],
  );
  assert.equal(data.name, 'ml-latest-small');
  assert.equal(bots.mode, 'flag');
});

// Ten ratings saved in the same second by user 7 (a sign-up batch), and a slow user 8.
const batch: MovieLens = {
  name: 'ml-latest-small',
  ratings: recordsToTable([
    ...Array.from({ length: 10 }, (_, i) => r(7, i % 2 === 0 ? 1 : 3, 5, 1000)),
    ...Array.from({ length: 10 }, (_, i) => r(8, i % 2 === 0 ? 1 : 3, 2, 1000 + i * 3600)),
  ]),
  movies,
};

test('by default bot-like users are flagged and kept, with what dropping them would change', () => {
  const { data, report, bots } = cleanDataset(batch);
  assert.equal(data.ratings.length, 20);
  assert.deepEqual(
    bots.users.map((u) => u.userId),
    [7],
  );
  assert.equal(bots.flaggedRatings, 10);
  assert.deepEqual(bots.ifDropped, { ratingsRemoved: 10, usersRemoved: 1, meanBefore: 3.5, meanAfter: 2 });
  assert.equal(report[3].note, '1 user flagged as bot-like (10 ratings), kept');
});

test("bots: 'drop' removes the flagged users' ratings and reports it", () => {
  const { data, report, bots } = cleanDataset(batch, { bots: 'drop' });
  assert.deepEqual(new Set(data.ratings.userId), new Set([8]));
  assert.equal(data.ratings.length, 10);
  assert.deepEqual(report[3], {
    step: 'bots',
    table: 'ratings',
    rowsIn: 20,
    rowsOut: 10,
    note: '1 user flagged as bot-like and dropped with their 10 ratings',
  });
  assert.equal(bots.mode, 'drop');
});

test('bot thresholds pass through cleaning', () => {
  const { bots } = cleanDataset(batch, { botRules: { minRatings: 11 } });
  assert.equal(bots.users.length, 0);
  assert.equal(bots.rules.minRatings, 11);
});

test('on any data, the cleaned ratings all have a movie with genres, and each step only removes rows', () => {
  const rating = fc.record({
    userId: fc.integer({ min: 1, max: 4 }),
    movieId: fc.integer({ min: 1, max: 6 }),
    rating: fc.integer({ min: 1, max: 10 }).map((h) => h / 2),
    timestamp: fc.integer({ min: 0, max: 5000 }),
  });
  fc.assert(
    fc.property(fc.array(rating, { maxLength: 60 }), fc.constantFrom('flag', 'drop' as const), (rs, mode) => {
      const { data, report } = cleanDataset({ name: 'ml-100k', ratings: recordsToTable(rs), movies }, { bots: mode });
      for (const id of data.ratings.movieId) assert.ok(id === 1 || id === 3);
      const ratingSteps = report.filter((s) => s.table === 'ratings');
      for (const s of report) assert.ok(s.rowsOut <= s.rowsIn);
      for (let k = 1; k < ratingSteps.length; k++) assert.equal(ratingSteps[k].rowsIn, ratingSteps[k - 1].rowsOut);
      assert.equal(ratingSteps[ratingSteps.length - 1].rowsOut, data.ratings.length);
    }),
  );
});

const REAL = '/work/shared/data/movielens/ml-latest-small';

describe('cleaning ml-latest-small from the shared mirror', {
  skip: !existsSync(REAL) && `no mirror at ${REAL}`,
}, () => {
  let ds: MovieLens;
  before(async () => {
    ds = await loadMovieLensDir(REAL, 'ml-latest-small');
  });

  test('the merge loses no rating, and 34 movies without genres go, all of them rated, with 47 ratings', () => {
    const { report } = cleanDataset(ds);
    assert.deepEqual(
      report.map((s) => [s.step, s.table, s.rowsIn, s.rowsOut]),
      [
        ['merge-movies', 'ratings', 100836, 100836],
        ['drop-no-genres', 'movies', 9742, 9708],
        ['drop-no-genres', 'ratings', 100836, 100789],
        ['bots', 'ratings', 100789, 100789],
      ],
    );
    assert.equal(report[1].note, '34 movies without genres dropped, 34 of them rated');
  });

  test('the cleaned data has 100,789 ratings by 610 users on 9,690 movies', () => {
    const { data } = cleanDataset(ds);
    assert.equal(data.ratings.length, 100789);
    assert.equal(new Set(data.ratings.userId).size, 610);
    assert.equal(new Set(data.ratings.movieId).size, 9690);
  });

  test('the default bot rules flag seven users and dropping them barely moves the mean', () => {
    const { bots } = cleanDataset(ds);
    assert.deepEqual(
      bots.users.map((u) => u.userId),
      [89, 99, 147, 163, 191, 429, 534],
    );
    assert.equal(bots.flaggedRatings, 1276);
    assert.equal(bots.ifDropped.meanBefore.toFixed(4), '3.5016');
    assert.equal(bots.ifDropped.meanAfter.toFixed(4), '3.4996');
    // Every gap between a user's consecutive ratings is counted once: ratings minus users.
    assert.equal(
      bots.gaps.reduce((n, b) => n + b.count, 0),
      100789 - 610,
    );
    assert.equal(bots.gaps[0].count, 15790); // 0 s: the sign-up batches that make the default 'flag'
    const dropped = cleanDataset(ds, { bots: 'drop' });
    assert.equal(dropped.data.ratings.length, 100789 - 1276);
  });
});
