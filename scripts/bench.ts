/**
 * The project's benchmark (a script, never a test: timings decide nothing in `npm test`).
 *
 *   npm run bench [-- --runs 5] [--quick] [--notebook-runs N] [--sizes 1e6,1e7,2.5e7] [--only ITEMS]
 *                 [--out bench/results.json] [--no-readme]
 *
 * Measures, each item in child processes of its own (peak memory included):
 *   svd         truncated SVD k = 50 on cleaned ml-latest-small and on ml-100k, with scipy's svds and numpy's
 *               thin SVD on the same matrix when Python 3 with numpy and scipy is installed (ratio ours / theirs)
 *   mf          one MF fit by SGD (100 factors, 20 epochs) on ml-100k's u1 fold
 *   figures     `recs figures` end to end (lib/dist: run `npm run build` after editing lib/src)
 *   notebooks   every notebook executed headlessly (scripts/run-notebooks.mjs)
 *   evaluation  both protocols (ml100k-folds, mls-temporal) with every registered model, and their verdicts
 *   scale       parse-to-CSR, truncated SVD and one MF epoch on 1M, 10M and 25M synthetic ratings (bench-scale.ts)
 * Timings are medians over --runs (default 5) with the fastest and slowest run. `--quick` runs the scale at 1e5
 * and 1e6 and the notebooks once, for a try in a minute or two. The tables and a PASS/MISS line per target go
 * to stdout, progress to stderr; everything to --out (default bench/results.json), then the README's two
 * generated blocks are rewritten from it (scripts/readme-tables.ts, also `npm run readme`).
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROTOCOL_NAMES } from '../lib/src/evaluation/protocols';
import { formatResultTable } from '../lib/src/evaluation/result-table';
import { PROJECT_ROOT } from '../lib/src/paths';
import { evaluationRun, figuresItem, mfFitItem, notebooksItem, scaleRun, svdItem } from './bench/items';
import { describeMachine } from './bench/machine';
import { formatSeconds, roundSeconds } from './bench/stats';
import { findPython } from './bench/svd';
import { machineLine, scaleTable, speedTable, targetLines, textTable } from './bench/tables';
import { evaluationTargets, performanceTargets } from './bench/targets';
import { type BenchResults, type EvaluationRun, RESULTS_VERSION, type SpeedItem } from './bench/types';
import { writeReadme } from './readme-tables';

type Item = 'svd' | 'mf' | 'figures' | 'notebooks' | 'evaluation' | 'scale';
const ITEMS: readonly Item[] = ['svd', 'mf', 'figures', 'notebooks', 'evaluation', 'scale'];

const FULL_SIZES = [1e6, 1e7, 2.5e7];
const QUICK_SIZES = [1e5, 1e6];

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

function wholeNumber(text: string, name: string): number {
  const n = Number(text);
  if (!(Number.isInteger(n) && n >= 1)) throw new Error(`--${name} must be a whole number ≥ 1, got '${text}'`);
  return n;
}

/** How this run was started, as a reader would retype it. */
function invocation(argv: readonly string[]): string {
  const args = argv.join(' ');
  if (process.env.npm_lifecycle_event === 'bench') return `npm run bench${args ? ` -- ${args}` : ''}`;
  return `tsx scripts/bench.ts${args ? ` ${args}` : ''}`;
}

/** lib/src files whose compiled lib/dist file is missing or older: `recs figures` and the notebooks run lib/dist. */
function staleDist(): string[] {
  const src = path.join(PROJECT_ROOT, 'lib', 'src');
  const stale: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const built = path.join(PROJECT_ROOT, 'lib', 'dist', path.relative(src, file)).replace(/\.ts$/, '.js');
        const builtTime = statSync(built, { throwIfNoEntry: false })?.mtimeMs ?? 0;
        if (builtTime < statSync(file).mtimeMs) stale.push(path.relative(PROJECT_ROOT, file));
      }
    }
  };
  walk(src);
  return stale;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string', default: '5' },
      quick: { type: 'boolean', default: false },
      'notebook-runs': { type: 'string' },
      sizes: { type: 'string' },
      only: { type: 'string' },
      out: { type: 'string', default: path.join('bench', 'results.json') },
      'no-readme': { type: 'boolean', default: false },
    },
  });
  const start = performance.now();
  const startedAt = new Date().toISOString();
  const runs = wholeNumber(values.runs, 'runs');
  const quick = values.quick;
  const notebookRuns = wholeNumber(values['notebook-runs'] ?? (quick ? '1' : String(runs)), 'notebook-runs');
  const sizes = values.sizes?.split(',').map(Number) ?? (quick ? QUICK_SIZES : FULL_SIZES);
  if (sizes.some((n) => !(Number.isInteger(n) && n >= 1))) throw new Error(`--sizes: whole numbers ≥ 1, got ${sizes}`);
  const only = values.only?.split(',') ?? [...ITEMS];
  const unknown = only.filter((item) => !(ITEMS as readonly string[]).includes(item));
  if (unknown.length > 0) throw new Error(`--only: unknown ${unknown.join(', ')}; expected ${ITEMS.join(', ')}`);
  const wanted = (item: Item) => only.includes(item);
  const out = path.resolve(PROJECT_ROOT, values.out);

  const stale = staleDist();
  if (stale.length > 0) {
    log(`WARNING: lib/dist is older than ${stale.join(', ')}: figures and notebooks run the old build (npm run build)`);
  }
  const python = findPython();
  const machine = describeMachine(python);
  log(`python with numpy and scipy: ${python ?? 'none, ours is timed alone'}`);

  const speed: SpeedItem[] = [];
  if (wanted('svd')) {
    for (const dataset of ['ml-latest-small', 'ml-100k'] as const) {
      log(`truncated SVD k = 50 on ${dataset}, ${runs} interleaved runs with scipy, then numpy's dense SVD`);
      speed.push(await svdItem(dataset, runs));
    }
  }
  if (wanted('mf')) {
    log(`MF fit on ml-100k u1, one warm-up and ${runs} runs`);
    speed.push(await mfFitItem(runs));
  }
  if (wanted('figures')) {
    log(`recs figures, ${runs} runs`);
    speed.push(await figuresItem(runs));
  }
  if (wanted('notebooks')) {
    log(`notebooks, ${notebookRuns} runs`);
    speed.push(await notebooksItem(notebookRuns));
  }
  const evaluation: EvaluationRun[] = [];
  if (wanted('evaluation')) {
    for (const protocol of PROTOCOL_NAMES) {
      log(`evaluation: ${protocol}, every registered model`);
      evaluation.push(await evaluationRun(protocol));
    }
  }
  const scaleOut = path.relative(PROJECT_ROOT, path.join(path.dirname(out), 'scale.json'));
  let scale: BenchResults['scale'] = { command: '', seed: 42, sizes, rows: null, error: 'not run (--only)' };
  if (wanted('scale')) {
    log(`scale: ${sizes.join(', ')} ratings`);
    scale = await scaleRun(sizes, scaleOut);
  }

  const results: BenchResults = {
    version: RESULTS_VERSION,
    command: invocation(argv),
    startedAt,
    totalSeconds: roundSeconds((performance.now() - start) / 1000),
    options: { runs, notebookRuns, quick },
    machine,
    speed,
    targets: [...performanceTargets(speed), ...evaluationTargets(evaluation)],
    evaluation,
    scale,
  };
  print(results);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  const shown = path.relative(PROJECT_ROOT, out);
  console.log(`\nwrote ${shown.startsWith('..') ? out : shown}`);
  if (!values['no-readme']) {
    console.log(`README.md: ${writeReadme(results) ? 'generated blocks rewritten' : 'generated blocks unchanged'}`);
  }
  const failed = [
    ...speed.filter((i) => i.error !== null).map((i) => i.id),
    ...evaluation.filter((e) => e.error !== null).map((e) => e.protocol),
    ...(wanted('scale') && scale.error !== null ? ['scale'] : []),
  ];
  if (failed.length > 0) {
    console.log(`FAILED: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

function print(results: BenchResults): void {
  const say = (text = '') => console.log(text);
  say(`machine: ${machineLine(results.machine)}`);
  say(`command: ${results.command}`);
  say();
  say(`Speed (medians over ${results.options.runs} runs; notebooks ${results.options.notebookRuns}):`);
  say(textTable(speedTable(results)));
  for (const item of results.speed.filter((i) => i.error !== null)) say(`  ${item.id} FAILED: ${item.error}`);
  if (results.scale.rows !== null) {
    say();
    say(`Scale (${results.scale.command}; one run per cell: seconds, peak MB):`);
    say(textTable(scaleTable(results.scale)));
  }
  for (const run of results.evaluation) {
    say();
    say(`Evaluation: ${run.protocol} (models: ${run.models.join(', ')})`);
    if (run.result === null) {
      say(`FAILED: ${run.error}`);
      continue;
    }
    say(formatResultTable(run.result));
    say();
    if (run.verdict !== null) say(run.verdict);
  }
  say();
  say('Targets:');
  for (const line of targetLines(results.targets)) say(line);
  say();
  say(`total: ${formatSeconds(results.totalSeconds)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
