/**
 * Benchmark of the truncated SVD (lib/src/svd.ts) against scipy's ARPACK `svds` and numpy's thin dense SVD,
 * on the same zero-filled user × movie matrix of cleaned MovieLens (movies without genres dropped).
 * `npm run bench` makes the same comparison (scripts/bench/svd.ts) among its other measurements.
 *
 *   npx tsx scripts/bench-svd.ts [--dataset ml-latest-small|ml-100k] [--dir FOLDER] [--k 50] [--runs 15]
 *                                [--dense-runs 5] [--gram auto|dense|sparse] [--python PATH]
 *   npx tsx scripts/bench-svd.ts --synthetic 25000000 [--runs 1] ...
 *
 * `--synthetic N` uses N MovieLens-like ratings from lib/src/synthetic.ts (seed 1) instead of a dataset, to
 * see how the method scales (ml-25m: 25 million ratings, 162,541 × 59,047); it also prints the memory used,
 * skips the warm-up runs (a run of millions of ratings warms up by itself) and skips numpy's dense SVD when the
 * dense matrix would take more than 64 MB.
 *
 * Prints the median and fastest time of each method, the ratio ours/theirs, and the largest relative
 * difference between the singular values. The data comes from `--dir` or else the project's data folder
 * (fetched on first use).
 */
import { parseArgs } from 'node:util';
import { isDatasetName } from '../lib/src/datasets';
import type { GramRepresentation } from '../lib/src/gram';
import { buildRatingMatrix } from '../lib/src/matrix';
import { generateRatings } from '../lib/src/synthetic';
import { maxRelativeDifference, median } from './bench/stats';
import { compareSvd, findPython, loadSvdMatrix } from './bench/svd';

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      dataset: { type: 'string', default: 'ml-latest-small' },
      dir: { type: 'string' },
      k: { type: 'string', default: '50' },
      runs: { type: 'string' },
      'dense-runs': { type: 'string', default: '5' },
      gram: { type: 'string', default: 'auto' },
      python: { type: 'string' },
      synthetic: { type: 'string' },
    },
  });
  const synthetic = args.synthetic === undefined ? undefined : Number(args.synthetic);
  const name = args.dataset;
  if (!isDatasetName(name)) throw new Error(`unknown dataset ${name}`);
  const k = Number(args.k);
  // Medians of at least 5 runs on the datasets; a synthetic run of millions of ratings is long enough alone.
  const runs = synthetic === undefined ? Math.max(5, Number(args.runs ?? 15)) : Math.max(1, Number(args.runs ?? 1));
  const gram = args.gram === 'auto' ? undefined : (args.gram as GramRepresentation);

  const matrix =
    synthetic === undefined
      ? await loadSvdMatrix(name, args.dir)
      : buildRatingMatrix(generateRatings({ ratings: synthetic, seed: 1 }));
  const label = synthetic === undefined ? name : 'synthetic (lib/src/synthetic.ts, seed 1)';
  const python = findPython(args.python);
  console.log(
    `${label}: ${matrix.rows} × ${matrix.cols}, ${matrix.indptr[matrix.rows]} ratings, k = ${k}, ${runs} ` +
      (python === undefined ? 'runs (no python3 with numpy and scipy found: timing ours alone)' : 'interleaved runs'),
  );
  const result = await compareSvd(matrix, {
    k,
    runs,
    denseRuns: Math.max(5, Number(args['dense-runs'])),
    gram,
    warmUp: synthetic === undefined,
    python,
  });
  const memory = process.memoryUsage();
  console.log(
    `ours (TypeScript, Lanczos on the Gram matrix, gram ${args.gram}): ${summary(result.ours.seconds)}; ` +
      `${result.ours.iterations} products, ${result.ours.restarts} restarts; ` +
      `memory: ${mb(memory.rss)} resident, ${mb(memory.arrayBuffers)} in typed arrays`,
  );
  console.log(
    `  top 5 singular values: ${result.ours.s
      .slice(0, 5)
      .map((x) => x.toFixed(3))
      .join(', ')}`,
  );
  const versions = Object.entries(result.versions ?? {})
    .map(([lib, v]) => `${lib} ${v}`)
    .join(', ');
  const others: [string, number[], number[]][] = [];
  if (result.svds) others.push([`scipy svds, ARPACK (${versions})`, result.svds.seconds, result.svds.s]);
  if (result.dense) others.push(['numpy dense thin SVD', result.dense.seconds, result.dense.s]);
  const ourMedian = median(result.ours.seconds);
  for (const [label, times, s] of others) {
    console.log(
      `${label}: ${summary(times)}; ours/theirs ${(ourMedian / median(times)).toFixed(2)} (medians); ` +
        `max relative difference of singular values ${maxRelativeDifference(result.ours.s, s).toExponential(1)}`,
    );
  }
  if (result.reference && !result.dense) {
    const difference = maxRelativeDifference(result.ours.s, result.reference.s);
    console.log(`reference (${result.reference.method}): max relative difference ${difference.toExponential(1)}`);
  }
}

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MB`;
}

function summary(seconds: readonly number[]): string {
  return `median ${(1000 * median(seconds)).toFixed(1)} ms, fastest ${(1000 * Math.min(...seconds)).toFixed(1)} ms`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
