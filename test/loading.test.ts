import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import type { SkipNotice } from '../lib/src/csv';
import { DataError } from '../lib/src/errors';
import {
  findRepeatedPair,
  loadDataset,
  loadMl100kFold,
  loadMovieLensDir,
  ML100K_GENRES,
  parseItems100k,
  parseMoviesCsv,
  parseUsers100k,
  type RatingsFormat,
  ratingsToRecords,
  readRatingsFile,
  recordsToTable,
  yearFromTitle,
} from '../lib/src/loading';
import type { Rating } from '../lib/src/types';
import { runs } from './helpers/fast-check';

const FIXTURES = path.join(__dirname, 'fixtures', 'loading');
const fixture = (...parts: string[]) => path.join(FIXTURES, ...parts);
const temps: string[] = [];
after(() => Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'recs-loading-'));
  temps.push(dir);
  return dir;
}

/** Copies a fixture folder, rewriting each file with `edit` (bytes in, bytes out). */
async function copyEdited(from: string, edit: (bytes: Buffer, name: string) => Buffer): Promise<string> {
  const dir = await tempDir();
  for (const name of await readdir(from))
    await writeFile(path.join(dir, name), edit(await readFile(path.join(from, name)), name));
  return dir;
}

const crlf = (bytes: Buffer) => Buffer.from(bytes.toString('latin1').replaceAll('\n', '\r\n'), 'latin1');
const withBom = (bytes: Buffer) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);

test('the ml-latest-small fixture loads into the one shape', async () => {
  const data = await loadMovieLensDir(fixture('latest-small'), 'ml-latest-small');
  assert.equal(data.name, 'ml-latest-small');
  assert.deepEqual(ratingsToRecords(data.ratings, 0, 2), [
    { userId: 1, movieId: 1, rating: 4, timestamp: 964982703 },
    { userId: 1, movieId: 3, rating: 4.5, timestamp: 964981247 },
  ]);
  assert.deepEqual([...data.ratings.rating], [4, 4.5, 0.5, 5, 3.5, 2, 3]);
  assert.deepEqual(data.movies, [
    {
      movieId: 1,
      title: 'Toy Story (1995)',
      year: 1995,
      genres: ['Adventure', 'Animation', 'Children', 'Comedy', 'Fantasy'],
    },
    { movieId: 2, title: 'American President, The (1995)', year: 1995, genres: ['Comedy', 'Drama', 'Romance'] },
    { movieId: 3, title: `11'09"01 - September 11 (2002)`, year: 2002, genres: ['Drama'] },
    { movieId: 6, title: 'Death Note: Desu nôto (2006–2007)', year: 2006, genres: [] },
    { movieId: 7, title: 'Black Mirror', genres: [] },
  ]);
  assert.deepEqual(
    data.tags?.map((t) => t.tag),
    ['funny', 'Highly quotable, really', '"artsy"'],
  );
  assert.deepEqual(data.links?.[2], { movieId: 3, imdbId: '0340223' });
  assert.deepEqual(data.links?.[0], { movieId: 1, imdbId: '0114709', tmdbId: 862 });
  assert.equal(data.users, undefined);
});

test('CRLF line ends and a byte-order mark load exactly like LF', async () => {
  const plain = await loadMovieLensDir(fixture('latest-small'), 'ml-latest-small');
  const dos = await copyEdited(fixture('latest-small'), (bytes) => withBom(crlf(bytes)));
  assert.deepEqual(await loadMovieLensDir(dos, 'ml-latest-small'), plain);
  const plain100k = await loadMovieLensDir(fixture('ml-100k'), 'ml-100k');
  assert.deepEqual(await loadMovieLensDir(await copyEdited(fixture('ml-100k'), crlf), 'ml-100k'), plain100k);
});

test('the ml-100k fixture: ISO-8859-1 titles, genre flags, years from the title or the release date', async () => {
  const skipped: SkipNotice[] = [];
  const data = await loadMovieLensDir(fixture('ml-100k'), 'ml-100k', { onSkip: (s) => skipped.push(s) });
  assert.deepEqual(data.movies, [
    { movieId: 1, title: 'Toy Story (1995)', year: 1995, genres: ['Animation', "Children's", 'Comedy'] },
    { movieId: 2, title: 'Misérables, Les (1995)', year: 1995, genres: ['Drama', 'Musical'] },
    { movieId: 3, title: 'unknown', genres: [] },
    { movieId: 4, title: 'Good Morning (V)', year: 1971, genres: ['Comedy'] },
  ]);
  assert.deepEqual(data.users?.[2], { userId: 3, age: 23, gender: 'M', occupation: 'writer', zipCode: 'T8H1N' });
  assert.deepEqual([...data.ratings.userId], [2, 1, 1, 3, 2]);
  assert.deepEqual([...data.ratings.rating], [4, 3, 5, 1, 2]);
  // u.genre ends with a blank line, as the published one does: skipped, and said so.
  assert.deepEqual(skipped, [
    { file: fixture('ml-100k', 'u.genre'), line: 20, count: 1, reason: 'blank lines at the end of the file' },
  ]);
});

test('without u.genre the published genre list names the flags', async () => {
  const dir = await tempDir();
  await cp(fixture('ml-100k'), dir, { recursive: true });
  await rm(path.join(dir, 'u.genre'));
  const withFile = await loadMovieLensDir(fixture('ml-100k'), 'ml-100k');
  assert.deepEqual((await loadMovieLensDir(dir, 'ml-100k')).movies, withFile.movies);
  assert.equal(ML100K_GENRES.length, 19);
});

test('an ml-100k fold reads its base as train and its test as test', async () => {
  const { train, test: held } = await loadMl100kFold(fixture('ml-100k'), 'u1');
  assert.deepEqual(ratingsToRecords(held), [
    { userId: 1, movieId: 1, rating: 5, timestamp: 878887116 },
    { userId: 2, movieId: 3, rating: 2, timestamp: 886397596 },
  ]);
  assert.equal(train.length, 3);
});

test('years come from the end of the title', () => {
  assert.equal(yearFromTitle('Heat (1995)'), 1995);
  assert.equal(yearFromTitle('Runaway Brain (1995) '), 1995);
  assert.equal(yearFromTitle('Death Note: Desu nôto (2006–2007)'), 2006);
  assert.equal(yearFromTitle('Babylon 5'), undefined);
  assert.equal(yearFromTitle('Land Before Time III (1995) (V)'), undefined);
});

/** The bad ratings fixtures: file, format, the line to blame, and what the message must say. */
const badRatings: [string, RatingsFormat, number | undefined, RegExp][] = [
  ['ratings-wrong-header.csv', 'csv', 1, /expected the header "userId,movieId,rating,timestamp", found "user,movie/],
  ['ratings-semicolon.csv', 'csv', 1, /expected ',' separated fields, line 1 looks ';' separated/],
  ['ratings-not-a-number.csv', 'csv', 3, /expected a number for rating, found "four"/],
  ['ratings-off-scale.csv', 'csv', 2, /rating 5\.5 is out of range: expected 0\.5 to 5 in half stars/],
  ['ratings-not-half-star.csv', 'csv', 4, /rating 3\.3 is out of range: expected 0\.5 to 5 in half stars/],
  ['ratings-user-zero.csv', 'csv', 2, /userId 0 is out of range: expected 1 to 2147483647/],
  ['ratings-repeated.csv', 'csv', 5, /user 1 rated movie 3 twice, on lines 2 and 5: expected one rating per/],
  ['ratings-empty.csv', 'csv', 1, /empty file: expected a header/],
  ['ratings-header-only.csv', 'csv', 2, /no data after the header/],
  [
    'ratings-truncated.csv',
    'csv',
    3,
    /truncated last line \(no newline at the end\): expected 4 ',' separated fields, found 2/,
  ],
  ['ratings-blank-line.csv', 'csv', 3, /expected 4 fields, found an empty line/],
  ['ratings-too-many-fields.csv', 'csv', 2, /expected 4 ',' separated fields, found 5/],
  ['u-half-star.data', 'ml-100k', 2, /rating 3\.5 is out of range: expected an integer from 1 to 5/],
  ['u-comma.data', 'ml-100k', 1, /expected tab separated fields, line 1 looks ',' separated/],
  ['no-such-file.csv', 'csv', undefined, /no such file/],
];

/** Asserts a DataError that names `file` and `line` in its fields and at the start of its message. */
async function rejectsAt(run: () => Promise<unknown>, file: string, line: number | undefined, pattern: RegExp) {
  await assert.rejects(run, (error: unknown) => {
    assert.ok(error instanceof DataError, `expected a DataError, got ${error}`);
    assert.equal(error.file, file);
    assert.equal(error.line, line);
    assert.ok(error.message.startsWith(line === undefined ? `${file}: ` : `${file}:${line}: `), error.message);
    assert.match(error.message, pattern);
    return true;
  });
}

for (const [name, format, line, pattern] of badRatings) {
  test(`bad ratings file ${name} is rejected at line ${line ?? '(none)'}`, async () => {
    const file = fixture('bad', name);
    await rejectsAt(() => readRatingsFile(file, format), file, line, pattern);
    // A chunk smaller than a line must not change the verdict.
    await rejectsAt(() => readRatingsFile(file, format, { chunkBytes: 8 }), file, line, pattern);
  });
}

const badOthers: [string, (text: string, file: string) => unknown, number, RegExp][] = [
  ['movies-unterminated-quote.csv', parseMoviesCsv, 3, /unterminated quote/],
  ['movies-stray-quote.csv', parseMoviesCsv, 3, /a '"' inside an unquoted field/],
  ['movies-repeated-id.csv', parseMoviesCsv, 4, /movieId 1 appears twice, on lines 2 and 4/],
  ['movies-empty-genres.csv', parseMoviesCsv, 3, /expected genres or "\(no genres listed\)", found nothing/],
  [
    'u-bad-flag.item',
    (text, file) => parseItems100k(text, file, ML100K_GENRES),
    1,
    /expected 0 or 1 for Comedy, found "2"/,
  ],
  ['u-bad-date.item', (text, file) => parseItems100k(text, file, ML100K_GENRES), 1, /release date like 01-Jan-1995/],
  ['u-bad-gender.user', parseUsers100k, 2, /expected gender M or F, found "X"/],
];

for (const [name, parse, line, pattern] of badOthers) {
  test(`bad file ${name} is rejected at line ${line}`, async () => {
    const file = fixture('bad', name);
    const text = (await readFile(file)).toString(name.endsWith('.item') ? 'latin1' : 'utf8');
    await rejectsAt(async () => parse(text, file), file, line, pattern);
  });
}

test('a folder missing a file names the file and what the folder should hold', async () => {
  const dir = await tempDir();
  await cp(fixture('latest-small'), dir, { recursive: true });
  await rm(path.join(dir, 'tags.csv'));
  const file = path.join(dir, 'tags.csv');
  await rejectsAt(
    () => loadMovieLensDir(dir, 'ml-latest-small'),
    file,
    undefined,
    /ratings\.csv, movies\.csv, tags\.csv/,
  );
});

const ratings = fc.array(
  fc.record(
    {
      userId: fc.integer({ min: 1, max: 50 }),
      movieId: fc.integer({ min: 1, max: 200_000 }),
      rating: fc.integer({ min: 1, max: 10 }).map((half) => half / 2),
      timestamp: fc.integer({ min: 0, max: 0xffffffff }),
    },
    { noNullPrototype: true },
  ),
  { minLength: 1, maxLength: 40 },
);

/** Keeps the first rating of each (user, movie) pair. */
const distinct = (rs: Rating[]) =>
  rs.filter((r, i) => rs.findIndex((s) => s.userId === r.userId && s.movieId === r.movieId) === i);

test('property: any chunk size and line end read the same ratings', async () => {
  const dir = await tempDir();
  let run = 0;
  await fc.assert(
    fc.asyncProperty(ratings.map(distinct), fc.integer({ min: 1, max: 100 }), fc.boolean(), async (rs, chunk, dos) => {
      const eol = dos ? '\r\n' : '\n';
      const lines = rs.map((r) => `${r.userId},${r.movieId},${r.rating.toFixed(1)},${r.timestamp}`);
      const file = path.join(dir, `r${run++}.csv`);
      await writeFile(file, ['userId,movieId,rating,timestamp', ...lines].join(eol) + eol);
      assert.deepEqual(ratingsToRecords(await readRatingsFile(file, 'csv', { chunkBytes: chunk })), rs);
    }),
    runs(40),
  );
});

test('property: records to table and back is the identity', () => {
  fc.assert(
    fc.property(ratings, (rs) => {
      assert.deepEqual(ratingsToRecords(recordsToTable(rs)), rs);
    }),
  );
  assert.deepEqual(ratingsToRecords(recordsToTable([])), []);
});

test('property: a repeated (user, movie) pair is found exactly when there is one', () => {
  fc.assert(
    fc.property(ratings, (rs) => {
      const pair = findRepeatedPair(recordsToTable(rs));
      assert.equal(pair !== undefined, distinct(rs).length < rs.length);
      if (pair !== undefined) {
        const [a, b] = pair;
        assert.ok(a < b);
        assert.equal(rs[a].userId, rs[b].userId);
        assert.equal(rs[a].movieId, rs[b].movieId);
      }
    }),
  );
});

const MIRROR = '/work/shared/data/movielens';
const noMirror = !existsSync(MIRROR) && `no MovieLens mirror at ${MIRROR}`;

function mean(values: Float32Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

test('the real ml-latest-small has the published counts and mean', { skip: noMirror }, async () => {
  const data = await loadMovieLensDir(path.join(MIRROR, 'ml-latest-small'), 'ml-latest-small');
  assert.equal(data.ratings.length, 100_836);
  assert.equal(new Set(data.ratings.userId).size, 610);
  assert.equal(data.movies.length, 9_742);
  assert.equal(new Set(data.ratings.movieId).size, 9_724);
  assert.ok(Math.abs(mean(data.ratings.rating) - 3.501557) < 1e-6);
  assert.equal(data.tags?.length, 3_683);
  assert.equal(data.links?.length, 9_742);
  assert.equal(data.movies.filter((m) => m.genres.length === 0).length, 34);
});

test('the real ml-100k has the published counts, mean and folds', { skip: noMirror }, async () => {
  const dir = path.join(MIRROR, 'ml-100k');
  const data = await loadMovieLensDir(dir, 'ml-100k');
  assert.equal(data.ratings.length, 100_000);
  assert.equal(new Set(data.ratings.userId).size, 943);
  assert.equal(data.movies.length, 1_682);
  assert.ok(Math.abs(mean(data.ratings.rating) - 3.52986) < 1e-5);
  assert.equal(data.users?.length, 943);
  assert.equal(data.movies[542].title, 'Misérables, Les (1995)');
  const { train, test: held } = await loadMl100kFold(dir, 'u1');
  assert.equal(train.length, 80_000);
  assert.equal(held.length, 20_000);
});

test('loadDataset fetches into the data folder once and then serves the same object', { skip: noMirror }, async () => {
  process.env.MOVIELENS_MIRROR = MIRROR;
  const dataDir = await tempDir();
  const first = await loadDataset('ml-100k', { dataDir });
  assert.equal(first.ratings.length, 100_000);
  assert.ok(existsSync(path.join(dataDir, 'ml-100k', 'u.data')));
  assert.equal(await loadDataset('ml-100k', { dataDir }), first);
});
