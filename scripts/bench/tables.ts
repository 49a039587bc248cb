import { RESULT_COLUMNS, type ResultColumn } from '../../lib/src/evaluation/result-table';
import type { ProtocolResult } from '../../lib/src/evaluation/run-protocol';
import { formatSeconds } from './stats';
import type { BenchResults, Machine, ScaleRow, ScaleRun, ScaleTask, TargetResult } from './types';

/**
 * The tables of a bench run, built once as cells and drawn two ways: aligned text for the terminal
 * (scripts/bench.ts) and markdown for the README (scripts/readme-tables.ts), so both show the same numbers.
 */

export interface Table {
  header: string[];
  /** Per column: text columns left, numbers right. */
  align: ('left' | 'right')[];
  rows: string[][];
}

/** Columns padded to their widest cell, two spaces apart. */
export function textTable(table: Table): string {
  const all = [table.header, ...table.rows];
  const widths = table.header.map((_, j) => Math.max(...all.map((row) => row[j].length)));
  const line = (row: string[]) =>
    row
      .map((cell, j) => (table.align[j] === 'left' ? cell.padEnd(widths[j]) : cell.padStart(widths[j])))
      .join('  ')
      .trimEnd();
  return all.map(line).join('\n');
}

/** A GitHub markdown table; `|` in a cell is escaped. */
export function markdownTable(table: Table): string {
  const escapeBars = (cell: string) => cell.replaceAll('|', '\\|');
  const row = (cells: string[]) => `| ${cells.map(escapeBars).join(' | ')} |`;
  const rule = `|${table.align.map((a) => (a === 'left' ? ':---' : '---:')).join('|')}|`;
  return [row(table.header), rule, ...table.rows.map(row)].join('\n');
}

const mb = (x: number | null) => (x === null ? '-' : `${x}`);

/**
 * One row per measured item, each followed by what it is compared with ("vs ..."): runs, median, fastest and
 * slowest run, peak memory, our median over theirs and the largest relative difference of singular values.
 * The evaluation runs close the table (one run each: their metrics do not vary).
 */
export function speedTable(results: BenchResults): Table {
  const rows: string[][] = [];
  for (const item of results.speed) {
    const t = item.seconds;
    rows.push([
      item.label,
      `${item.runs}`,
      t ? formatSeconds(t.median) : 'FAILED',
      t ? formatSeconds(t.min) : '-',
      t ? formatSeconds(t.max) : '-',
      mb(item.peakMB),
      '',
      '',
    ]);
    for (const c of item.comparisons) {
      const s = c.seconds;
      const label = c.kind === 'reference' ? `${c.label}: reference from the issue, not measured` : c.label;
      rows.push([
        `↳ vs ${label}`,
        s ? `${s.samples.length}` : '-',
        formatSeconds(c.compareSeconds),
        s ? formatSeconds(s.min) : '-',
        s ? formatSeconds(s.max) : '-',
        mb(c.peakMB),
        c.ratio.toFixed(2),
        c.maxRelativeDifference === null ? '' : c.maxRelativeDifference.toExponential(1),
      ]);
    }
  }
  for (const e of results.evaluation) {
    const splits = e.result?.splits.length ?? 0;
    const models = e.result ? `${e.models.length} models × ${splits} split${splits === 1 ? '' : 's'}` : 'all models';
    const s = e.seconds;
    const cell = s === null ? 'FAILED' : formatSeconds(s);
    rows.push([`evaluate ${e.protocol} (${models}), loading included`, '1', cell, '-', '-', mb(e.peakMB), '', '']);
  }
  return {
    header: ['what', 'runs', 'median', 'fastest', 'slowest', 'peak MB', 'ours / theirs', 'max rel. diff. of σ'],
    align: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    rows,
  };
}

const SCALE_STEPS: readonly [ScaleTask, string][] = [
  ['generate', 'generate (not parsed)'],
  ['parse-csr', 'parse CSV → CSR'],
  ['svd-k50', 'truncated SVD k = 50'],
  ['mf-epoch', 'one MF epoch (100 factors)'],
];

/** One row per size, one column per step: "2.82 s, 541 MB" (time of the step, peak memory of its process). */
export function scaleTable(scale: ScaleRun): Table {
  const sizes = [...new Set((scale.rows ?? []).map((r) => r.ratings))];
  const cell = (row: ScaleRow | undefined) => {
    if (row === undefined) return '-';
    if (row.error !== undefined || row.seconds === undefined) return 'failed';
    return `${formatSeconds(row.seconds)}, ${row.hwmMB ?? row.peakMB} MB`;
  };
  return {
    header: ['ratings', 'users × movies', ...SCALE_STEPS.map(([, label]) => label)],
    align: ['right', 'right', ...SCALE_STEPS.map(() => 'right' as const)],
    rows: sizes.map((n) => {
      const at = (step: ScaleTask) => scale.rows?.find((r) => r.ratings === n && r.step === step);
      const made = at('generate');
      const shape =
        made?.users === undefined || made.movies === undefined
          ? '-'
          : `${made.users.toLocaleString('en-US')} × ${made.movies.toLocaleString('en-US')}`;
      return [n.toLocaleString('en-US'), shape, ...SCALE_STEPS.map(([step]) => cell(at(step)))];
    }),
  };
}

/** The README's columns of an evaluation, in RESULT_COLUMNS' formats. */
export const EVALUATION_COLUMNS: readonly ResultColumn[] = [
  'rmse',
  'mae',
  'precisionAt10',
  'recallAt10',
  'ndcgAt10',
  'mapAt10',
  'coverage',
  'fitSeconds',
];

export function evaluationTable(result: ProtocolResult): Table {
  const columns = EVALUATION_COLUMNS.map((key) => {
    const format = RESULT_COLUMNS.find((c) => c.key === key);
    if (format === undefined) throw new Error(`no format for column ${key}`);
    return format;
  });
  return {
    header: ['model', ...columns.map((c) => c.header)],
    align: ['left', ...columns.map(() => 'right' as const)],
    rows: result.results.map((r) => [
      r.model,
      ...columns.map((c) => {
        const value = r[c.key];
        return value === null ? '-' : value.toFixed(c.digits);
      }),
    ]),
  };
}

/**
 * Surprise's published ml-100k results (RMSE, MAE; mean of a random 5-fold split of u.data, from its README),
 * shown beside ours for reference: they are not run here (PyPI is out of reach) and not the same folds.
 */
export const SURPRISE_ML100K: readonly { model: string; rmse: number; mae: number }[] = [
  { model: 'SVD', rmse: 0.934, mae: 0.737 },
  { model: 'SVD++', rmse: 0.919, mae: 0.721 },
  { model: 'k-NN Baseline', rmse: 0.931, mae: 0.733 },
  { model: 'BaselineOnly', rmse: 0.944, mae: 0.748 },
  { model: 'random', rmse: 1.518, mae: 1.219 },
];

export function surpriseTable(): Table {
  return {
    header: ['Surprise (published)', 'RMSE', 'MAE'],
    align: ['left', 'right', 'right'],
    rows: SURPRISE_ML100K.map((r) => [r.model, r.rmse.toFixed(3), r.mae.toFixed(3)]),
  };
}

/** "PASS  description: measured", one per target. */
export function targetLines(targets: readonly TargetResult[]): string[] {
  return targets.map((t) => `${t.status.padEnd(4)}  ${t.description}: ${t.measured}`);
}

export function machineLine(m: Machine): string {
  const python =
    m.python === null
      ? 'no Python with numpy and scipy'
      : `Python ${m.python}, numpy ${m.numpy ?? '-'}, scipy ${m.scipy ?? '-'}`;
  return (
    `${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB; ${m.os}; Node ${m.node}; ${python}; ` +
    `load average ${m.loadAverage.toFixed(2)} at the start`
  );
}
