import { EVD, Matrix } from 'ml-matrix';

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

/** Eigenvalues (descending) and unit eigenvectors (columns) of a dense symmetric matrix, by ml-matrix. */
export function referenceEigen(a: number[][]): { values: number[]; vectors: Matrix } {
  const evd = new EVD(new Matrix(a), { assumeSymmetric: true });
  const order = evd.realEigenvalues.map((_, i) => i).sort((i, j) => evd.realEigenvalues[j] - evd.realEigenvalues[i]);
  return {
    values: order.map((i) => evd.realEigenvalues[i]),
    vectors: new Matrix(a.length, a.length).setSubMatrix(
      evd.eigenvectorMatrix.selection(
        a.map((_, r) => r),
        order,
      ),
      0,
      0,
    ),
  };
}
