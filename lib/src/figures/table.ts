import type { LayerSpec, UnitSpec } from 'vega-lite/build/src/spec';
import { PALETTE } from './theme';

/** One column of a {@link TextTable}. */
export interface TextTableColumn {
  header: string;
  /** Default `left`; numbers read best `right`-aligned. */
  align?: 'left' | 'right';
}

/** A small table drawn as an image: every cell is already formatted text. */
export interface TextTable {
  /** Shown above the table. */
  title: string;
  columns: readonly TextTableColumn[];
  /** Rows of cells, one per column. */
  rows: readonly (readonly string[])[];
}

/** Layout of a drawn table, in pixels. */
export interface TextTableOptions {
  /** Font size of the cells. Default 11. */
  fontSize?: number;
  /** Height of a row. Default 22: the font plus room to breathe. */
  rowHeight?: number;
  /** Space left and right of the text inside a cell. Default 8. */
  cellPadding?: number;
}

/**
 * Width of a character for sizing columns, in em: DejaVu Sans averages about 0.55 em over lower-case
 * text and 0.64 em for digits; 0.64 leaves room for capitals without measuring the font.
 */
const CHAR_EM = 0.64;

interface Cell {
  x: number;
  y: number;
  text: string;
  header: boolean;
  align: 'left' | 'right';
}

/** Draws a table as a vega-lite layer: a header band, row rules and text placed in pixels. */
export function textTableSpec(table: TextTable, options: TextTableOptions = {}): LayerSpec<string> {
  const fontSize = options.fontSize ?? 11;
  const rowHeight = options.rowHeight ?? 22;
  const pad = options.cellPadding ?? 8;
  const { columns, rows } = table;
  for (const [i, row] of rows.entries()) {
    if (row.length !== columns.length) {
      throw new RangeError(`table '${table.title}': row ${i} has ${row.length} cells for ${columns.length} columns`);
    }
  }
  const widths = columns.map((col, j) => {
    const longest = Math.max([...col.header].length, ...rows.map((r) => [...r[j]].length));
    return Math.ceil(longest * CHAR_EM * fontSize) + 2 * pad;
  });
  const lefts = widths.map((_, j) => widths.slice(0, j).reduce((a, b) => a + b, 0));
  const width = widths.reduce((a, b) => a + b, 0);
  const height = rowHeight * (rows.length + 1);
  const cells: Cell[] = [];
  [columns.map((c) => c.header), ...rows].forEach((row, i) => {
    row.forEach((text, j) => {
      const align = columns[j].align ?? 'left';
      const x = align === 'left' ? lefts[j] + pad : lefts[j] + widths[j] - pad;
      cells.push({ x, y: (i + 0.5) * rowHeight, text, header: i === 0, align });
    });
  });
  const rules = rows.map((_, i) => ({ y: (i + 1) * rowHeight, x: 0, x2: width }));
  const pixels = { type: 'quantitative', scale: null, axis: null } as const;
  const textLayer = (header: boolean, align: 'left' | 'right'): UnitSpec<string> => ({
    transform: [{ filter: `datum.header === ${header} && datum.align === '${align}'` }],
    mark: { type: 'text', align, baseline: 'middle', fontSize, fontWeight: header ? 'bold' : 'normal' },
    encoding: { x: { field: 'x', ...pixels }, y: { field: 'y', ...pixels }, text: { field: 'text' } },
  });
  return {
    title: { text: table.title, fontSize: 13 },
    width,
    height,
    layer: [
      {
        data: { values: [{ x: 0, x2: width, y: 0, y2: rowHeight }] },
        mark: { type: 'rect', fill: PALETTE.band },
        encoding: {
          x: { field: 'x', ...pixels },
          x2: { field: 'x2' },
          y: { field: 'y', ...pixels },
          y2: { field: 'y2' },
        },
      },
      {
        data: { values: rules },
        mark: { type: 'rule', stroke: '#dddddd' },
        encoding: { x: { field: 'x', ...pixels }, x2: { field: 'x2' }, y: { field: 'y', ...pixels } },
      },
      {
        data: { values: cells as unknown as Record<string, string | number | boolean>[] },
        layer: [textLayer(true, 'left'), textLayer(true, 'right'), textLayer(false, 'left'), textLayer(false, 'right')],
      },
    ],
  };
}
