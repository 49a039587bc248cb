import { open } from 'node:fs/promises';
import type { RatingsTable } from './types';

/**
 * Writing ratings in MovieLens's ratings.csv format (`userId,movieId,rating,timestamp`, ratings printed with
 * one decimal like "4.0" and "3.5"), streamed through one reused buffer: 25 million ratings make a 700 MB file
 * without a string per rating.
 */

export const RATINGS_CSV_HEADER = 'userId,movieId,rating,timestamp';

export interface WriteRatingsOptions {
  /** Bytes written at a time; default 1 MiB. */
  chunkBytes?: number;
}

const COMMA = 44;
const LF = 10;
/** Longest line: two 10-digit ids, a rating, a 10-digit timestamp, three commas and a line feed. */
const MAX_LINE = 64;

/**
 * How a rating is printed: whole and half stars as MovieLens prints them ("4.0", "3.5"); other values with
 * the 7 significant digits a Float32Array column holds (3.3, not 3.299999952316284).
 */
export function formatRating(rating: number): string {
  return Number.isInteger(rating) ? rating.toFixed(1) : String(+rating.toPrecision(7));
}

/** Writes `table` to `file` (replacing it) in ratings.csv format, rows in table order. */
export async function writeRatingsCsv(
  table: RatingsTable,
  file: string,
  options: WriteRatingsOptions = {},
): Promise<void> {
  const buf = Buffer.allocUnsafe(Math.max(4 * MAX_LINE, options.chunkBytes ?? 1 << 20));
  // Half stars are all a MovieLens table holds: their bytes are made once.
  const halfStars = Array.from({ length: 21 }, (_, k) => Buffer.from(formatRating(k / 2)));
  const handle = await open(file, 'w');
  try {
    let pos = buf.write(`${RATINGS_CSV_HEADER}\n`);
    for (let i = 0; i < table.length; i++) {
      if (pos > buf.length - MAX_LINE) {
        await handle.write(buf, 0, pos);
        pos = 0;
      }
      pos = writeDigits(buf, pos, table.userId[i]);
      buf[pos++] = COMMA;
      pos = writeDigits(buf, pos, table.movieId[i]);
      buf[pos++] = COMMA;
      const rating = table.rating[i];
      const twice = rating * 2;
      if (Number.isInteger(twice) && twice >= 0 && twice <= 20) pos += halfStars[twice].copy(buf, pos);
      else pos += buf.write(formatRating(rating).slice(0, 20), pos, 'latin1');
      buf[pos++] = COMMA;
      pos = writeDigits(buf, pos, table.timestamp[i]);
      buf[pos++] = LF;
    }
    await handle.write(buf, 0, pos);
  } finally {
    await handle.close();
  }
}

/** Writes a whole number (possibly negative) as ASCII digits at `pos`; returns the position after it. */
function writeDigits(buf: Buffer, pos: number, value: number): number {
  let v = value;
  if (v < 0) {
    buf[pos++] = 45;
    v = -v;
  }
  let digits = 1;
  for (let x = v; x >= 10; x = Math.floor(x / 10)) digits++;
  for (let k = pos + digits - 1; k >= pos; k--) {
    buf[k] = 48 + (v % 10);
    v = Math.floor(v / 10);
  }
  return pos + digits;
}
