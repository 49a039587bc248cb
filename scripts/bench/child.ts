/**
 * One measured item of `npm run bench`, run in a process of its own so that its peak memory is its own. The
 * parent (scripts/bench.ts, through run.ts) spawns it with the same loader flags (tsx) and reads its result
 * from the file named by --result, since the item may print progress.
 *
 *   tsx scripts/bench/child.ts svd --dataset ml-latest-small|ml-100k --runs N --result FILE
 *   tsx scripts/bench/child.ts mf-fit --runs N --result FILE
 *   tsx scripts/bench/child.ts evaluate --protocol ml100k-folds|mls-temporal --result FILE
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isDatasetName } from '../../lib/dist/datasets';
import type { RatioInterval } from '../../lib/dist/evaluation/bootstrap';
import type { ProtocolResult } from '../../lib/dist/evaluation/run-protocol';
import { ensureDataset } from '../../lib/dist/fetch';
import { loadMl100kFold } from '../../lib/dist/loading';
import { mfSgdModel } from '../../lib/dist/models/mf-sgd';
import type { Progress } from '../../lib/dist/progress';
import { peakMB } from './memory';
import { compareSvd, loadSvdMatrix, type SvdComparison } from './svd';

/** The ml-100k fold the MF fit is timed on: u1, the first of the five published folds. */
export const MF_FOLD = 'u1';

export interface SvdChildResult {
  /** Peak memory after loading the data and building the matrix, before any SVD. */
  inputMB: number;
  peakMB: number;
  comparison: SvdComparison;
}

export interface MfChildResult {
  inputMB: number;
  peakMB: number;
  /** Training ratings of the fold. */
  ratings: number;
  factors: number;
  epochs: number;
  /** The first, untimed fit (JIT compilation included). */
  warmUpSeconds: number;
  seconds: number[];
  /** Training RMSE of the last epoch of the last fit, in stars: the fits did learn. */
  finalTrainingRmse: number;
}

export interface EvaluateChildResult {
  peakMB: number;
  /** Without the per-user numbers (withoutPerUser). */
  result: ProtocolResult;
  verdict: string;
  /** Per model, the paired bootstrap interval of its nDCG@10 over the best SVD variant's (none without an SVD). */
  svdIntervals: Record<string, RatioInterval>;
}

/** Default settings of mfSgdModel (Surprise's): the fit the issue asks to time. */
const MF_FACTORS = 100;
const MF_EPOCHS = 20;

async function svd(dataset: string, runs: number): Promise<SvdChildResult> {
  if (!isDatasetName(dataset)) throw new Error(`unknown dataset ${dataset}`);
  const matrix = await loadSvdMatrix(dataset);
  const inputMB = peakMB();
  const comparison = await compareSvd(matrix, { k: 50, runs, denseRuns: runs });
  return { inputMB, peakMB: peakMB(), comparison };
}

async function mfFit(runs: number): Promise<MfChildResult> {
  const { train } = await loadMl100kFold(await ensureDataset('ml-100k'), MF_FOLD);
  const inputMB = peakMB();
  const model = mfSgdModel({ factors: MF_FACTORS, epochs: MF_EPOCHS });
  const fit = () => {
    const start = performance.now();
    const fitted = model.fit(train);
    return { seconds: (performance.now() - start) / 1000, fitted };
  };
  const warmUp = fit();
  let last = warmUp;
  const seconds: number[] = [];
  for (let r = 0; r < runs; r++) {
    last = fit();
    seconds.push(last.seconds);
  }
  const curve = last.fitted.trainingRmse;
  return {
    inputMB,
    peakMB: peakMB(),
    ratings: train.length,
    factors: MF_FACTORS,
    epochs: MF_EPOCHS,
    warmUpSeconds: warmUp.seconds,
    seconds,
    finalTrainingRmse: curve[curve.length - 1],
  };
}

/**
 * Loaded here, not at the top: a timed task loads only the modules it times. Loading the whole library (every
 * model) into the process made the MF fit 40% slower under tsx's loader, though none of it ran (2026-12-04:
 * 0.57 s against 0.41 s; plain node on lib/dist showed no difference).
 */
async function evaluate(protocol: string): Promise<EvaluateChildResult> {
  const { runProtocol, withoutPerUser } = await import('../../lib/dist/evaluation/run-protocol');
  const { bestBy, evaluationVerdict, isSvdVariant } = await import('../../lib/dist/evaluation/verdict');
  const { ndcgRatioInterval } = await import('../../lib/dist/evaluation/bootstrap');
  const result = await runProtocol(protocol, { progress: foldLog(protocol) });
  const svd = bestBy(
    result.results.filter((r) => isSvdVariant(r.model)),
    'ndcgAt10',
  );
  const svdIntervals: Record<string, RatioInterval> = {};
  for (const r of result.results) {
    const interval = svd && ndcgRatioInterval(r, svd);
    if (interval) svdIntervals[r.model] = interval;
  }
  return { peakMB: peakMB(), result: withoutPerUser(result), verdict: evaluationVerdict(result), svdIntervals };
}

/** One line on stderr per model and fold ("model 2 of 11 (svd-zero), fold 3 of 5"): readable in a log file. */
function foldLog(protocol: string): Progress {
  return {
    update(label, done, total) {
      if (label.endsWith(', fold')) process.stderr.write(`  ${protocol}: ${label} ${done} of ${total}\n`);
    },
    end() {},
  };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      result: { type: 'string' },
      dataset: { type: 'string', default: 'ml-latest-small' },
      protocol: { type: 'string', default: 'ml100k-folds' },
      runs: { type: 'string', default: '5' },
    },
  });
  const runs = Number(values.runs);
  if (!(Number.isInteger(runs) && runs >= 1)) throw new Error(`--runs must be a whole number ≥ 1, got ${values.runs}`);
  if (values.result === undefined) throw new Error('--result FILE is required');
  const task = positionals[0];
  const result =
    task === 'svd'
      ? await svd(values.dataset, runs)
      : task === 'mf-fit'
        ? await mfFit(runs)
        : task === 'evaluate'
          ? await evaluate(values.protocol)
          : undefined;
  if (result === undefined) throw new Error(`unknown task '${task}': expected svd, mf-fit or evaluate`);
  writeFileSync(values.result, `${JSON.stringify(result)}\n`);
}

// Only as a script: run.ts imports this module's types and constants.
if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
