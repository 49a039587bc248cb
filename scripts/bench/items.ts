import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../lib/src/paths';
import type { DatasetName } from '../../lib/src/types';
import type { EvaluateChildResult, MfChildResult, SvdChildResult } from './child';
import { childCommand, runChild, runCommand } from './run';
import { maxRelativeDifference, median, timing } from './stats';
import type { Comparison, EvaluationRun, ScaleRow, ScaleRun, SpeedItem } from './types';

/**
 * The measured items of `npm run bench`, each turned into a record of results.json. Every function runs its
 * item in child processes (run.ts) and never throws for a failed item: the record says what failed, so one
 * broken item does not lose the others' numbers.
 */

/**
 * Surprise's Cython SVD (100 factors, 20 epochs) on one ml-100k fold on the project's machine, as the issue
 * states it. PyPI is unreachable there, so Surprise cannot be run: the number is a reference, not a measurement.
 */
export const SURPRISE_SVD_SECONDS = 0.31;

const thousands = (n: number) => n.toLocaleString('en-US');

/** A SpeedItem with its keys in the order of the type, whatever order the caller gives them in. */
function speedItem(fields: Omit<SpeedItem, 'error' | 'details' | 'comparisons'> & Partial<SpeedItem>): SpeedItem {
  return {
    id: fields.id,
    label: fields.label,
    command: fields.command,
    runs: fields.runs,
    seconds: fields.seconds,
    peakMB: fields.peakMB,
    memory: fields.memory,
    inputMB: fields.inputMB,
    error: fields.error ?? null,
    details: fields.details ?? {},
    comparisons: fields.comparisons ?? [],
  };
}

function measured(label: string, seconds: number[], ours: number, extra: Partial<Comparison> = {}): Comparison {
  const t = timing(seconds);
  return {
    label,
    kind: 'measured',
    seconds: t,
    compareSeconds: t.median,
    ratio: ours / t.median,
    peakMB: extra.peakMB ?? null,
    maxRelativeDifference: extra.maxRelativeDifference ?? null,
    note: extra.note ?? null,
  };
}

/** Truncated SVD k = 50 of a cleaned dataset's rating matrix, with scipy's svds and numpy's thin SVD beside it. */
export async function svdItem(dataset: DatasetName, runs: number): Promise<SpeedItem> {
  const args = ['svd', '--dataset', dataset, '--runs', String(runs)];
  const run = await runChild<SvdChildResult>(args);
  const base = { id: `svd-${dataset}`, command: childCommand(args), runs, memory: 'VmHWM' as const };
  const title = `truncated SVD k = 50, ${dataset} cleaned`;
  if (run.result === undefined) {
    return speedItem({ ...base, label: title, seconds: null, peakMB: null, inputMB: null, error: run.error });
  }
  const { comparison: c, inputMB, peakMB } = run.result;
  const ours = timing(c.ours.seconds);
  const versions = c.versions ?? {};
  const comparisons: Comparison[] = [];
  if (c.svds) {
    comparisons.push(
      measured(`scipy svds k = 50 (ARPACK, scipy ${versions.scipy})`, c.svds.seconds, ours.median, {
        peakMB: c.svds.peakMB,
        maxRelativeDifference: maxRelativeDifference(c.ours.s, c.svds.s),
      }),
    );
  }
  if (c.dense) {
    comparisons.push(
      measured(`numpy thin SVD, dense (LAPACK, numpy ${versions.numpy})`, c.dense.seconds, ours.median, {
        peakMB: c.dense.peakMB,
        maxRelativeDifference: maxRelativeDifference(c.ours.s, c.dense.s),
        note: 'the dense reference for the singular values',
      }),
    );
  }
  const details: Record<string, number | string> = {
    rows: c.rows,
    cols: c.cols,
    ratings: c.nnz,
    k: c.k,
    products: c.ours.iterations,
    restarts: c.ours.restarts,
  };
  if (c.reference) {
    details.reference = c.reference.method;
    details.referenceMaxRelativeDifference = maxRelativeDifference(c.ours.s, c.reference.s);
  }
  return speedItem({
    ...base,
    label: `${title} (${thousands(c.rows)} × ${thousands(c.cols)}, ${thousands(c.nnz)} ratings)`,
    seconds: ours,
    peakMB,
    inputMB,
    details,
    comparisons,
  });
}

/** One MF fit by SGD (Surprise's defaults) on ml-100k's u1.base, against Surprise's stated time. */
export async function mfFitItem(runs: number): Promise<SpeedItem> {
  const args = ['mf-fit', '--runs', String(runs)];
  const run = await runChild<MfChildResult>(args);
  const base = { id: 'mf-fit-ml-100k', command: childCommand(args), runs, memory: 'VmHWM' as const };
  const title = 'MF fit by SGD (100 factors, 20 epochs), ml-100k u1.base';
  if (run.result === undefined) {
    return speedItem({ ...base, label: title, seconds: null, peakMB: null, inputMB: null, error: run.error });
  }
  const r = run.result;
  const ours = timing(r.seconds);
  const surprise: Comparison = {
    label: "Surprise's SVD (Cython), 100 factors, 20 epochs",
    kind: 'reference',
    seconds: null,
    compareSeconds: SURPRISE_SVD_SECONDS,
    ratio: ours.median / SURPRISE_SVD_SECONDS,
    peakMB: null,
    maxRelativeDifference: null,
    note: 'reference number from the issue (this machine; Surprise cannot be installed here), not measured in this run',
  };
  return speedItem({
    ...base,
    label: `${title} (${thousands(r.ratings)} ratings)`,
    seconds: ours,
    peakMB: r.peakMB,
    inputMB: r.inputMB,
    details: {
      ratings: r.ratings,
      factors: r.factors,
      epochs: r.epochs,
      warmUpSeconds: r.warmUpSeconds,
      finalTrainingRmse: r.finalTrainingRmse,
    },
    comparisons: [surprise],
  });
}

/** Runs `argv` `runs` times under peak.py; the peak is the largest of the runs. */
async function repeatCommand(argv: readonly string[], runs: number) {
  const seconds: number[] = [];
  const outputs: string[] = [];
  let peakMB: number | null = null;
  for (let r = 0; r < runs; r++) {
    const run = await runCommand(argv);
    if (run.error !== null) return { error: `run ${r + 1}: ${run.error}`, seconds, outputs, peakMB };
    seconds.push(run.seconds);
    outputs.push(run.stdout);
    if (run.peakMB !== null) peakMB = Math.max(peakMB ?? 0, run.peakMB);
  }
  return { error: null, seconds, outputs, peakMB };
}

/** `recs figures` end to end (a fresh Node process each run) into a temporary folder, the data already fetched. */
export async function figuresItem(runs: number): Promise<SpeedItem> {
  const out = mkdtempSync(path.join(tmpdir(), 'recs-figures-'));
  try {
    const run = await repeatCommand([process.execPath, 'lib/dist/cli.js', 'figures', '--out', out], runs);
    return speedItem({
      id: 'figures',
      label: '`recs figures` end to end (8 figures, SVG + PNG + spec)',
      command: 'node lib/dist/cli.js figures --out <temporary folder>',
      runs,
      seconds: run.error === null ? timing(run.seconds) : null,
      peakMB: run.peakMB,
      memory: 'ru_maxrss',
      inputMB: null,
      error: run.error,
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The notebook runner's line for a notebook that passed: "ok   notebooks/00-setup.ipynb (7.2 s)". */
const NOTEBOOK_LINE = /^ok\s+(\S+\.ipynb) \(([\d.]+) s\)$/gm;

/** Every notebook executed headlessly by scripts/run-notebooks.mjs (outputs to a temporary folder). */
export async function notebooksItem(runs: number): Promise<SpeedItem> {
  const run = await repeatCommand([process.execPath, 'scripts/run-notebooks.mjs'], runs);
  const perNotebook = new Map<string, number[]>();
  for (const output of run.outputs) {
    for (const [, name, seconds] of output.matchAll(NOTEBOOK_LINE)) {
      perNotebook.set(name, [...(perNotebook.get(name) ?? []), Number(seconds)]);
    }
  }
  const details: Record<string, number | string> = { notebooks: perNotebook.size };
  for (const [name, seconds] of perNotebook) details[`${name} median s`] = median(seconds);
  return speedItem({
    id: 'notebooks',
    label: `all notebooks executed (${perNotebook.size}, nbconvert on the tslab kernel)`,
    command: 'node scripts/run-notebooks.mjs',
    runs,
    seconds: run.error === null ? timing(run.seconds) : null,
    peakMB: run.peakMB,
    memory: 'ru_maxrss',
    inputMB: null,
    error: run.error,
    details,
  });
}

/** Every registered model on one protocol, once: the metrics do not vary between runs, and fit times are shown. */
export async function evaluationRun(protocol: string): Promise<EvaluationRun> {
  const args = ['evaluate', '--protocol', protocol];
  const run = await runChild<EvaluateChildResult>(args);
  const r = run.result;
  return {
    protocol,
    command: childCommand(args),
    models: r?.result.results.map((m) => m.model) ?? [],
    seconds: r === undefined ? null : run.seconds,
    peakMB: r?.peakMB ?? null,
    error: run.error,
    verdict: r?.verdict ?? null,
    result: r?.result ?? null,
    svdIntervals: r?.svdIntervals ?? null,
  };
}

/** scripts/bench-scale.ts at `sizes`, writing `out` (relative to the project root), whose rows are then read back. */
export async function scaleRun(sizes: readonly number[], out: string, seed = 42): Promise<ScaleRun> {
  const args = ['scripts/bench-scale.ts', '--sizes', sizes.join(','), '--seed', String(seed), '--out', out];
  const run = await runCommand([process.execPath, ...process.execArgv, ...args]);
  const command = ['tsx', ...args].join(' ');
  const sizesJson = [...sizes];
  if (run.error !== null) return { command, seed, sizes: sizesJson, rows: null, error: run.error };
  const { rows } = JSON.parse(readFileSync(path.resolve(PROJECT_ROOT, out), 'utf8')) as { rows: ScaleRow[] };
  return { command, seed, sizes: sizesJson, rows, error: null };
}
