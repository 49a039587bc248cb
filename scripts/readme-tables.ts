/**
 * Regenerates the README's two generated blocks from bench/results.json, without re-running the bench:
 *
 *   npm run readme [-- --results bench/results.json --readme README.md]
 *
 * Only the text between `<!-- evaluation:begin -->` and `<!-- evaluation:end -->` (and the same for
 * `performance`) changes; running it twice changes nothing the second time. `npm run bench` calls
 * `writeReadme` at its end, so the README always shows the run in bench/results.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../lib/src/paths';
import {
  evaluationTable,
  machineLine,
  markdownTable,
  scaleTable,
  speedTable,
  surpriseTable,
  type Table,
} from './bench/tables';
import { type BenchResults, RESULTS_VERSION, type TargetResult } from './bench/types';

export type BlockName = 'evaluation' | 'performance';

/**
 * `text` with the content between the block's markers replaced by `content` (markers kept, one line break
 * inside each).
 * @throws Error when the block's begin or end marker is missing, repeated, or out of order.
 */
export function replaceBlock(text: string, name: BlockName, content: string): string {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const count = (marker: string) => text.split(marker).length - 1;
  if (count(begin) !== 1 || count(end) !== 1) {
    throw new Error(`expected exactly one ${begin} and one ${end}, found ${count(begin)} and ${count(end)}`);
  }
  const from = text.indexOf(begin) + begin.length;
  const to = text.indexOf(end);
  if (to < from) throw new Error(`${end} comes before ${begin}`);
  return `${text.slice(0, from)}\n${content.trim()}\n${text.slice(to)}`;
}

function provenance(results: BenchResults): string {
  const minutes = (results.totalSeconds / 60).toFixed(1);
  return (
    `_Generated from [bench/results.json](bench/results.json) by \`npm run readme\`; measured by ` +
    `\`${results.command}\` on ${results.startedAt.slice(0, 10)} (${minutes} min in all). Do not edit by hand: ` +
    'machine-dependent numbers differ from machine to machine._'
  );
}

function targetList(targets: readonly TargetResult[], block: BlockName): string {
  return targets
    .filter((t) => t.block === block)
    .map((t) => `- **${t.status}** ${t.description}: ${t.measured}`)
    .join('\n');
}

const table = (t: Table) => markdownTable(t);

export function performanceBlock(results: BenchResults): string {
  const { options, scale } = results;
  const parts = [
    provenance(results),
    `**Machine**: ${machineLine(results.machine)}.`,
    `**Command**: \`${results.command}\`: medians over ${options.runs} runs (notebooks: ${options.notebookRuns}), ` +
      'each item in processes of its own. Peak memory is the resident high-water mark (VmHWM) of a Node child, ' +
      "or for a command (figures, notebooks) the largest process's ru_maxrss. Ratios are our median over theirs: " +
      'below 1, ours is faster.',
    table(speedTable(results)),
    '**Targets**',
    targetList(results.targets, 'performance'),
    '**Scale**: seeded MovieLens-like ratings (lib/src/synthetic.ts), one run per cell, each step in a process ' +
      `of its own: the step's time, then that process's peak memory (its input included). \`${scale.command}\``,
    scale.rows === null ? `Scale run failed: ${scale.error}` : table(scaleTable(scale)),
  ];
  return parts.join('\n\n');
}

export function evaluationBlock(results: BenchResults): string {
  const first = results.evaluation.find((run) => run.result !== null)?.result;
  const parts = [provenance(results)];
  if (first) {
    parts.push(
      `Every registered model on both protocols. Lists of ${first.k}; a test rating of ${first.minRating} stars ` +
        'or more is relevant; RMSE and MAE in stars; fit s is the mean seconds of one fit. `-`: the metric does ' +
        'not apply (a model that only ranks). Each verdict below is written from the numbers of its table.',
    );
  }
  for (const run of results.evaluation) {
    parts.push(`### ${run.protocol}`);
    if (run.result === null) {
      parts.push(`Failed: ${run.error}`);
      continue;
    }
    parts.push(table(evaluationTable(run.result)));
    if (run.protocol === 'ml100k-folds') {
      parts.push(
        "For reference, Surprise's published means on ml-100k (a random 5-fold split of u.data, not the u1..u5 " +
          'files, and not run here):',
        table(surpriseTable()),
      );
    }
    if (run.verdict !== null) parts.push(run.verdict);
  }
  parts.push('**Targets**', targetList(results.targets, 'evaluation'));
  return parts.join('\n\n');
}

/** The README with both blocks regenerated from `results`. */
export function updateReadme(readme: string, results: BenchResults): string {
  if (results.version !== RESULTS_VERSION) {
    throw new Error(`results version ${results.version}, this generator reads version ${RESULTS_VERSION}`);
  }
  const withEvaluation = replaceBlock(readme, 'evaluation', evaluationBlock(results));
  return replaceBlock(withEvaluation, 'performance', performanceBlock(results));
}

/** Rewrites `readmePath` from `results` when a block changed; says whether it did. */
export function writeReadme(results: BenchResults, readmePath = path.join(PROJECT_ROOT, 'README.md')): boolean {
  const before = readFileSync(readmePath, 'utf8');
  const after = updateReadme(before, results);
  if (after !== before) writeFileSync(readmePath, after);
  return after !== before;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      results: { type: 'string', default: path.join(PROJECT_ROOT, 'bench', 'results.json') },
      readme: { type: 'string', default: path.join(PROJECT_ROOT, 'README.md') },
    },
  });
  const results = JSON.parse(readFileSync(values.results, 'utf8')) as BenchResults;
  const changed = writeReadme(results, values.readme);
  console.log(`${values.readme}: ${changed ? 'evaluation and performance blocks regenerated' : 'already up to date'}`);
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
