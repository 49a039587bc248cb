/**
 * The first index i of the ascending `sorted` with sorted[i] ≥ x (sorted.length when there is none): where x
 * would be inserted to keep the order, before any equal values. O(log n).
 */
export function lowerBound(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
