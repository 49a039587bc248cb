import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { main } from '../lib/src/cli';
import type { CommandIO } from '../lib/src/cli/command';

/** Runs `recs` in process and keeps what it printed. */
async function recs(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIO = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('recs evaluate: usage errors exit 2 with a clear message, before any data is read', () => {
  const cases: [string[], RegExp][] = [
    [[], /--protocol is required: ml100k-folds or mls-temporal/],
    [['--protocol', 'netflix'], /unknown protocol 'netflix': expected one of ml100k-folds, mls-temporal/],
    [['--protocol', 'mls-temporal', '--model', 'oracle'], /unknown model 'oracle': expected one of popularity-count/],
    [['--protocol', 'mls-temporal', '--k', '0'], /--k must be an integer from 1 to 500, got '0'/],
    [['--protocol', 'mls-temporal', '--k', '501'], /--k must be an integer from 1 to 500/],
    [['--protocol', 'mls-temporal', '--k', 'ten'], /--k must be an integer/],
    [['--protocol', 'mls-temporal', '--fill', 'mean'], /--fill must be one of zero, user-mean, got 'mean'/],
    [['--protocol', 'mls-temporal', '--model', 'popularity-count', '--k', '5'], /popularity-count takes no --k/],
    [['--protocol', 'mls-temporal', '--seed=-1'], /--seed must be an integer from 0/],
    [['--protocol', 'mls-temporal', '--folds', '3'], /Unknown option '--folds'/],
  ];
  for (const [args, message] of cases) {
    test(`recs evaluate ${args.join(' ')}`, async () => {
      const { code, out, err } = await recs('evaluate', ...args);
      assert.equal(code, 2);
      assert.equal(out, '');
      assert.match(err, message);
    });
  }
});

describe('recs evaluate on the real ml-latest-small', () => {
  const saved = { mirror: process.env.MOVIELENS_MIRROR, dataDir: process.env.MOVIELENS_DATA_DIR };
  let dataDir = '';
  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'recs-evaluate-'));
    process.env.MOVIELENS_MIRROR = '/work/shared/data/movielens';
    process.env.MOVIELENS_DATA_DIR = dataDir;
  });
  after(async () => {
    for (const [key, value] of [
      ['MOVIELENS_MIRROR', saved.mirror],
      ['MOVIELENS_DATA_DIR', saved.dataDir],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  test('mls-temporal for the popularity model prints sane JSON, then the same numbers as a table', async () => {
    const json = await recs('evaluate', '--protocol', 'mls-temporal', '--model', 'popularity-count', '--json');
    assert.equal(json.code, 0, json.err);
    const parsed = JSON.parse(json.out) as {
      protocol: string;
      splits: string[];
      results: Record<string, unknown>[];
    };
    assert.equal(parsed.protocol, 'mls-temporal');
    assert.deepEqual(parsed.splits, ['temporal']);
    assert.equal(parsed.results.length, 1);
    const row = parsed.results[0];
    assert.equal(row.model, 'popularity-count');
    // Counting ratings predicts no rating: the rating metrics do not apply.
    assert.equal(row.rmse, null);
    assert.equal(row.mae, null);
    for (const key of ['precisionAt10', 'recallAt10', 'ndcgAt10', 'mapAt10', 'coverage']) {
      const value = row[key];
      assert.ok(typeof value === 'number' && value >= 0 && value <= 1, `${key} = ${String(value)}`);
    }
    assert.ok((row.coverage as number) > 0);
    // The most rated movies are liked by many: a popularity list finds something for a fair share of users.
    assert.ok((row.precisionAt10 as number) > 0.01, `precision ${String(row.precisionAt10)}`);
    assert.ok(typeof row.fitSeconds === 'number' && row.fitSeconds >= 0);

    const text = await recs('evaluate', '--protocol', 'mls-temporal', '--model', 'popularity-count');
    assert.equal(text.code, 0, text.err);
    const line = text.out.split('\n').find((l) => l.startsWith('popularity-count'));
    assert.ok(line?.includes((row.ndcgAt10 as number).toFixed(4)), text.out);
  });
});
