/**
 * The scale benchmark: time and peak memory of parse-to-CSR, truncated SVD (k = 50) and one epoch of SGD matrix
 * factorisation on seeded MovieLens-like data of growing size, up to ml-25m's 25 million ratings.
 *
 *   npx tsx scripts/bench-scale.ts [--sizes 1e6,1e7,2.5e7] [--steps parse-csr,svd-k50,mf-epoch] [--seed 42]
 *                                  [--out bench/scale.json]
 *
 * For each size a child process generates the data (synthetic.ts, seed 42) and writes it to a temporary folder
 * (deleted at the end) as ratings.csv and as raw columns; its row shows the generation time, not the writing.
 * Each step then runs in a fresh child process, so that its peak resident memory (maxRSS) is its own:
 *   parse-csr  readRatingsFile(ratings.csv) + buildRatingMatrix (timed together; `parts` splits them)
 *   svd-k50    truncatedSvd(matrix, { k: 50 }) on the raw-star CSR matrix (built before the clock starts)
 *   mf-epoch   mfSgdModel({ epochs: 1 }).fit(ratings), everything fit does (index arrays, 100 factors, 1 pass)
 * `inputMB` is the peak before the timed part (Node itself plus the step's input), `peakMB` the peak at the end.
 * The table goes to stdout and everything to --out (default bench/scale.json).
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildRatingMatrix } from '../lib/dist/matrix';
import { mfSgdModel } from '../lib/dist/models/mf-sgd';
import { readRatingsFile } from '../lib/dist/ratings-file';
import { writeRatingsCsv } from '../lib/dist/ratings-writer';
import { truncatedSvd } from '../lib/dist/svd';
import { generateRatings } from '../lib/dist/synthetic';
import type { RatingsTable } from '../lib/dist/types';
import type { ScaleRow, ScaleStepResult, ScaleTask } from './bench/types';

type Step = Exclude<ScaleTask, 'generate'>;
const STEPS: readonly Step[] = ['parse-csr', 'svd-k50', 'mf-epoch'];
/** Making the data runs in a child too, so that this process stays small (see childStep). */
type ChildTask = ScaleTask;
type StepResult = ScaleStepResult;
type Row = ScaleRow;

const megabytes = (kilobytes: number) => Math.round(kilobytes / 1024);
const peakMB = () => megabytes(process.resourceUsage().maxRSS);
const seconds = (since: number) => (performance.now() - since) / 1000;

function highWaterMB(): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb === undefined ? undefined : megabytes(Number(kb));
  } catch {
    return undefined;
  }
}

/** Runs one task on the files of one size (in the child process). */
async function runTask(task: ChildTask, dir: string, ratings: number, seed: number): Promise<StepResult> {
  const csv = path.join(dir, 'ratings.csv');
  const bin = path.join(dir, 'ratings.bin');
  const done = (t0: number, inputMB: number, extra: Partial<StepResult> = {}): StepResult => ({
    seconds: seconds(t0),
    inputMB,
    peakMB: peakMB(),
    hwmMB: highWaterMB(),
    ...extra,
  });
  if (task === 'generate') {
    const inputMB = peakMB();
    const t0 = performance.now();
    const table = generateRatings({ ratings, seed });
    const generated = seconds(t0);
    const t1 = performance.now();
    await writeRatingsCsv(table, csv);
    writeColumns(table, bin);
    const parts = { write: seconds(t1) };
    return {
      ...done(t0, inputMB, { parts }),
      seconds: generated,
      users: distinct(table.userId),
      movies: distinct(table.movieId),
      csvMB: megabytes(statSync(csv).size / 1024),
    };
  }
  if (task === 'parse-csr') {
    const inputMB = peakMB();
    const t0 = performance.now();
    const table = await readRatingsFile(csv, 'csv');
    const parse = seconds(t0);
    const t1 = performance.now();
    buildRatingMatrix(table);
    return done(t0, inputMB, { parts: { parse, csr: seconds(t1) } });
  }
  const table = readColumns(bin);
  if (task === 'svd-k50') {
    const matrix = buildRatingMatrix(table);
    const inputMB = peakMB();
    const t0 = performance.now();
    const svd = truncatedSvd(matrix, { k: 50, seed });
    return done(t0, inputMB, { parts: { iterations: svd.iterations, restarts: svd.restarts } });
  }
  const inputMB = peakMB();
  const t0 = performance.now();
  // The whole fit with one epoch: building its index arrays and initialising the factors is part of the cost.
  mfSgdModel({ epochs: 1, seed }).fit(table);
  return done(t0, inputMB);
}

/** Raw columns (a uint32 length, then userId, movieId, rating, timestamp): the SVD and MF steps skip parsing. */
function writeColumns(table: RatingsTable, file: string): void {
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, new Uint32Array([table.length]));
    for (const column of [table.userId, table.movieId, table.rating, table.timestamp]) {
      const bytes = new Uint8Array(column.buffer, column.byteOffset, column.byteLength);
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
    }
  } finally {
    closeSync(fd);
  }
}

function readColumns(file: string): RatingsTable {
  const fd = openSync(file, 'r');
  try {
    const header = new Uint32Array(1);
    readSync(fd, header, 0, 4, 0);
    const n = header[0];
    const table = {
      length: n,
      userId: new Int32Array(n),
      movieId: new Int32Array(n),
      rating: new Float32Array(n),
      timestamp: new Uint32Array(n),
    };
    let position = 4;
    for (const column of [table.userId, table.movieId, table.rating, table.timestamp]) {
      const bytes = new Uint8Array(column.buffer);
      for (let done = 0; done < bytes.length; ) {
        const read = readSync(fd, bytes, done, bytes.length - done, position + done);
        if (read === 0) throw new Error(`${file} ends early`);
        done += read;
      }
      position += bytes.length;
    }
    return table;
  } finally {
    closeSync(fd);
  }
}

function parseArgs(argv: string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined)
      throw new Error(`expected --name value, got ${argv[i]}`);
    args.set(argv[i].slice(2), argv[i + 1]);
  }
  return args;
}

function list<T extends string>(text: string, allowed: readonly T[]): T[] {
  return text.split(',').map((s) => {
    if (!allowed.includes(s as T)) throw new Error(`unknown step ${s}: expected ${allowed.join(', ')}`);
    return s as T;
  });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const seed = Number(args.get('seed') ?? 42);
  const child = args.get('child');
  if (child !== undefined) {
    const task = list(child, [...STEPS, 'generate'] as const)[0];
    console.log(JSON.stringify(await runTask(task, args.get('dir') ?? '', Number(args.get('ratings')), seed)));
    return;
  }
  const sizes = (args.get('sizes') ?? '1e6,1e7,2.5e7').split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes: whole numbers ≥ 1, got ${sizes}`);
  const steps = list(args.get('steps') ?? STEPS.join(','), STEPS);
  const out = args.get('out') ?? path.join('bench', 'scale.json');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'recs-scale-'));
  const rows: Row[] = [];
  const cell = (v: number | undefined, digits: number, width: number) =>
    (v === undefined ? '-' : v.toFixed(digits)).padStart(width);
  console.log(
    `${'ratings'.padStart(12)}  ${'step'.padEnd(9)} ${'seconds'.padStart(8)} ${'peak MB'.padStart(8)}  s/M ratings`,
  );
  try {
    for (const n of sizes) {
      for (const task of ['generate', ...steps] as const) {
        const row = childStep(task, tmp, seed, n);
        rows.push(row);
        const failed = row.error === undefined ? '' : `  FAILED: ${row.error}`;
        console.log(
          `${n.toLocaleString('en-US').padStart(12)}  ${task.padEnd(9)} ${cell(row.seconds, 2, 8)} ${cell(row.peakMB, 0, 8)}  ${cell(row.secondsPerMillion, 3, 11)}${failed}`,
        );
        if (task === 'generate' && row.error !== undefined) break;
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  mkdirSync(path.dirname(out), { recursive: true });
  const machine = {
    node: process.version,
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memoryGB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
  };
  writeFileSync(out, `${JSON.stringify({ seed, machine, rows }, null, 2)}\n`);
  console.log(`wrote ${out}`);
}

/** Number of distinct ids (non-negative, as generated). */
function distinct(ids: Int32Array): number {
  let max = 0;
  for (let i = 0; i < ids.length; i++) max = Math.max(max, ids[i]);
  const seen = new Uint8Array(max + 1);
  let count = 0;
  for (let i = 0; i < ids.length; i++) {
    if (seen[ids[i]] === 0) count++;
    seen[ids[i]] = 1;
  }
  return count;
}

/**
 * Runs `task` in a fresh Node process (same loader flags as this one) and reads its result line. Linux carries
 * the parent's resident size at fork over into the child's maxRSS, which is why this process holds no data.
 */
function childStep(task: ChildTask, dir: string, seed: number, n: number): Row {
  const argv = [...process.execArgv, process.argv[1], '--child', task, '--dir', dir, '--ratings', String(n)];
  argv.push('--seed', String(seed));
  const run = spawnSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const last = run.stdout.trim().split('\n').pop() ?? '';
  if (run.status !== 0 || !last.startsWith('{')) {
    const why = run.signal ?? `exit ${run.status}`;
    const lines = run.stderr.trim().split('\n');
    const message = lines.find((line) => /Error|out of memory/.test(line)) ?? lines.at(-1);
    return { ratings: n, step: task, error: `${why}: ${message}` };
  }
  const result = JSON.parse(last) as StepResult;
  return { ratings: n, step: task, ...result, secondsPerMillion: result.seconds / (n / 1e6) };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
