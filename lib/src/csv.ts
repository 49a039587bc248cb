import { DataError } from './errors';

/**
 * A delimited-text parser (RFC 4180 quoting for CSV) that blames bad input on a file and a line.
 *
 * MovieLens files are small apart from the ratings, which have their own byte-level reader
 * (ratings-file.ts); this one favours exact error messages over speed (about 10 ms for movies.csv).
 */

export interface DelimitedOptions {
  /** Field separator, one character (',', '\t', '|'). */
  delimiter: string;
  /** The file as the user knows it (a path), named in every error. */
  file: string;
  /** Number of fields every data line must have. Default: the header's, else not checked. */
  fields?: number;
  /** The exact first line. Default: none, every line is data. */
  header?: string;
  /**
   * Whether `"` quotes a field (inside quotes, delimiters and line breaks are data and `""` is one quote).
   * Default: true for ',' and false otherwise, because ml-100k's '|' and tab files never quote.
   */
  quoted?: boolean;
}

/** Something a reader skipped on purpose, so that a caller can count it (nothing is dropped silently). */
export interface SkipNotice {
  file: string;
  /** 1-based line of the first skipped line. */
  line: number;
  /** How many lines were skipped. */
  count: number;
  reason: 'blank lines at the end of the file';
}

export interface DelimitedTable {
  /** Data rows (the header excluded), each with its fields in order. */
  rows: string[][];
  /** The 1-based line on which each row starts (a quoted field can span lines). */
  lines: number[];
  /** Blank lines after the last row: skipped, counted here. Blank lines elsewhere are errors. */
  skipped?: SkipNotice;
}

const LF = 10;
const CR = 13;
const QUOTE = 34;
const BOM = '\uFEFF';

/** `text` without a leading UTF-8 byte-order mark (as decoded by TextDecoder or Buffer.toString). */
export function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/** How a delimiter reads in a message: `','` or `tab`. */
export function describeDelimiter(delimiter: string): string {
  return delimiter === '\t' ? 'tab' : `'${delimiter}'`;
}

/** A delimiter other than `expected` that splits `line` into exactly `fields` fields, if any. */
export function guessDelimiter(line: string, expected: string, fields: number): string | undefined {
  return [',', '\t', ';', '|'].find((d) => d !== expected && line.split(d).length === fields);
}

/** Shortens a line for a message. */
export function excerpt(text: string, max = 60): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

/**
 * The error for a line with `found` fields instead of `expected`. `lineText` is the line's raw text, used to
 * tell a wrong delimiter from a short line; `lastWithoutNewline` marks a file that ends mid-line.
 */
export function fieldCountError(
  file: string,
  line: number,
  lineText: string,
  found: number,
  expected: number,
  delimiter: string,
  lastWithoutNewline: boolean,
): DataError {
  if (lineText === '') return new DataError(`expected ${expected} fields, found an empty line`, file, line);
  const other = found === 1 ? guessDelimiter(lineText, delimiter, expected) : undefined;
  if (other !== undefined) {
    const message = `expected ${describeDelimiter(delimiter)} separated fields, line ${line} looks ${describeDelimiter(other)} separated`;
    return new DataError(message, file, line);
  }
  const what = `expected ${expected} ${describeDelimiter(delimiter)} separated fields, found ${found}`;
  if (lastWithoutNewline && found < expected) {
    return new DataError(`truncated last line (no newline at the end): ${what}`, file, line);
  }
  return new DataError(`${what} in ${excerpt(lineText)}`, file, line);
}

/** Throws unless `lineText` (the first line, BOM removed) is exactly `header`. */
export function checkHeader(lineText: string, header: string, delimiter: string, file: string): void {
  if (lineText === header) return;
  const expected = header.split(delimiter).length;
  if (!lineText.includes(delimiter)) {
    const other = guessDelimiter(lineText, delimiter, expected);
    if (other !== undefined) throw fieldCountError(file, 1, lineText, 1, expected, delimiter, false);
  }
  throw new DataError(`expected the header ${excerpt(header)}, found ${excerpt(lineText)}`, file, 1);
}

/**
 * Parses delimited text into rows, checking the header and the field count of every line.
 *
 * Accepts LF and CRLF line ends and a byte-order mark; blank lines at the end are skipped and reported
 * in `skipped`. Throws a DataError naming the file and the line for an empty file, a wrong header, a wrong
 * number of fields (with a hint when another delimiter fits), an unterminated quote or a stray quote.
 */
export function parseDelimitedTable(text: string, options: DelimitedOptions): DelimitedTable {
  const { delimiter, file, header } = options;
  const fields = options.fields ?? header?.split(delimiter).length;
  if (delimiter.length !== 1) throw new RangeError(`a delimiter is one character, got ${JSON.stringify(delimiter)}`);
  const quoted = options.quoted ?? delimiter === ',';
  const src = stripBom(text);
  // The line ends at the very end: the first closes the last line, any more are blank lines.
  let end = src.length;
  let ends = 0;
  while (end > 0 && src.charCodeAt(end - 1) === LF) {
    end -= end > 1 && src.charCodeAt(end - 2) === CR ? 2 : 1;
    ends++;
  }
  if (end === 0) {
    const expected = header === undefined ? `${fields ?? 'some'} fields` : `the header ${excerpt(header)}`;
    throw new DataError(`empty file: expected ${expected}`, file, 1);
  }
  const tokens = tokenize(src, end, delimiter.charCodeAt(0), quoted, file);
  const { rows, lines } = tokens;
  if (header !== undefined) {
    checkHeader(rows[0].join(delimiter), header, delimiter, file);
    rows.shift();
    lines.shift();
    if (rows.length === 0) throw new DataError('no data after the header', file, 2);
  }
  if (fields !== undefined) {
    for (let k = 0; k < rows.length; k++) {
      const row = rows[k];
      if (row.length === fields) continue;
      const last = k === rows.length - 1 && ends === 0;
      throw fieldCountError(file, lines[k], row.join(delimiter), row.length, fields, delimiter, last);
    }
  }
  const table: DelimitedTable = { rows, lines };
  if (ends > 1) {
    const line = tokens.lastLine + 1;
    table.skipped = { file, line, count: ends - 1, reason: 'blank lines at the end of the file' };
  }
  return table;
}

/** The data rows of delimited text; see parseDelimitedTable for what is checked. */
export function parseDelimited(text: string, options: DelimitedOptions): string[][] {
  return parseDelimitedTable(text, options).rows;
}

/** Splits src[0, end) into records of fields; `lastLine` is the line on which the text ends. */
function tokenize(
  src: string,
  end: number,
  delimiter: number,
  quoted: boolean,
  file: string,
): { rows: string[][]; lines: number[]; lastLine: number } {
  const rows: string[][] = [];
  const lines: number[] = [];
  let i = 0;
  let line = 1;
  while (i < end) {
    const row: string[] = [];
    rows.push(row);
    lines.push(line);
    for (;;) {
      if (quoted && i < end && src.charCodeAt(i) === QUOTE) {
        const opened = line;
        let value = '';
        let j = i + 1;
        for (;;) {
          const q = src.indexOf('"', j);
          if (q < 0 || q >= end) {
            throw new DataError(`unterminated quote: the field opened by '"' on this line never closes`, file, opened);
          }
          value += src.slice(j, q);
          line += countLineFeeds(src, j, q);
          if (q + 1 < end && src.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            j = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        row.push(value);
        if (i >= end) break;
        const c = src.charCodeAt(i);
        if (c === delimiter) {
          i++;
          continue;
        }
        const crlf = c === CR && src.charCodeAt(i + 1) === LF;
        if (c === LF || crlf) {
          i += crlf ? 2 : 1;
          line++;
          break;
        }
        const d = describeDelimiter(String.fromCharCode(delimiter));
        throw new DataError(`expected ${d} or a line end after a closing quote, found ${excerpt(src[i])}`, file, line);
      }
      let j = i;
      let c = 0;
      while (j < end) {
        c = src.charCodeAt(j);
        if (c === delimiter || c === LF) break;
        if (quoted && c === QUOTE) {
          const message = `a '"' inside an unquoted field: quote the whole field and double the quote`;
          throw new DataError(message, file, line);
        }
        j++;
      }
      const fieldEnd = j < end && c === LF && j > i && src.charCodeAt(j - 1) === CR ? j - 1 : j;
      row.push(src.slice(i, fieldEnd));
      i = j + 1;
      if (j >= end) break;
      if (c === LF) {
        line++;
        break;
      }
    }
  }
  return { rows, lines, lastLine: line };
}

function countLineFeeds(src: string, from: number, to: number): number {
  let n = 0;
  for (let k = src.indexOf('\n', from); k >= 0 && k < to; k = src.indexOf('\n', k + 1)) n++;
  return n;
}
