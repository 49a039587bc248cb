import { describeInterval, ndcgRatioInterval } from './bootstrap';
import type { ModelResult, ProtocolResult } from './run-protocol';

/**
 * The plain-words answer to "does personalisation beat the crowd?", written from a protocol's results so that
 * every number in it comes from the run (notebook 06 and the README show it). The crowd is the non-personalised
 * models: every user gets the same popularity list.
 */

/** Names of the models that ignore who the user is (the crowd). */
export function isCrowdModel(model: string): boolean {
  return model.startsWith('popularity');
}

/** Part 1's truncated SVD in its fills (svd-zero, svd-user-mean). */
export function isSvdVariant(model: string): boolean {
  return /^svd(-|$)/.test(model);
}

/** Personalised models that only rank (no rating predictions, hence no RMSE): item-knn, EASE and the like. */
export function isRankingModel(result: ModelResult): boolean {
  return result.rmse === null && !isCrowdModel(result.model);
}

type Metric = 'ndcgAt10' | 'precisionAt10' | 'recallAt10' | 'mapAt10' | 'hitRateAt10' | 'coverage' | 'rmse' | 'mae';

const LABELS: Record<Metric, string> = {
  ndcgAt10: 'nDCG@10',
  precisionAt10: 'precision@10',
  recallAt10: 'recall@10',
  mapAt10: 'MAP@10',
  hitRateAt10: 'hit rate@10',
  coverage: 'catalogue coverage',
  rmse: 'RMSE',
  mae: 'MAE',
};

/** Lower is better for the error metrics, higher for the others. */
const lowerIsBetter = (metric: Metric) => metric === 'rmse' || metric === 'mae';

/** The model with the best value of `metric` among `results` (null values skipped), or undefined. */
export function bestBy(results: readonly ModelResult[], metric: Metric): ModelResult | undefined {
  const scored = results.filter((r) => r[metric] !== null);
  const sign = lowerIsBetter(metric) ? 1 : -1;
  return [...scored].sort((a, b) => sign * ((a[metric] as number) - (b[metric] as number)))[0];
}

const f = (x: number | null, digits = 4) => (x === null ? '-' : x.toFixed(digits));

/** ' (95% interval over users: 1.32–1.78×)', or '' when the results carry no per-user numbers. */
function interval(a: ModelResult, b: ModelResult): string {
  const i = ndcgRatioInterval(a, b);
  return i === null ? '' : ` (${describeInterval(i)})`;
}
const cost = (r: ModelResult) => r.fitSeconds + r.recommendSeconds;

/** Markdown paragraphs: the winner per metric, the margin over the crowd, and what it costs. */
export function evaluationVerdict(result: ProtocolResult): string {
  const crowd = result.results.filter((r) => isCrowdModel(r.model));
  const personal = result.results.filter((r) => !isCrowdModel(r.model));
  const lines: string[] = [`**${result.protocol}** (${result.description}).`, ''];
  const bestCrowd = bestBy(crowd, 'ndcgAt10');
  const bestPersonal = bestBy(personal, 'ndcgAt10');
  if (bestCrowd && bestPersonal) {
    const ratio = (bestPersonal.ndcgAt10 as number) / (bestCrowd.ndcgAt10 as number);
    lines.push(
      `- Ranking: **${bestPersonal.model}** has the best nDCG@10, ${f(bestPersonal.ndcgAt10)}, ` +
        `${ratio.toFixed(2)}× the best crowd list (${bestCrowd.model}, ${f(bestCrowd.ndcgAt10)})${interval(bestPersonal, bestCrowd)}, for ` +
        `${cost(bestPersonal).toFixed(2)} s of fitting and recommending against ${cost(bestCrowd).toFixed(2)} s.`,
    );
  }
  const svds = result.results.filter((r) => isSvdVariant(r.model));
  const bestSvd = bestBy(svds, 'ndcgAt10');
  const best = bestBy(result.results, 'ndcgAt10');
  if (bestSvd && best && best !== bestSvd) {
    lines.push(
      `- Against part 1's SVD: ${best.model} reaches ${((best.ndcgAt10 as number) / (bestSvd.ndcgAt10 as number)).toFixed(2)}× ` +
        `the nDCG@10 of the best SVD variant (${bestSvd.model}, ${f(bestSvd.ndcgAt10)})${interval(best, bestSvd)}.`,
    );
  }
  const rating = bestBy(result.results, 'rmse');
  const crowdRating = bestBy(crowd, 'rmse');
  if (rating && crowdRating) {
    lines.push(
      `- Rating prediction: **${rating.model}** has the lowest RMSE, ${f(rating.rmse)} stars, against ` +
        `${f(crowdRating.rmse)} for the best crowd model (${crowdRating.model}).`,
    );
  }
  const crowdWins = (Object.keys(LABELS) as Metric[]).filter((m) => {
    const winner = bestBy(result.results, m);
    return winner !== undefined && isCrowdModel(winner.model);
  });
  lines.push(
    crowdWins.length === 0
      ? '- The crowd wins on no metric here.'
      : `- The crowd wins on ${crowdWins.map((m) => `${LABELS[m]} (${bestBy(result.results, m)?.model})`).join(', ')}.`,
  );
  const ranksBadly = personal.filter((r) => bestCrowd && (r.ndcgAt10 ?? 0) < (bestCrowd.ndcgAt10 ?? 0));
  if (ranksBadly.length > 0) {
    lines.push(
      `- Personalised but beaten by the crowd on nDCG@10: ${ranksBadly.map((r) => `${r.model} (${f(r.ndcgAt10)})`).join(', ')}.`,
    );
  }
  return lines.join('\n');
}
