import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { main } from '../lib/src/cli';
import type { CommandIO } from '../lib/src/cli/command';
import { PROJECT_ROOT } from '../lib/src/paths';

const MIRROR = process.env.MOVIELENS_MIRROR ?? '/work/shared/data/movielens';

/** Runs `recs args` in-process and returns its exit code and what it printed. */
async function recs(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CommandIO = { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) };
  const code = await main(args, io);
  return { code, out, err };
}

describe('the recs command line', {
  skip: !existsSync(path.resolve(PROJECT_ROOT, MIRROR)) && 'no MovieLens mirror',
}, () => {
  before(() => {
    process.env.MOVIELENS_MIRROR = MIRROR;
    process.env.MOVIELENS_DATA_DIR = mkdtempSync(path.join(tmpdir(), 'recs-cli-'));
  });

  test('stats --json prints the facts of ml-100k', async () => {
    const { code, out } = await recs('stats', '--json', '--dataset', 'ml-100k');
    assert.equal(code, 0);
    const stats = JSON.parse(out);
    assert.equal(stats.ratings, 100000);
    assert.equal(stats.users, 943);
    assert.equal(stats.movies, 1682);
    assert.equal(stats.ratedMovies, 1682);
    assert.ok(Math.abs(stats.meanRating - 3.52986) < 1e-5);
  });

  test('popular --json lists the blog top 3 from 450 qualifying movies', async () => {
    const { code, out } = await recs('popular', '--json', '--top', '1000');
    assert.equal(code, 0);
    const { items } = JSON.parse(out);
    assert.equal(items.length, 450);
    assert.deepEqual(
      items.slice(0, 3).map((m: { movieId: number; count: number }) => [m.movieId, m.count]),
      [
        [318, 317],
        [858, 192],
        [2959, 218],
      ],
    );
    assert.deepEqual(Object.keys(items[0]), ['movieId', 'title', 'avgRating', 'count']);
  });

  test('popular --genre keeps movies of that genre with at least 20 ratings by default', async () => {
    const { code, out } = await recs('popular', '--json', '--genre', 'Horror', '--top', '3');
    assert.equal(code, 0);
    const { items } = JSON.parse(out);
    assert.equal(items.length, 3);
    for (const m of items) assert.ok(m.count >= 20);
  });

  test('recommend --json gives user 1 five movies they have not rated', async () => {
    const { code, out } = await recs('recommend', '--user', '1', '--json');
    assert.equal(code, 0);
    const result = JSON.parse(out);
    assert.equal(result.userId, 1);
    assert.equal(result.model, 'svd-zero');
    assert.equal(result.items.length, 5);
    const ratings = readFileSync(
      path.join(process.env.MOVIELENS_DATA_DIR ?? '', 'ml-latest-small', 'ratings.csv'),
      'utf8',
    );
    const seen = new Set(
      ratings
        .split('\n')
        .filter((l) => l.startsWith('1,'))
        .map((l) => Number(l.split(',')[1])),
    );
    for (const item of result.items) assert.ok(!seen.has(item.movieId), `movie ${item.movieId} was rated by user 1`);
    const scores = result.items.map((i: { score: number }) => i.score);
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
    );
  });

  test('recommend --model popularity gives the popular movies the user has not rated', async () => {
    const { code, out } = await recs('recommend', '--user', '1', '--model', 'popularity', '--top', '3', '--json');
    assert.equal(code, 0);
    const result = JSON.parse(out);
    assert.equal(result.model, 'popularity-average');
    assert.equal(result.items.length, 3);
  });

  test('an unknown user, genre, model or a k out of range is a usage error, exit code 2', async () => {
    for (const args of [
      ['recommend', '--user', '999999'],
      ['recommend'],
      ['recommend', '--user', '1', '--k', '0'],
      ['recommend', '--user', '1', '--k', '611'],
      ['recommend', '--user', '1', '--model', 'nope'],
      ['popular', '--genre', 'Nope'],
      ['stats', '--dataset', 'ml-1b'],
      ['stats', '--bogus'],
      ['no-such-command'],
    ]) {
      const { code, err } = await recs(...args);
      assert.equal(code, 2, args.join(' '));
      assert.match(err, /^recs: /, args.join(' '));
    }
    assert.match((await recs('popular', '--genre', 'Nope')).err, /known genres: Action, Adventure/);
    assert.match((await recs('recommend', '--user', '1', '--k', '611')).err, /\bk\b/);
  });

  test('bad data stops with one line naming the file and exit code 1, without a stack trace', () => {
    // A mirror holding a broken ml-100k: a truncated u.data and nothing else.
    const mirror = mkdtempSync(path.join(tmpdir(), 'recs-bad-mirror-'));
    mkdirSync(path.join(mirror, 'ml-100k'));
    writeFileSync(path.join(mirror, 'ml-100k', 'u.data'), '1\t2\t3\n');
    const dataDir = mkdtempSync(path.join(tmpdir(), 'recs-bad-'));
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(PROJECT_ROOT, 'lib/src/cli.ts'), 'stats', '--dataset', 'ml-100k'],
      {
        env: { ...process.env, MOVIELENS_DATA_DIR: dataDir, MOVIELENS_MIRROR: mirror },
        encoding: 'utf8',
      },
    );
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /^recs: .*ml-100k\/u\.(data|item)/m);
    assert.equal(readdirSync(dataDir).length, 0, 'nothing left behind');
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });

  test('figures writes the eight figures and a README, byte-identical on a second run', async () => {
    const out = (run: string) => mkdtempSync(path.join(tmpdir(), `recs-figs-${run}-`));
    const [a, b] = [out('a'), out('b')];
    assert.equal((await recs('figures', '--out', a)).code, 0);
    assert.equal((await recs('figures', '--out', b)).code, 0);
    const files = readdirSync(a).sort();
    assert.deepEqual(readdirSync(b).sort(), files);
    for (let n = 1; n <= 8; n++) {
      const id = `fig0${n}`;
      assert.ok(
        files.some((f) => f.startsWith(id) && f.endsWith('.svg')),
        `${id}.svg`,
      );
      assert.ok(
        files.some((f) => f.startsWith(id) && f.endsWith('.png')),
        `${id}.png`,
      );
      assert.ok(
        files.some((f) => f.startsWith(id) && /\.(vl|plotly)\.json$/.test(f)),
        `${id} spec`,
      );
    }
    assert.ok(files.includes('README.md'));
    for (const f of files) {
      assert.ok(readFileSync(path.join(a, f)).equals(readFileSync(path.join(b, f))), `${f} differs`);
    }
    // The committed figures are what this code draws today: regenerate them (npm run figures) after a change.
    const committed = path.join(PROJECT_ROOT, 'figures');
    assert.deepEqual(readdirSync(committed).sort(), files);
    for (const f of files) {
      assert.ok(readFileSync(path.join(a, f)).equals(readFileSync(path.join(committed, f))), `figures/${f} is stale`);
    }
  });
});
