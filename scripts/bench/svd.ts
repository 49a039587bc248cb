import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { dropNoGenres } from '../../lib/dist/cleaning';
import type { GramRepresentation } from '../../lib/dist/gram';
import { loadDataset, loadMovieLensDir } from '../../lib/dist/loading';
import { buildRatingMatrix, type CsrMatrix } from '../../lib/dist/matrix';
import { truncatedSvd } from '../../lib/dist/svd';
import type { DatasetName } from '../../lib/dist/types';

/**
 * Our truncated SVD (lib/src/svd.ts) against scipy's ARPACK `svds` and numpy's thin dense SVD on the same
 * matrix, the comparison behind scripts/bench-svd.ts and `npm run bench`.
 *
 * Runs are interleaved (ours, scipy, ours, scipy, ...) after one warm-up each, because this machine's speed
 * drifts by tens of percent within seconds; the medians then compare like with like. The Python side
 * (scripts/bench_svd.py) needs numpy and scipy: Debian's /usr/bin/python3 is tried first, since the `python3`
 * on PATH may be a pyenv one without them. Without either, ours is timed alone and the dense reference for the
 * singular values is computed here (dense-reference.ts).
 */

/** The times of one method and the singular values of its last run (descending). */
export interface MethodRuns {
  seconds: number[];
  s: number[];
}

/** One answer of bench_svd.py to `svds SEED` or `dense`. */
interface PythonRun {
  seconds: number;
  s: number[];
}

export interface SvdComparison {
  rows: number;
  cols: number;
  nnz: number;
  k: number;
  ours: MethodRuns & { iterations: number; restarts: number };
  /** scipy.sparse.linalg.svds(k), with the Python process's peak memory after its runs. */
  svds?: MethodRuns & { peakMB: number | null };
  /** numpy.linalg.svd(dense, full_matrices=False), with the Python process's peak memory after its runs. */
  dense?: MethodRuns & { peakMB: number | null };
  /** Where the reference singular values come from, and the k largest of them (descending). */
  reference?: { method: string; s: number[] };
  /** python, numpy and scipy versions, when Python ran. */
  versions?: Record<string, string>;
}

export interface CompareSvdOptions {
  /** Singular triplets, default 50. */
  k?: number;
  /** Timed runs of ours and of svds, each; default 5. */
  runs?: number;
  /** Timed runs of numpy's dense SVD; default 5. Skipped when the dense matrix would exceed `denseLimitMB`. */
  denseRuns?: number;
  /** Largest dense matrix numpy is asked to decompose, in MB; default 64 (ml-latest-small's is 47 MB). */
  denseLimitMB?: number;
  /** Our Gram representation; default chosen by the library's cost model. */
  gram?: GramRepresentation;
  /** One untimed run of each method first; default true (a run of millions of ratings warms up by itself). */
  warmUp?: boolean;
  /** The Python interpreter with numpy and scipy, or undefined to time ours alone. Default: `findPython()`. */
  python?: string | undefined;
}

export async function compareSvd(matrix: CsrMatrix, options: CompareSvdOptions = {}): Promise<SvdComparison> {
  const { k = 50, runs = 5, denseRuns = 5, denseLimitMB = 64, gram, warmUp = true } = options;
  if (!(Number.isInteger(runs) && runs >= 1)) throw new Error(`runs must be a whole number ≥ 1, got ${runs}`);
  const python = 'python' in options ? options.python : findPython();
  const nnz = matrix.indptr[matrix.rows];
  const withDense = matrix.rows * matrix.cols * 8 <= denseLimitMB * 2 ** 20;
  const ours = () => {
    const start = performance.now();
    const svd = truncatedSvd(matrix, { k, gram });
    return { seconds: (performance.now() - start) / 1000, svd };
  };
  const shape = { rows: matrix.rows, cols: matrix.cols, nnz, k };
  const ourRuns = (last: ReturnType<typeof ours>, seconds: number[]) => ({
    seconds,
    s: [...last.svd.s],
    iterations: last.svd.iterations,
    restarts: last.svd.restarts,
  });

  if (python === undefined) {
    let last = warmUp ? ours() : undefined;
    const seconds: number[] = [];
    for (let r = 0; r < runs; r++) {
      last = ours();
      seconds.push(last.seconds);
    }
    if (last === undefined) throw new Error('no timed run');
    // Loaded only here: merely loading ml-matrix made mf-sgd's fit 40% slower in the same process (measured).
    const { denseGramSingularValues } = await import('./dense-reference');
    const reference = withDense
      ? { method: "ml-matrix's symmetric eigensolver on the dense Gram matrix", s: denseGramSingularValues(matrix, k) }
      : undefined;
    return { ...shape, ours: ourRuns(last, seconds), reference };
  }

  const folder = mkdtempSync(path.join(tmpdir(), 'bench-svd-'));
  let side: PythonSide | undefined;
  try {
    // Written before Python starts: it reads the files as soon as it has imported numpy and scipy.
    writeMatrix(folder, matrix);
    side = new PythonSide(python, [path.join(__dirname, '..', 'bench_svd.py'), folder, '--k', String(k)]);
    const versions = await side.ask<Record<string, string>>('versions');
    let last = warmUp ? ours() : undefined;
    if (warmUp) await side.ask<PythonRun>('svds 0');
    const ourSeconds: number[] = [];
    const svdsSeconds: number[] = [];
    let svds: PythonRun | undefined;
    for (let r = 0; r < runs; r++) {
      last = ours();
      ourSeconds.push(last.seconds);
      svds = await side.ask<PythonRun>(`svds ${r}`);
      svdsSeconds.push(svds.seconds);
    }
    if (last === undefined || svds === undefined) throw new Error('no timed run');
    const svdsPeak = (await side.ask<{ peakMB: number | null }>('memory')).peakMB;
    const result: SvdComparison = {
      ...shape,
      ours: ourRuns(last, ourSeconds),
      svds: { seconds: svdsSeconds, s: svds.s, peakMB: svdsPeak },
      versions,
    };
    if (withDense) {
      // The first call converts the matrix to dense: untimed.
      let dense = await side.ask<PythonRun>('dense');
      const seconds: number[] = [];
      for (let r = 0; r < denseRuns; r++) {
        dense = await side.ask<PythonRun>('dense');
        seconds.push(dense.seconds);
      }
      const peakMB = (await side.ask<{ peakMB: number | null }>('memory')).peakMB;
      result.dense = { seconds, s: dense.s, peakMB };
      result.reference = { method: "numpy's thin dense SVD (LAPACK)", s: dense.s };
    }
    return result;
  } finally {
    side?.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The zero-filled user × movie matrix of a dataset, movies without genres dropped (the blog's cleaning). */
export async function loadSvdMatrix(name: DatasetName, dir?: string): Promise<CsrMatrix> {
  const data = dir === undefined ? await loadDataset(name) : await loadMovieLensDir(dir, name);
  return buildRatingMatrix(dropNoGenres(data.ratings, data.movies).ratings);
}

/** The first of `explicit`, else Debian's /usr/bin/python3, else `python3` on PATH, that imports numpy and scipy. */
export function findPython(explicit?: string): string | undefined {
  const candidates = explicit === undefined ? ['/usr/bin/python3', 'python3'] : [explicit];
  return candidates.find(
    (p) => (p.includes('/') ? existsSync(p) : true) && spawnSync(p, ['-c', 'import numpy, scipy']).status === 0,
  );
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
    const answer = JSON.parse(line.value) as T & { error?: string };
    if (answer.error !== undefined) throw new Error(`bench_svd.py: ${answer.error}`);
    return answer;
  }

  close(): void {
    this.child.stdin.end('quit\n');
  }
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
