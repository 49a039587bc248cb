import type { MovieId, RatingsTable, UserId } from '../types';

/**
 * Which movies a user may be recommended in an evaluation: those present in train that the user did not rate
 * in train. A movie seen only in test is left out because no model could know it; a movie the user already
 * rated is left out because recommending it again says nothing about finding new ones.
 */
export interface CandidateIndex {
  /** Every movie of train, ascending. */
  readonly movieIds: Int32Array;
  /** The position of a movie in `movieIds`, or -1 when it is not in train. */
  colOf(movieId: MovieId): number;
  /** The user's candidates, ascending (every train movie for a user absent from train). */
  candidatesOf(userId: UserId): Int32Array;
  /** Whether `movieId` is one of the user's candidates. */
  isCandidate(userId: UserId, movieId: MovieId): boolean;
}

/** Indexes `train` once; each `candidatesOf` call then costs one pass over the train movies. */
export function candidateIndex(train: RatingsTable): CandidateIndex {
  const movieIds = Int32Array.from(new Set(train.movieId)).sort();
  const cols = new Map<MovieId, number>(Array.from(movieIds, (id, c) => [id, c]));
  const colOf = (movieId: MovieId) => cols.get(movieId) ?? -1;
  const seen = new Map<UserId, Set<number>>();
  for (let i = 0; i < train.length; i++) {
    let mine = seen.get(train.userId[i]);
    if (mine === undefined) {
      mine = new Set();
      seen.set(train.userId[i], mine);
    }
    mine.add(colOf(train.movieId[i]));
  }
  return {
    movieIds,
    colOf,
    candidatesOf(userId) {
      const mine = seen.get(userId);
      if (mine === undefined) return movieIds.slice();
      const out = new Int32Array(movieIds.length - mine.size);
      for (let c = 0, j = 0; c < movieIds.length; c++) if (!mine.has(c)) out[j++] = movieIds[c];
      return out;
    },
    isCandidate(userId, movieId) {
      const c = colOf(movieId);
      return c >= 0 && !(seen.get(userId)?.has(c) ?? false);
    },
  };
}
