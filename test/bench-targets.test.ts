import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isSvdVariant } from '../lib/src/evaluation/verdict';
import { formatSeconds, maxRelativeDifference, median, timing } from '../scripts/bench/stats';
import { evaluationTargets, isMfLike, performanceTargets } from '../scripts/bench/targets';
import { RESULTS } from './fixtures/bench/results';

describe('bench statistics', () => {
  test('the median of an odd count is the middle value, of an even count the mean of the two middle ones', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.throws(() => median([]), /no values/);
  });

  test('a timing keeps its runs in order, rounded to the microsecond, with their median, min and max', () => {
    assert.deepEqual(timing([0.3, 0.1000004, 0.2]), { median: 0.2, min: 0.1, max: 0.3, samples: [0.3, 0.1, 0.2] });
  });

  test('seconds print with three significant digits, in ms under a second', () => {
    assert.equal(formatSeconds(0.0401), '40.1 ms');
    assert.equal(formatSeconds(0.9996), '1.00 s');
    assert.equal(formatSeconds(12.34), '12.3 s');
    assert.equal(formatSeconds(123.4), '123 s');
  });

  test('the relative difference of singular values is measured against the reference', () => {
    assert.equal(maxRelativeDifference([10, 4], [8, 4]), 0.25);
    assert.throws(() => maxRelativeDifference([1, 2], [1]), /reference has 1 values/);
  });
});

describe('bench targets', () => {
  test('MF-like models are mf-sgd and its variants; SVD variants are svd-*', () => {
    assert.deepEqual(['mf-sgd', 'mf-sgd-tuned', 'mf', 'bias-baseline', 'mfx'].map(isMfLike), [
      true,
      true,
      true,
      false,
      false,
    ]);
    assert.deepEqual(['svd-zero', 'svd-user-mean', 'svdpp', 'mf-sgd'].map(isSvdVariant), [true, true, false, false]);
  });

  test('performance targets pass or miss on the measured medians, with the numbers in words', () => {
    const [speed, accuracy, mf, figures] = performanceTargets(RESULTS.speed);
    assert.equal(speed.status, 'PASS');
    assert.match(speed.measured, /ours 50\.0 ms, scipy svds 100 ms .*ours \/ scipy = 0\.50/);
    assert.equal(accuracy.status, 'PASS');
    assert.match(accuracy.measured, /1\.0e-15/);
    assert.equal(mf.status, 'MISS');
    assert.match(mf.measured, /median 0\.400 s over 5 fits \(Surprise's Cython SVD: 0\.31 s, a reference number/);
    assert.equal(figures.status, 'N/A');
  });

  test('a slower SVD than scipy misses, and without scipy the target is not measured', () => {
    const [svd, mf] = RESULTS.speed;
    const slower = { ...svd, comparisons: [{ ...svd.comparisons[0], ratio: 1.2 }] };
    assert.equal(performanceTargets([slower, mf])[0].status, 'MISS');
    assert.equal(performanceTargets([{ ...svd, comparisons: [] }, mf])[0].status, 'N/A');
  });

  test('evaluation targets: best MF-like RMSE against 0.934, best ranking model against 1.5 × the best SVD', () => {
    const [rmse, ndcg] = evaluationTargets(RESULTS.evaluation);
    assert.equal(rmse.status, 'PASS');
    assert.equal(rmse.measured, 'mf-sgd: 0.9300 (mean over 2 folds)');
    // ease 0.08 against svd-user-mean 0.04: 2×; popularity-count (0.05) is the crowd, not a ranking model.
    assert.equal(ndcg.status, 'PASS');
    assert.equal(ndcg.measured, 'ease 0.0800 against svd-user-mean 0.0400: 2.00×');
    // With the child's bootstrap interval for the winning model, the measured text carries it.
    const interval = { ratio: 2, low: 1.61, high: 2.5, level: 0.95, samples: 2000, users: 600 };
    const withInterval = RESULTS.evaluation.map((e) => ({ ...e, svdIntervals: { ease: interval } }));
    assert.equal(
      evaluationTargets(withInterval)[1].measured,
      'ease 0.0800 against svd-user-mean 0.0400: 2.00× (95% bootstrap interval over 600 users: 1.61–2.50×)',
    );
  });

  test('evaluation targets are N/A when the protocols did not run', () => {
    assert.deepEqual(
      evaluationTargets([]).map((t) => t.status),
      ['N/A', 'N/A'],
    );
  });
});
