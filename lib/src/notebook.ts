import type { DataFrame } from 'danfojs-node';
import { displayBundle } from './figures/display';
import { escapeHtml } from './figures/plotly';

/**
 * Tables in notebooks. A danfojs frame is shown as an HTML table (GitHub's notebook viewer and JupyterLab both
 * render it) with a plain-text twin for terminals, in one output. The notebooks call this instead of
 * `df.print()`, whose box-drawing text wraps badly in a browser.
 */

export interface ShowTableOptions {
  /** A line above the table, e.g. what it shows and where the numbers come from. */
  caption?: string;
  /** Decimals for fractional numbers; default 4, enough for a mean rating like 4.4290. */
  digits?: number;
  /** Rows shown at most; default 20. The caption says how many were left out. */
  maxRows?: number;
}

type Cell = string | number | boolean | null | undefined;

function format(value: Cell, digits: number): string {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return '';
  if (typeof value === 'number' && !Number.isInteger(value)) return value.toFixed(digits);
  return String(value);
}

/**
 * The header and the rows of a frame, or of records (one column per key, in order of first appearance), as
 * display strings. Records are read directly: a danfojs frame would reject keys such as `columns`.
 */
export function tableCells(table: DataFrame | readonly object[], digits = 4): { header: string[]; rows: string[][] } {
  if (Array.isArray(table)) {
    const records = table as readonly Record<string, unknown>[];
    const header = [...new Set(records.flatMap((r) => Object.keys(r)))];
    const cell = (v: unknown): Cell =>
      v === null || v === undefined || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean'
        ? v
        : Array.isArray(v)
          ? v.join('|')
          : JSON.stringify(v);
    return { header, rows: records.map((r) => header.map((h) => format(cell(r[h]), digits))) };
  }
  const df = table as DataFrame;
  const header = df.columns.map(String);
  const values = (df.shape[0] === 0 ? [] : df.values) as Cell[][];
  // A float column shows its decimals even when a value is whole (ratings read 4.0, as in the CSV file).
  const float = df.dtypes.map((d) => d.startsWith('float'));
  const show = (v: Cell, j: number) => (float[j] && typeof v === 'number' ? v.toFixed(digits) : format(v, digits));
  return { header, rows: values.map((row) => row.map(show)) };
}

/** An HTML table; numeric-looking columns are right-aligned. */
export function tableHtml(header: readonly string[], rows: readonly (readonly string[])[], caption?: string): string {
  const numeric = header.map((_, j) => rows.length > 0 && rows.every((r) => /^-?[\d.,]*$/.test(r[j] ?? '')));
  const cell = (tag: 'td' | 'th', text: string, j: number) =>
    `<${tag}${numeric[j] ? ' style="text-align:right"' : ''}>${escapeHtml(text)}</${tag}>`;
  return [
    '<table>',
    caption === undefined ? '' : `<caption style="text-align:left">${escapeHtml(caption)}</caption>`,
    `<thead><tr>${header.map((h, j) => cell('th', h, j)).join('')}</tr></thead>`,
    `<tbody>${rows.map((r) => `<tr>${r.map((c, j) => cell('td', c, j)).join('')}</tr>`).join('')}</tbody>`,
    '</table>',
  ].join('');
}

/** The same table as aligned plain text. */
export function tableText(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? '').length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, j) => c.padEnd(widths[j]))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** Shows a danfojs frame or an array of records as a table in the notebook. `await` it. */
export async function showTable(table: DataFrame | readonly object[], options: ShowTableOptions = {}): Promise<void> {
  const { digits = 4, maxRows = 20 } = options;
  const { header, rows } = tableCells(table, digits);
  const shown = rows.slice(0, maxRows);
  const more = rows.length > shown.length ? ` (first ${shown.length} of ${rows.length} rows)` : '';
  const caption = options.caption === undefined && more === '' ? undefined : `${options.caption ?? ''}${more}`.trim();
  await displayBundle({
    'text/html': tableHtml(header, shown, caption),
    'text/plain': `${caption === undefined ? '' : `${caption}\n`}${tableText(header, shown)}`,
  });
}

/** Shows markdown text (prose built from numbers, such as an evaluation verdict) in the notebook. `await` it. */
export async function showMarkdown(text: string): Promise<void> {
  await displayBundle({ 'text/markdown': text, 'text/plain': text });
}
