import { open } from 'node:fs/promises';
import * as path from 'node:path';
import { checkHeader, excerpt, fieldCountError, type SkipNotice } from './csv';
import { DATASETS, type DatasetSpec } from './datasets';
import { DataError } from './errors';
import { type Progress, silentProgress } from './progress';
import { findRepeatedPair, RatingsTableBuilder } from './ratings-columns';
import type { RatingsTable } from './types';

/**
 * The ratings reader: streams a file in chunks and parses bytes straight into typed columns, with no string
 * and no object per rating, so that it scales from 100,000 ratings (about 20 ms) to 25 million.
 */

/** 'csv': ml-latest-small's ratings.csv (with header); 'ml-100k': u.data and the u1..u5/ua/ub splits. */
export type RatingsFormat = 'csv' | 'ml-100k';

export type RatingScale = DatasetSpec['ratingScale'];

export interface ReadRatingsOptions {
  /** Allowed ratings. Default: the scale in datasets.ts of the format's dataset (0.5–5 in half stars; 1–5). */
  scale?: RatingScale;
  /** Accept a (user, movie) pair rated twice. Default false: MovieLens has one rating per pair. */
  allowRepeats?: boolean;
  /** Bytes read at a time; default 1 MiB (tests use a few bytes to split lines across chunks). */
  chunkBytes?: number;
  /** Bytes read of the file's size; default silent. */
  progress?: Progress;
  /** Told about blank lines skipped at the end of the file (the only thing ever skipped). Default: ignored. */
  onSkip?: (notice: SkipNotice) => void;
}

const FORMATS: Record<RatingsFormat, { delimiter: string; header?: string; scale: RatingScale }> = {
  csv: { ...DATASETS['ml-latest-small'].files[0], scale: DATASETS['ml-latest-small'].ratingScale },
  'ml-100k': { ...DATASETS['ml-100k'].files[0], scale: DATASETS['ml-100k'].ratingScale },
};
const FIELDS = ['userId', 'movieId', 'rating', 'timestamp'] as const;
const LF = 10;
const CR = 13;
const DOT = 46;
const MINUS = 45;

/** A scale as a message says it: "0.5 to 5 in half stars", "an integer from 1 to 5". */
export function describeScale({ min, max, step }: RatingScale): string {
  if (step === 1 && Number.isInteger(min)) return `an integer from ${min} to ${max}`;
  return `${min} to ${max} in ${step === 0.5 ? 'half stars' : `steps of ${step}`}`;
}

/** True if `value` is one of min, min + step, ..., max. */
export function onScale(value: number, { min, max, step }: RatingScale): boolean {
  const k = (value - min) / step;
  return value >= min && value <= max && Math.abs(k - Math.round(k)) < 1e-9;
}

/**
 * Reads a ratings file into typed columns, in file order. Accepts LF or CRLF and a byte-order mark.
 * Throws a DataError naming the file and the line for a missing or empty file, a wrong header, a wrong
 * field count or delimiter, a field that is not a number, an id, timestamp or rating out of range, and a
 * (user, movie) pair rated twice (naming both lines).
 */
export async function readRatingsFile(
  file: string,
  format: RatingsFormat,
  options: ReadRatingsOptions = {},
): Promise<RatingsTable> {
  const { delimiter, header, scale: defaultScale } = FORMATS[format];
  const progress = options.progress ?? silentProgress;
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ENOENT' ? new DataError('no such file', file) : error;
  });
  try {
    const size = (await handle.stat()).size;
    const parser = new RatingsParser(file, delimiter, header, options.scale ?? defaultScale, size);
    let buf = Buffer.allocUnsafe(Math.max(64, options.chunkBytes ?? 1 << 20));
    let filled = 0;
    let done = 0;
    for (;;) {
      if (filled === buf.length) buf = Buffer.concat([buf, Buffer.allocUnsafe(buf.length)]);
      const { bytesRead } = await handle.read(buf, filled, buf.length - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
      done += bytesRead;
      const used = parser.lines(buf.subarray(0, filled));
      buf.copyWithin(0, used, filled);
      filled -= used;
      progress.update(`reading ${path.basename(file)}`, done, size);
    }
    if (filled > 0) parser.line(buf, 0, filled, true);
    progress.end();
    const table = parser.finish(options.onSkip);
    if (!options.allowRepeats) {
      const pair = findRepeatedPair(table);
      if (pair !== undefined) {
        const [a, b] = pair.map((row) => row + parser.firstDataLine);
        const what = `user ${table.userId[pair[0]]} rated movie ${table.movieId[pair[0]]} twice, on lines ${a} and ${b}`;
        throw new DataError(`${what}: expected one rating per (user, movie)`, file, b);
      }
    }
    return table;
  } finally {
    await handle.close();
  }
}

/** Parses lines of bytes into a RatingsTableBuilder; fails on the first bad line with its number. */
class RatingsParser {
  readonly firstDataLine: number;
  private readonly rows: RatingsTableBuilder;
  private readonly delimiter: number;
  private lineNumber = 0;
  private lineStart = 0;
  private pos = 0;
  private blankFrom = 0;
  private blanks = 0;

  constructor(
    private readonly file: string,
    private readonly delimiterText: string,
    private readonly header: string | undefined,
    private readonly scale: RatingScale,
    size: number,
  ) {
    this.delimiter = delimiterText.charCodeAt(0);
    this.firstDataLine = header === undefined ? 1 : 2;
    // ml-latest-small lines average 24 bytes and ml-100k's 21: this guess rarely needs a second copy.
    this.rows = new RatingsTableBuilder(size / 20);
  }

  /** Parses every complete line of `buf`; returns the bytes used (up to and including the last line feed). */
  lines(buf: Buffer): number {
    let start = 0;
    for (let lf = buf.indexOf(LF, start); lf >= 0; lf = buf.indexOf(LF, start)) {
      this.line(buf, start, lf, false);
      start = lf + 1;
    }
    return start;
  }

  /** Parses one line, buf[s, e) without its line feed; `last` marks a final line with no line feed. */
  line(buf: Buffer, s: number, e: number, last: boolean): void {
    const n = ++this.lineNumber;
    if (e > s && buf[e - 1] === CR) e--;
    if (n === 1 && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf) s += 3;
    this.lineStart = s;
    if (n === 1 && this.header !== undefined) {
      checkHeader(buf.toString('utf8', s, e), this.header, this.delimiterText, this.file);
      return;
    }
    if (s === e) {
      if (this.blanks++ === 0) this.blankFrom = n;
      return;
    }
    if (this.blanks > 0) throw fieldCountError(this.file, this.blankFrom, '', 0, 4, this.delimiterText, false);
    const userId = this.integer(buf, e, 0, 1, 0x7fffffff, last);
    const movieId = this.integer(buf, e, 1, 1, 0x7fffffff, last);
    const rating = this.rating(buf, e, last);
    const timestamp = this.integer(buf, e, 3, 0, 0xffffffff, last);
    this.rows.push(userId, movieId, rating, timestamp);
  }

  finish(onSkip?: (notice: SkipNotice) => void): RatingsTable {
    if (this.rows.length === 0) {
      if (this.lineNumber > 0 && this.header !== undefined)
        throw new DataError('no data after the header', this.file, 2);
      throw new DataError(`empty file: expected ${this.header === undefined ? 'ratings' : 'a header'}`, this.file, 1);
    }
    if (this.blanks > 0) {
      onSkip?.({
        file: this.file,
        line: this.blankFrom,
        count: this.blanks,
        reason: 'blank lines at the end of the file',
      });
    }
    return this.rows.finish();
  }

  /** Field `field` as an integer in [min, max], starting at `pos` (0 for the first field). */
  private integer(buf: Buffer, e: number, field: number, min: number, max: number, last: boolean): number {
    let p = field === 0 ? this.lineStart : this.pos;
    const s = p;
    let v = 0;
    while (p < e && buf[p] !== this.delimiter) {
      const d = buf[p] - 48;
      if (d < 0 || d > 9) return this.fail(buf, e, field, last, 'not a number');
      v = v * 10 + d;
      p++;
    }
    if (p === s) return this.fail(buf, e, field, last, 'not a number');
    if (v < min || v > max) return this.fail(buf, e, field, last, `expected ${min} to ${max}`);
    return this.next(buf, p, e, field, last, v);
  }

  /** The rating field: digits with an optional sign and decimal point, checked against the scale. */
  private rating(buf: Buffer, e: number, last: boolean): number {
    let p = this.pos;
    const negative = p < e && buf[p] === MINUS;
    if (negative) p++;
    let v = 0;
    let digits = 0;
    let divisor = 1;
    for (let dot = false; p < e && buf[p] !== this.delimiter; p++) {
      const d = buf[p] - 48;
      if (buf[p] === DOT && !dot) dot = true;
      else if (d < 0 || d > 9) return this.fail(buf, e, 2, last, 'not a number');
      else {
        v = v * 10 + d;
        digits++;
        if (dot) divisor *= 10;
      }
    }
    if (digits === 0) return this.fail(buf, e, 2, last, 'not a number');
    // Dividing once keeps 3.5 exact, where adding 0.1-steps would not.
    v = (negative ? -v : v) / divisor;
    if (!onScale(v, this.scale)) return this.fail(buf, e, 2, last, `expected ${describeScale(this.scale)}`);
    return this.next(buf, p, e, 2, last, v);
  }

  /** After a field ending at `p`: the line must go on with a delimiter, or end after the last field. */
  private next(buf: Buffer, p: number, e: number, field: number, last: boolean, value: number): number {
    if (field === 3 ? p !== e : p >= e) return this.fail(buf, e, field, last, 'field count');
    this.pos = p + 1;
    return value;
  }

  /** Throws the DataError for the current line, after finding out what is wrong with it. */
  private fail(buf: Buffer, e: number, field: number, last: boolean, problem: string): never {
    const text = buf.toString('utf8', this.lineStart, e);
    const parts = text.split(this.delimiterText);
    if (parts.length !== 4) {
      throw fieldCountError(this.file, this.lineNumber, text, parts.length, 4, this.delimiterText, last);
    }
    const name = FIELDS[field];
    const message =
      problem === 'not a number'
        ? `expected a number for ${name}, found ${excerpt(parts[field])}`
        : `${name} ${parts[field]} is out of range: ${problem}`;
    throw new DataError(message, this.file, this.lineNumber);
  }
}
