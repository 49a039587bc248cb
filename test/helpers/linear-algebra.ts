/** max |ZᵀZ − I| over the p columns of the n × p row-major z: 0 for orthonormal columns. */
export function orthonormalityError(z: Float64Array, p: number): number {
  const n = z.length / p;
  let worst = 0;
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += z[i * p + a] * z[i * p + b];
      worst = Math.max(worst, Math.abs(s - (a === b ? 1 : 0)));
    }
  }
  return worst;
}
