import type { Rating, RatingsTable } from './types';

/**
 * Building and converting RatingsTable columns. Readers append into growable typed arrays, so that no JS
 * object is made per rating (25 million ratings would need about 2.5 GB as objects, 400 MB as columns).
 */

/** Appends ratings into typed columns that grow by half when full; `finish` trims them to length. */
export class RatingsTableBuilder {
  length = 0;
  private userId: Int32Array;
  private movieId: Int32Array;
  private rating: Float32Array;
  private timestamp: Uint32Array;

  /** @param capacity ratings to make room for at first (default 1024); a good guess saves copies. */
  constructor(capacity = 1024) {
    const n = Math.max(16, Math.ceil(capacity));
    this.userId = new Int32Array(n);
    this.movieId = new Int32Array(n);
    this.rating = new Float32Array(n);
    this.timestamp = new Uint32Array(n);
  }

  push(userId: number, movieId: number, rating: number, timestamp: number): void {
    if (this.length === this.userId.length) this.grow();
    const i = this.length++;
    this.userId[i] = userId;
    this.movieId[i] = movieId;
    this.rating[i] = rating;
    this.timestamp[i] = timestamp;
  }

  /** The table of everything pushed so far, in columns of exactly `length` (copies, so the builder can go). */
  finish(): RatingsTable {
    const n = this.length;
    return {
      length: n,
      userId: this.userId.slice(0, n),
      movieId: this.movieId.slice(0, n),
      rating: this.rating.slice(0, n),
      timestamp: this.timestamp.slice(0, n),
    };
  }

  private grow(): void {
    const n = Math.ceil(this.userId.length * 1.5);
    const grown = <T extends Int32Array | Float32Array | Uint32Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.userId = grown(this.userId, new Int32Array(n));
    this.movieId = grown(this.movieId, new Int32Array(n));
    this.rating = grown(this.rating, new Float32Array(n));
    this.timestamp = grown(this.timestamp, new Uint32Array(n));
  }
}

/**
 * Rows `start` (inclusive, default 0) to `end` (exclusive, default the table's length) as Rating records,
 * for display and small examples. Indices are clamped to the table.
 */
export function ratingsToRecords(table: RatingsTable, start = 0, end = table.length): Rating[] {
  const from = Math.max(0, Math.min(start, table.length));
  const to = Math.max(from, Math.min(end, table.length));
  const out: Rating[] = [];
  for (let i = from; i < to; i++) {
    out.push({
      userId: table.userId[i],
      movieId: table.movieId[i],
      rating: table.rating[i],
      timestamp: table.timestamp[i],
    });
  }
  return out;
}

/**
 * A new table holding the rows `rows` of `table`, in the order given: how splitters and cleaning select
 * ratings without making one object per rating.
 * @param rows row indices in [0, table.length); a repeated index repeats the row.
 */
export function takeRows(table: RatingsTable, rows: ArrayLike<number>): RatingsTable {
  const n = rows.length;
  const out = {
    length: n,
    userId: new Int32Array(n),
    movieId: new Int32Array(n),
    rating: new Float32Array(n),
    timestamp: new Uint32Array(n),
  } satisfies RatingsTable;
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    out.userId[i] = table.userId[row];
    out.movieId[i] = table.movieId[row];
    out.rating[i] = table.rating[row];
    out.timestamp[i] = table.timestamp[row];
  }
  return out;
}

/** Rating records as typed columns, in the same order (for fixtures and hand-made examples). */
export function recordsToTable(records: readonly Rating[]): RatingsTable {
  const builder = new RatingsTableBuilder(records.length);
  for (const r of records) builder.push(r.userId, r.movieId, r.rating, r.timestamp);
  return builder.finish();
}

/**
 * Two rows rating the same (user, movie) pair, as row indices `[first, second]` with first < second, or
 * undefined when every pair is rated once. When there are several repeats, one of them is returned.
 *
 * Each pair is packed into one float64 key (user × (max movie + 1) + movie, exact below 2^53); a table
 * already sorted by (user, movie), as ml-latest-small is, is checked in one pass, otherwise the keys are
 * sorted natively (about 10 ms for 100,000 ratings, a few seconds for 25 million).
 */
export function findRepeatedPair(table: RatingsTable): [number, number] | undefined {
  const n = table.length;
  if (n < 2) return undefined;
  let maxUser = 0;
  let maxMovie = 0;
  for (let i = 0; i < n; i++) {
    if (table.userId[i] > maxUser) maxUser = table.userId[i];
    if (table.movieId[i] > maxMovie) maxMovie = table.movieId[i];
  }
  const base = maxMovie + 1;
  if ((maxUser + 1) * base > Number.MAX_SAFE_INTEGER || table.userId.some((u) => u < 0)) {
    return repeatedPairBySort(table);
  }
  const keys = new Float64Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    keys[i] = table.userId[i] * base + table.movieId[i];
    if (i > 0 && keys[i] <= keys[i - 1]) sorted = false;
  }
  if (sorted) return undefined;
  const order = keys.slice().sort();
  for (let k = 1; k < n; k++) {
    if (order[k] !== order[k - 1]) continue;
    const first = keys.indexOf(order[k]);
    return [first, keys.indexOf(order[k], first + 1)];
  }
  return undefined;
}

/** The general case (ids too large to pack): sorts row indices by (user, movie). */
function repeatedPairBySort(table: RatingsTable): [number, number] | undefined {
  const { userId: u, movieId: m } = table;
  const order = Array.from({ length: table.length }, (_, i) => i);
  order.sort((a, b) => u[a] - u[b] || m[a] - m[b] || a - b);
  for (let k = 1; k < order.length; k++) {
    const [a, b] = [order[k - 1], order[k]];
    if (u[a] === u[b] && m[a] === m[b]) return [a, b];
  }
  return undefined;
}
