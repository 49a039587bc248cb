import type { OptionSpecs, ParsedOptions } from './args';

/** One CLI command: `recs <name…> [options]`. */
export interface Command {
  /** Words after `recs`, e.g. ['data', 'fetch']. */
  name: readonly string[];
  summary: string;
  options: OptionSpecs;
  run(values: ParsedOptions, io: CommandIO): Promise<void>;
}

/** Where a command writes: stdout for results (text or JSON), stderr for progress and warnings. */
export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
}

/** Prints `value` as JSON (with --json) or as the text `render` makes of it. */
export function emit<T>(io: CommandIO, json: boolean, value: T, render: (v: T) => string): void {
  io.out(json ? JSON.stringify(value, null, 2) : render(value));
}

/** A plain text table with right-aligned numbers. */
export function textTable(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => String(c)))];
  const widths = header.map((_, j) => Math.max(...cells.map((r) => (r[j] ?? '').length)));
  const numeric = header.map((_, j) => rows.length > 0 && rows.every((r) => typeof r[j] === 'number'));
  return cells
    .map((r) =>
      r
        .map((c, j) => (numeric[j] ? c.padStart(widths[j]) : c.padEnd(widths[j])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
