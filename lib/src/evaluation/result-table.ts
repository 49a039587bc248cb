import type { ModelResult, ProtocolResult } from './run-protocol';

/**
 * A protocol's results as a table: one row per model, the headline metrics as columns. The CLI prints it as
 * text; a notebook shows `resultRecords` as a data frame or `resultTable` as a drawn table.
 */

/** The numeric columns of a result row, in display order. */
export type ResultColumn = Exclude<keyof ModelResult, 'model' | 'description' | 'folds'>;

export interface ColumnFormat {
  key: ResultColumn;
  header: string;
  /** Digits after the decimal point: 4 for metrics (differences between models show in the third), 2 for seconds. */
  digits: number;
}

export const RESULT_COLUMNS: readonly ColumnFormat[] = [
  { key: 'rmse', header: 'RMSE', digits: 4 },
  { key: 'mae', header: 'MAE', digits: 4 },
  { key: 'precisionAt10', header: 'P@10', digits: 4 },
  { key: 'recallAt10', header: 'R@10', digits: 4 },
  { key: 'ndcgAt10', header: 'nDCG@10', digits: 4 },
  { key: 'mapAt10', header: 'MAP@10', digits: 4 },
  { key: 'hitRateAt10', header: 'HR@10', digits: 4 },
  { key: 'coverage', header: 'coverage', digits: 4 },
  { key: 'novelty', header: 'novelty', digits: 2 },
  { key: 'fitSeconds', header: 'fit s', digits: 2 },
  { key: 'recommendSeconds', header: 'rec s', digits: 2 },
];

/** One flat record per model (no per-split numbers, no description): ready for a data frame. */
export type ResultRecord = Pick<ModelResult, 'model' | ResultColumn>;

export function resultRecords(result: ProtocolResult): ResultRecord[] {
  return result.results.map(({ folds: _folds, description: _description, ...row }) => row);
}

/** Header and rows of formatted cells; a metric that does not apply is shown as '-'. */
export function resultTable(result: ProtocolResult): { header: string[]; rows: string[][] } {
  return {
    header: ['model', ...RESULT_COLUMNS.map((c) => c.header)],
    rows: result.results.map((r) => [
      r.model,
      ...RESULT_COLUMNS.map((c) => {
        const value = r[c.key];
        return value === null ? '-' : value.toFixed(c.digits);
      }),
    ]),
  };
}

/** The table as aligned text: model names left-aligned, numbers right-aligned, two spaces between columns. */
export function formatResultTable(result: ProtocolResult): string {
  const { header, rows } = resultTable(result);
  const cells = [header, ...rows];
  const widths = header.map((_, j) => Math.max(...cells.map((r) => r[j].length)));
  return cells
    .map((r) => r.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join('  '))
    .join('\n');
}
