/**
 * Benchmark of the truncated SVD (lib/src/svd.ts) against scipy's ARPACK `svds` and numpy's thin dense SVD,
 * on the same zero-filled user × movie matrix of cleaned MovieLens (movies without genres dropped).
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
 * Runs are interleaved (ours, scipy, ours, scipy, ...) after one warm-up each, because this machine's speed
 * drifts by tens of percent within seconds; the medians then compare like with like. Prints the median and
 * fastest time of each method, the ratio ours/theirs, and the largest relative difference between the
 * singular values. The Python side (scripts/bench_svd.py) needs numpy and scipy: Debian's /usr/bin/python3 is
 * tried first, since the `python3` on PATH may be a pyenv one without them; without either, only our times
 * are shown. The data comes from `--dir` or else the project's data folder (fetched on first use).
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { dropNoGenres } from '../lib/src/cleaning';
import { isDatasetName } from '../lib/src/datasets';
import type { GramRepresentation } from '../lib/src/gram';
import { loadDataset, loadMovieLensDir } from '../lib/src/loading';
import { buildRatingMatrix, type CsrMatrix } from '../lib/src/matrix';
import { type TruncatedSvd, truncatedSvd } from '../lib/src/svd';
import { generateRatings } from '../lib/src/synthetic';
import type { DatasetName } from '../lib/src/types';

interface Run {
  seconds: number;
  s: number[];
}

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
  const denseRuns = Math.max(5, Number(args['dense-runs']));
  const gram = args.gram === 'auto' ? undefined : (args.gram as GramRepresentation);

  const matrix =
    synthetic === undefined
      ? await loadMatrix(name, args.dir)
      : buildRatingMatrix(generateRatings({ ratings: synthetic, seed: 1 }));
  const nnz = matrix.indptr[matrix.rows];
  const label = synthetic === undefined ? name : 'synthetic (lib/src/synthetic.ts, seed 1)';
  console.log(`${label}: ${matrix.rows} × ${matrix.cols}, ${nnz} ratings, k = ${k}, ${runs} interleaved runs`);
  const withDense = matrix.rows * matrix.cols * 8 <= 64 * 2 ** 20;
  const ours = () => {
    const start = performance.now();
    const svd = truncatedSvd(matrix, { k, gram });
    return { seconds: (performance.now() - start) / 1000, svd };
  };

  const pythonPath = findPython(args.python);
  if (pythonPath === undefined) {
    console.log('no python3 with numpy and scipy found: timing ours alone');
    let last = ours();
    const times = Array.from({ length: runs }, () => {
      last = ours();
      return last.seconds;
    });
    report(last.svd, times, args.gram);
    return;
  }
  const folder = mkdtempSync(path.join(tmpdir(), 'bench-svd-'));
  let python: PythonSide | undefined;
  try {
    // Written before Python starts: it reads the files as soon as it has imported numpy and scipy.
    writeMatrix(folder, matrix);
    python = new PythonSide(pythonPath, [path.join(__dirname, 'bench_svd.py'), folder, '--k', String(k)]);
    const versions = Object.entries(await python.ask<Record<string, string>>('versions'))
      .map(([lib, v]) => `${lib} ${v}`)
      .join(', ');
    // Warm-ups (JIT compilation, first-call allocations) only where one run is short enough for them to matter.
    let last = synthetic === undefined ? ours() : undefined;
    let svds = synthetic === undefined ? await python.ask<Run>('svds 0') : undefined;
    const ourTimes: number[] = [];
    const svdsTimes: number[] = [];
    for (let r = 0; r < runs; r++) {
      last = ours();
      ourTimes.push(last.seconds);
      svds = await python.ask<Run>(`svds ${r}`);
      svdsTimes.push(svds.seconds);
    }
    const denseTimes: number[] = [];
    let dense: Run | undefined;
    if (withDense) {
      dense = await python.ask<Run>('dense');
      for (let r = 0; r < denseRuns; r++) {
        dense = await python.ask<Run>('dense');
        denseTimes.push(dense.seconds);
      }
    }
    if (last === undefined || svds === undefined) throw new Error('no timed run');
    const { svd } = last;
    report(svd, ourTimes, args.gram);
    const others: [string, number[], number[]][] = [[`scipy svds, ARPACK (${versions})`, svdsTimes, svds.s]];
    if (dense !== undefined) others.push(['numpy dense thin SVD', denseTimes, dense.s]);
    for (const [label, times, s] of others) {
      console.log(
        `${label}: ${summary(times)}; ours/theirs ${(median(ourTimes) / median(times)).toFixed(2)} (medians); ` +
          `max relative difference of singular values ${maxRelativeDifference(svd.s, s).toExponential(1)}`,
      );
    }
  } finally {
    python?.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

function report(svd: TruncatedSvd, seconds: number[], gram: string | undefined): void {
  const memory = process.memoryUsage();
  console.log(
    `ours (TypeScript, Lanczos on the Gram matrix, gram ${gram}): ${summary(seconds)}; ` +
      `${svd.iterations} products, ${svd.restarts} restarts; ` +
      `memory: ${mb(memory.rss)} resident, ${mb(memory.arrayBuffers)} in typed arrays`,
  );
  console.log(`  top 5 singular values: ${[...svd.s.slice(0, 5)].map((x) => x.toFixed(3)).join(', ')}`);
}

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MB`;
}

/** The bench_svd.py process, answering one JSON line per command line. */
class PythonSide {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;
  private stderr = '';

  constructor(python: string, args: string[]) {
    this.child = spawn(python, args);
    this.child.stderr.on('data', (chunk) => {
      this.stderr += String(chunk);
    });
    // If Python exits early, the next answer is missing and `ask` reports its stderr; the write error adds nothing.
    this.child.stdin.on('error', () => {});
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  async ask<T>(command: string): Promise<T> {
    this.child.stdin.write(`${command}\n`);
    const line = await this.lines.next();
    if (line.done) throw new Error(`bench_svd.py stopped:\n${this.stderr}`);
    return JSON.parse(line.value) as T;
  }

  close(): void {
    this.child.stdin.end('quit\n');
  }
}

async function loadMatrix(name: DatasetName, dir: string | undefined): Promise<CsrMatrix> {
  const data = dir === undefined ? await loadDataset(name) : await loadMovieLensDir(dir, name);
  return buildRatingMatrix(dropNoGenres(data.ratings, data.movies).ratings);
}

function findPython(explicit: string | undefined): string | undefined {
  const candidates = explicit === undefined ? ['/usr/bin/python3', 'python3'] : [explicit];
  return candidates.find(
    (p) => (p.includes('/') ? existsSync(p) : true) && spawnSync(p, ['-c', 'import numpy, scipy']).status === 0,
  );
}

function writeMatrix(folder: string, m: CsrMatrix): void {
  const nnz = m.indptr[m.rows];
  writeFileSync(path.join(folder, 'shape.json'), JSON.stringify({ rows: m.rows, cols: m.cols, nnz }));
  // Raw arrays in the machine's byte order, which is little-endian on every platform Node supports.
  const bytes = (a: Int32Array | Float64Array, length: number) =>
    new Uint8Array(a.buffer, a.byteOffset, length * a.BYTES_PER_ELEMENT);
  writeFileSync(path.join(folder, 'indptr.i32'), bytes(m.indptr, m.rows + 1));
  writeFileSync(path.join(folder, 'indices.i32'), bytes(m.indices, nnz));
  writeFileSync(path.join(folder, 'values.f64'), bytes(m.values, nnz));
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function summary(seconds: readonly number[]): string {
  return `median ${(1000 * median(seconds)).toFixed(1)} ms, fastest ${(1000 * Math.min(...seconds)).toFixed(1)} ms`;
}

function maxRelativeDifference(ours: Float64Array, theirs: readonly number[]): number {
  let worst = 0;
  for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i] - theirs[i]) / theirs[i]);
  return worst;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
