import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluationBlock, performanceBlock, replaceBlock, updateReadme } from '../scripts/readme-tables';
import { RESULTS } from './fixtures/bench/results';

const README = [
  '# Title',
  '',
  'Text before.',
  '',
  '## Evaluation',
  '',
  '<!-- evaluation:begin -->',
  '_not yet run_',
  '<!-- evaluation:end -->',
  '',
  '## Performance',
  '',
  '<!-- performance:begin -->',
  '_not yet run_',
  '<!-- performance:end -->',
  '',
  '## After',
  '',
  'Text after, with a $& and a $1 that a regex replacement would mangle.',
  '',
].join('\n');

describe('replaceBlock', () => {
  test('replaces the text between the markers and keeps everything else, markers included', () => {
    const out = replaceBlock('a\n<!-- evaluation:begin -->\nold\n<!-- evaluation:end -->\nb', 'evaluation', 'new');
    assert.equal(out, 'a\n<!-- evaluation:begin -->\nnew\n<!-- evaluation:end -->\nb');
  });

  test('keeps dollar signs in the content as they are', () => {
    const out = replaceBlock('<!-- performance:begin --><!-- performance:end -->', 'performance', 'costs $1 or $&');
    assert.equal(out, '<!-- performance:begin -->\ncosts $1 or $&\n<!-- performance:end -->');
  });

  test('refuses a text whose markers are missing, repeated or in the wrong order', () => {
    assert.throws(() => replaceBlock('no markers', 'evaluation', 'x'), /exactly one/);
    const twice = '<!-- evaluation:begin --><!-- evaluation:end --><!-- evaluation:begin -->';
    assert.throws(() => replaceBlock(twice, 'evaluation', 'x'), /exactly one/);
    const reversed = '<!-- evaluation:end --> <!-- evaluation:begin -->';
    assert.throws(() => replaceBlock(reversed, 'evaluation', 'x'), /comes before/);
  });
});

describe('updateReadme on a hand-made results object', () => {
  const updated = updateReadme(README, RESULTS);

  test('changes only the two marked blocks', () => {
    const outside = (text: string) =>
      text
        .replace(/<!-- evaluation:begin -->[\s\S]*<!-- evaluation:end -->/, 'E')
        .replace(/<!-- performance:begin -->[\s\S]*<!-- performance:end -->/, 'P');
    assert.equal(outside(updated), outside(README));
    assert.notEqual(updated, README);
    assert.ok(!updated.includes('_not yet run_'));
  });

  test('is idempotent: a second update gives the same text', () => {
    assert.equal(updateReadme(updated, RESULTS), updated);
  });

  test('refuses results of another version', () => {
    assert.throws(() => updateReadme(README, { ...RESULTS, version: 99 }), /version 99/);
  });
});

describe('the performance block', () => {
  const block = performanceBlock(RESULTS);

  test('names the machine, the command and the date of the run', () => {
    assert.match(block, /\*\*Machine\*\*: Test CPU, 2 cores, 8 GB; Linux 6\.1 x64; Node v20\.0\.0; Python 3\.11\.2/);
    assert.match(block, /`npm run bench -- --quick` on 2025-01-02 \(1\.5 min in all\)/);
  });

  test('shows each item with median, fastest, slowest and peak, and each comparison with its ratio', () => {
    const lines = block.split('\n');
    assert.ok(
      lines.includes(
        '| truncated SVD k = 50, ml-latest-small cleaned (610 × 9,690, 100,789 ratings) | 5 | 50.0 ms | 40.0 ms | 60.0 ms | 150 |  |  |',
      ),
    );
    assert.ok(
      lines.includes(
        '| ↳ vs scipy svds k = 50 (ARPACK, scipy 1.10.1) | 5 | 100 ms | 90.0 ms | 200 ms | 70 | 0.50 | 2.0e-15 |',
      ),
    );
    assert.ok(
      lines.some((l) =>
        l.startsWith("| ↳ vs Surprise's SVD (Cython), 100 factors, 20 epochs: reference from the issue"),
      ),
    );
    assert.ok(
      lines.includes(
        '| evaluate mls-temporal (3 models × 1 split), loading included | 1 | 20.0 s | - | - | 400 |  |  |',
      ),
    );
  });

  test('lists its own targets, not the evaluation ones', () => {
    assert.match(block, /- \*\*PASS\*\* SVD no slower than scipy: ratio 0\.50/);
    assert.match(block, /- \*\*MISS\*\* MF fit at most 0\.3 s: median 0\.400 s/);
    assert.doesNotMatch(block, /MF RMSE/);
  });

  test('shows the scale table, one row per size, a failed step as failed', () => {
    const lines = block.split('\n');
    assert.ok(
      lines.includes('| 100,000 | 650 × 616 | 60.0 ms, 90 MB | 50.0 ms, 84 MB | 190 ms, 96 MB | 80.0 ms, 87 MB |'),
    );
    assert.ok(lines.includes('| 1,000,000 | 6,500 × 6,100 | 340 ms, 99 MB | failed | - | - |'));
  });
});

describe('the evaluation block', () => {
  const block = evaluationBlock(RESULTS);

  test('has a table per protocol with the model rows and the README columns', () => {
    const lines = block.split('\n');
    const header = '| model | RMSE | MAE | P@10 | R@10 | nDCG@10 | MAP@10 | coverage | fit s |';
    assert.equal(lines.filter((l) => l === header).length, 2);
    assert.ok(lines.includes('| svd-zero | 2.5000 | 2.3000 | 0.0600 | 0.0300 | 0.1200 | 0.0150 | 0.5000 | 0.10 |'));
    assert.ok(lines.includes('| ease | - | - | 0.0400 | 0.0200 | 0.0800 | 0.0100 | 0.5000 | 2.00 |'));
    assert.ok(block.indexOf('### ml100k-folds') < block.indexOf('### mls-temporal'));
  });

  test('includes each verdict and the evaluation targets only', () => {
    assert.match(block, /\*\*ml100k-folds\*\* verdict of the fixture\./);
    assert.match(block, /\*\*mls-temporal\*\* verdict of the fixture\./);
    assert.match(block, /- \*\*PASS\*\* MF RMSE at most 0\.934: mf-sgd: 0\.9300/);
    assert.doesNotMatch(block, /SVD no slower than scipy/);
  });
});
