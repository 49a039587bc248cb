import { describeInterval } from '../../lib/src/evaluation/bootstrap';
import { bestBy, isRankingModel, isSvdVariant } from '../../lib/src/evaluation/verdict';
import { formatSeconds } from './stats';
import type { EvaluationRun, SpeedItem, TargetResult, TargetStatus } from './types';

/**
 * The targets of the issues, checked against one run. Each gives PASS or MISS with the measured number, or
 * N/A when the run could not measure it (an item failed, or scipy is not installed).
 */

export const TARGETS = {
  /** Our truncated SVD's median over scipy svds' median on ml-latest-small, at most. */
  svdRatio: 1,
  /** Largest relative difference of the 50 singular values from the dense reference, at most. */
  svdAccuracy: 1e-8,
  /** Median seconds of one MF fit (100 factors, 20 epochs) on an ml-100k fold, at most. */
  mfSeconds: 0.3,
  /** Median seconds of `recs figures` end to end, at most. */
  figuresSeconds: 5,
  /** Mean RMSE over ml100k-folds of the best MF-like model, at most: Surprise's SVD on ml-100k (its docs). */
  rmse: 0.934,
  /** Best ranking model's nDCG@10 on mls-temporal over the best SVD variant's, at least. */
  ndcgRatio: 1.5,
} as const;

/** The factorisations trained on the known ratings only: mf-sgd and its variants (mf-sgd-tuned, ...). */
export function isMfLike(model: string): boolean {
  return /^mf(-|$)/.test(model);
}

const status = (pass: boolean): TargetStatus => (pass ? 'PASS' : 'MISS');

function target(id: string, block: TargetResult['block'], description: string, s: TargetStatus, measured: string) {
  return { id, block, description, status: s, measured };
}

const findItem = (items: readonly SpeedItem[], id: string) => items.find((i) => i.id === id);

export function performanceTargets(speed: readonly SpeedItem[]): TargetResult[] {
  const targets: TargetResult[] = [];
  const svd = findItem(speed, 'svd-ml-latest-small');
  const svds = svd?.comparisons.find((c) => c.label.startsWith('scipy svds'));
  const speedText = 'truncated SVD k = 50 on ml-latest-small no slower than scipy svds in the same run';
  if (svd?.seconds && svds) {
    targets.push(
      target(
        'svd-speed',
        'performance',
        speedText,
        status(svds.ratio <= TARGETS.svdRatio),
        `ours ${formatSeconds(svd.seconds.median)}, scipy svds ${formatSeconds(svds.compareSeconds)} ` +
          `(medians of ${svd.runs} interleaved runs): ours / scipy = ${svds.ratio.toFixed(2)}`,
      ),
    );
  } else {
    const why =
      svd === undefined
        ? 'not run'
        : (svd.error ?? 'no Python 3 with numpy and scipy (Debian: apt-get install python3-scipy)');
    targets.push(target('svd-speed', 'performance', speedText, 'N/A', why));
  }
  const difference = svd?.details.referenceMaxRelativeDifference;
  const accuracyText = `singular values of that SVD equal to a dense reference within ${TARGETS.svdAccuracy} relative`;
  targets.push(
    typeof difference === 'number'
      ? target(
          'svd-accuracy',
          'performance',
          accuracyText,
          status(difference <= TARGETS.svdAccuracy),
          `largest relative difference ${difference.toExponential(1)} (reference: ${svd?.details.reference})`,
        )
      : target(
          'svd-accuracy',
          'performance',
          accuracyText,
          'N/A',
          svd ? (svd.error ?? 'no dense reference') : 'not run',
        ),
  );
  const mf = findItem(speed, 'mf-fit-ml-100k');
  const surprise = mf?.comparisons.find((c) => c.kind === 'reference');
  const mfText = `MF fit (100 factors, 20 epochs) on one ml-100k fold at most ${TARGETS.mfSeconds} s`;
  targets.push(
    mf?.seconds
      ? target(
          'mf-fit',
          'performance',
          mfText,
          status(mf.seconds.median <= TARGETS.mfSeconds),
          `median ${mf.seconds.median.toFixed(3)} s over ${mf.runs} fits` +
            (surprise
              ? ` (Surprise's Cython SVD: ${surprise.compareSeconds} s, a reference number from the issue, not measured here)`
              : ''),
        )
      : target('mf-fit', 'performance', mfText, 'N/A', mf?.error ?? 'not run'),
  );
  const figures = findItem(speed, 'figures');
  const figuresText = `\`recs figures\` end to end at most ${TARGETS.figuresSeconds} s, data already fetched`;
  targets.push(
    figures?.seconds
      ? target(
          'figures',
          'performance',
          figuresText,
          status(figures.seconds.median <= TARGETS.figuresSeconds),
          `median ${figures.seconds.median.toFixed(2)} s over ${figures.runs} runs`,
        )
      : target('figures', 'performance', figuresText, 'N/A', figures?.error ?? 'not run'),
  );
  return targets;
}

const f4 = (x: number | null) => (x === null ? '-' : x.toFixed(4));

export function evaluationTargets(evaluation: readonly EvaluationRun[]): TargetResult[] {
  const folds = evaluation.find((e) => e.protocol === 'ml100k-folds')?.result;
  const rmseText = `best MF-like model's mean RMSE on ml100k-folds at most ${TARGETS.rmse} (Surprise's SVD)`;
  const mf =
    folds &&
    bestBy(
      folds.results.filter((r) => isMfLike(r.model)),
      'rmse',
    );
  const temporal = evaluation.find((e) => e.protocol === 'mls-temporal')?.result;
  const ndcgText = `on mls-temporal, the best ranking model's nDCG@10 at least ${TARGETS.ndcgRatio} × the best SVD variant's`;
  const ranker = temporal && bestBy(temporal.results.filter(isRankingModel), 'ndcgAt10');
  const svd =
    temporal &&
    bestBy(
      temporal.results.filter((r) => isSvdVariant(r.model)),
      'ndcgAt10',
    );
  const ratio = ranker && svd ? (ranker.ndcgAt10 as number) / (svd.ndcgAt10 as number) : undefined;
  const interval = ranker && evaluation.find((e) => e.protocol === 'mls-temporal')?.svdIntervals?.[ranker.model];
  const intervalText = interval ? ` (${describeInterval(interval, { users: true })})` : '';
  return [
    mf?.rmse != null
      ? target(
          'mf-rmse',
          'evaluation',
          rmseText,
          status(mf.rmse <= TARGETS.rmse),
          `${mf.model}: ${f4(mf.rmse)} (mean over ${folds?.splits.length} folds)`,
        )
      : target('mf-rmse', 'evaluation', rmseText, 'N/A', folds ? 'no MF-like model in the run' : 'not run'),
    ranker && svd && ratio !== undefined
      ? target(
          'ranking-ndcg',
          'evaluation',
          ndcgText,
          status(ratio >= TARGETS.ndcgRatio),
          `${ranker.model} ${f4(ranker.ndcgAt10)} against ${svd.model} ${f4(svd.ndcgAt10)}: ${ratio.toFixed(2)}×${intervalText}`,
        )
      : target('ranking-ndcg', 'evaluation', ndcgText, 'N/A', temporal ? 'no ranking or no SVD model' : 'not run'),
  ];
}
