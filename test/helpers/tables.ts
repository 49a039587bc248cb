import type { CsrMatrix } from '../../lib/src/matrix';
import type { RatingsTable } from '../../lib/src/types';

/** A ratings table from [userId, movieId, rating] triples (timestamps 0): small cases written by hand. */
export function tripleTable(triples: readonly (readonly number[])[]): RatingsTable {
  return {
    length: triples.length,
    userId: Int32Array.from(triples, (t) => t[0]),
    movieId: Int32Array.from(triples, (t) => t[1]),
    rating: Float32Array.from(triples, (t) => t[2]),
    timestamp: new Uint32Array(triples.length),
  };
}

/** The dense rows × cols array of a CSR matrix (0 where nothing is stored): the reference in properties. */
export function denseOf(m: CsrMatrix): number[][] {
  const out = Array.from({ length: m.rows }, () => new Array<number>(m.cols).fill(0));
  for (let r = 0; r < m.rows; r++) {
    for (let p = m.indptr[r]; p < m.indptr[r + 1]; p++) out[r][m.indices[p]] = m.values[p];
  }
  return out;
}
