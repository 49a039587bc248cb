import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import fc from 'fast-check';
import {
  compareRows,
  dampedMean,
  knownGenres,
  minCountSensitivity,
  popularity,
  topByGenre,
} from '../lib/src/baselines';
import { cleanDataset } from '../lib/src/cleaning';
import { UsageError } from '../lib/src/errors';
import { loadMovieLensDir, recordsToTable } from '../lib/src/loading';
import type { Movie, MovieLens, Rating } from '../lib/src/types';

const movies: Movie[] = [
  { movieId: 1, title: 'Alpha', genres: ['Drama'] },
  { movieId: 2, title: 'Beta', genres: ['Comedy', 'Drama'] },
  { movieId: 3, title: 'Gamma', genres: ['Comedy'] },
  { movieId: 4, title: 'Delta', genres: ['Drama'] },
  { movieId: 5, title: 'Epsilon', genres: ['Western'] },
];
let user = 0;
const ratingsOf = (movieId: number, stars: number[]): Rating[] =>
  stars.map((rating) => ({ userId: ++user, movieId, rating, timestamp: 0 }));
// Alpha, Beta and Gamma all average 4.5: Beta has more ratings; Alpha and Gamma tie on count, so title decides.
// Global mean: 38.5 / 10 = 3.85.
const ratings = recordsToTable([
  ...ratingsOf(3, [4.5, 4.5]),
  ...ratingsOf(1, [5, 4]),
  ...ratingsOf(2, [5, 4, 4.5]),
  ...ratingsOf(4, [3]),
  ...ratingsOf(5, [2, 2]),
]);
const titles = (rows: { title: string }[]) => rows.map((row) => row.title);

test('ties on the average go to the movie with more ratings, then to the title in alphabetical order', () => {
  assert.deepEqual(titles(popularity(ratings, movies, { minCount: 1 })), [
    'Beta',
    'Alpha',
    'Gamma',
    'Delta',
    'Epsilon',
  ]);
});

test('the minimum count is inclusive and top cuts the list', () => {
  const rows = popularity(ratings, movies, { minCount: 2 });
  assert.deepEqual(titles(rows), ['Beta', 'Alpha', 'Gamma', 'Epsilon']);
  assert.deepEqual(rows[0], { movieId: 2, title: 'Beta', avgRating: 4.5, count: 3 });
  assert.deepEqual(titles(popularity(ratings, movies, { minCount: 3 })), ['Beta']);
  assert.deepEqual(titles(popularity(ratings, movies, { minCount: 1, top: 2 })), ['Beta', 'Alpha']);
  assert.deepEqual(popularity(ratings, movies), []); // default minCount 50
});

test('duplicate titles are ordered by movie id', () => {
  const twins: Movie[] = [
    { movieId: 8, title: 'Emma (1996)', genres: ['Drama'] },
    { movieId: 7, title: 'Emma (1996)', genres: ['Drama'] },
  ];
  const rs = recordsToTable([...ratingsOf(8, [4]), ...ratingsOf(7, [4])]);
  assert.deepEqual(
    popularity(rs, twins, { minCount: 1 }).map((row) => row.movieId),
    [7, 8],
  );
});

test('the damped mean pulls few ratings towards the global mean and sits beside the plain one', () => {
  assert.equal(dampedMean(9, 2, 3.85, 0), 4.5);
  const rows = popularity(ratings, movies, { minCount: 2, damping: 2 });
  const beta = rows.find((row) => row.title === 'Beta');
  assert.equal(beta?.avgRating, 4.5);
  assert.ok(Math.abs((beta?.dampedRating ?? 0) - (13.5 + 2 * 3.85) / 5) < 1e-12);
  assert.ok(Math.abs((rows[1].dampedRating ?? 0) - (9 + 2 * 3.85) / 4) < 1e-12);
});

test("sortBy: 'damped' ranks by the damped mean, which defaults m to minCount", () => {
  const rows = popularity(ratings, movies, { minCount: 2, sortBy: 'damped' });
  assert.deepEqual(titles(rows), ['Beta', 'Alpha', 'Gamma', 'Epsilon']);
  assert.ok(Math.abs((rows[3].dampedRating ?? 0) - (4 + 2 * 3.85) / 4) < 1e-12);
  // With a large m, Beta's three ratings still beat Alpha's two at the same average.
  const heavy = popularity(ratings, movies, { minCount: 1, sortBy: 'damped', damping: 100 });
  assert.deepEqual(titles(heavy).slice(0, 2), ['Beta', 'Alpha']);
});

test('a movie counts in each of its genres, and genres come in alphabetical order by default', () => {
  const tops = topByGenre(ratings, movies, { minCount: 1, top: 2 });
  assert.deepEqual(
    tops.map((g) => [g.genre, titles(g.movies)]),
    [
      ['Comedy', ['Beta', 'Gamma']],
      ['Drama', ['Beta', 'Alpha']],
      ['Western', ['Epsilon']],
    ],
  );
  assert.deepEqual(knownGenres(movies), ['Comedy', 'Drama', 'Western']);
});

test('asked genres come in the order asked, and the defaults are min 20 and top 3', () => {
  const tops = topByGenre(ratings, movies, { genres: ['Western', 'Comedy'] });
  assert.deepEqual(
    tops.map((g) => [g.genre, g.movies.length]),
    [
      ['Western', 0],
      ['Comedy', 0],
    ],
  );
  assert.equal(topByGenre(ratings, movies, { minCount: 1 })[1].movies.length, 3);
});

test('an unknown genre is a UsageError that lists the known genres', () => {
  assert.throws(
    () => topByGenre(ratings, movies, { genres: ['Drama', 'Horror'] }),
    (e: unknown) => e instanceof UsageError && /'Horror'/.test(e.message) && /Comedy, Drama, Western/.test(e.message),
  );
});

test('a minimum count below 1 or not whole, or a bad top, is a UsageError', () => {
  for (const minCount of [0, -3, 1.5, Number.NaN]) {
    assert.throws(() => popularity(ratings, movies, { minCount }), UsageError);
    assert.throws(() => topByGenre(ratings, movies, { minCount }), UsageError);
  }
  assert.throws(() => popularity(ratings, movies, { top: 0 }), UsageError);
  assert.throws(() => popularity(ratings, movies, { damping: -1 }), UsageError);
  assert.throws(() => minCountSensitivity(ratings, movies, { minCounts: [0] }), UsageError);
});

test('the sensitivity table shows fewer movies qualifying and the overlap with the reference list', () => {
  const rows = minCountSensitivity(ratings, movies, { minCounts: [1, 2, 3], top: 2, reference: 2 });
  assert.deepEqual(
    rows.map((row) => [row.minCount, row.qualifying, titles(row.top), row.overlap]),
    [
      [1, 5, ['Beta', 'Alpha'], 2],
      [2, 4, ['Beta', 'Alpha'], 2],
      [3, 1, ['Beta'], 1],
    ],
  );
});

test('on any ratings, every list is in the documented order and holds exactly the movies with enough ratings', () => {
  const rating = fc.record({
    userId: fc.integer({ min: 1, max: 9 }),
    movieId: fc.integer({ min: 1, max: 5 }),
    rating: fc.integer({ min: 1, max: 10 }).map((h) => h / 2),
    timestamp: fc.constant(0),
  });
  fc.assert(
    fc.property(fc.array(rating, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 6 }), (rs, minCount) => {
      const rows = popularity(recordsToTable(rs), movies, { minCount, damping: 3 });
      for (let k = 1; k < rows.length; k++) assert.ok(compareRows(rows[k - 1], rows[k]) < 0);
      const counts = new Map<number, number>();
      for (const x of rs) counts.set(x.movieId, (counts.get(x.movieId) ?? 0) + 1);
      assert.equal(rows.length, [...counts.values()].filter((c) => c >= minCount).length);
      const mean = rs.reduce((s, x) => s + x.rating, 0) / rs.length;
      for (const row of rows) {
        const d = row.dampedRating ?? Number.NaN;
        assert.ok(d >= Math.min(row.avgRating, mean) - 1e-9 && d <= Math.max(row.avgRating, mean) + 1e-9);
      }
    }),
  );
});

const REAL = '/work/shared/data/movielens/ml-latest-small';

describe('baselines on cleaned ml-latest-small', { skip: !existsSync(REAL) && `no mirror at ${REAL}` }, () => {
  let data: MovieLens;
  before(async () => {
    data = cleanDataset(await loadMovieLensDir(REAL, 'ml-latest-small')).data;
  });

  test('450 movies have at least 50 ratings, led by Shawshank, The Godfather and Fight Club', () => {
    const rows = popularity(data.ratings, data.movies);
    assert.equal(rows.length, 450);
    assert.deepEqual(
      rows.slice(0, 3).map((row) => [row.movieId, row.title, row.avgRating.toFixed(4), row.count]),
      [
        [318, 'Shawshank Redemption, The (1994)', '4.4290', 317],
        [858, 'Godfather, The (1972)', '4.2891', 192],
        [2959, 'Fight Club (1999)', '4.2729', 218],
      ],
    );
  });

  test('every genre of the catalogue gets its top three, and Crime is led by the overall top three', () => {
    const tops = topByGenre(data.ratings, data.movies);
    assert.equal(tops.length, 19);
    assert.ok(tops.every((g) => g.movies.length === 3 && g.movies.every((m) => m.count >= 20)));
    const crime = tops.find((g) => g.genre === 'Crime');
    assert.deepEqual(
      crime?.movies.map((m) => m.movieId),
      [318, 858, 2959],
    );
  });

  test('a higher minimum count leaves fewer movies and the top list settles', () => {
    const rows = minCountSensitivity(data.ratings, data.movies);
    assert.deepEqual(
      rows.map((row) => [row.minCount, row.qualifying]),
      [
        [1, 9690],
        [5, 3649],
        [10, 2269],
        [20, 1297],
        [50, 450],
        [100, 138],
        [200, 19],
      ],
    );
    assert.equal(rows[0].overlap, 0); // at 1 rating the top ten are one-off 5.0s
    assert.equal(rows[4].overlap, 10);
  });
});
