import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { type CsrMatrix, transpose } from '../../lib/dist/matrix';

/**
 * The dense reference for the singular values when Python with numpy is not installed: the eigenvalues of the
 * smaller Gram matrix (A·Aᵀ or Aᵀ·A, built densely here) by ml-matrix's symmetric eigensolver, square-rooted.
 * It shares no code with lib/src/truncated-svd.ts (no Lanczos, no gram.ts), so agreement means something.
 * Squaring loses relative accuracy only for singular values far below the largest: σᵢ is accurate to about
 * ε·(σ₁/σᵢ)², 1e-12 for the 50th value of ml-latest-small (σ₁/σ₅₀ ≈ 10).
 * Cost: n² doubles for the Gram matrix and an O(n³) solve, n = min(rows, cols): about a second at n ≈ 1,000.
 */
export function denseGramSingularValues(m: CsrMatrix, k: number): number[] {
  const a = m.rows <= m.cols ? m : transpose(m);
  const n = a.rows;
  // Aᵀ densely (cols × n), so that row i's non-zero (c, v) adds v·Aᵀ[c, :] to the Gram row i in one sweep.
  const at = new Float64Array(a.cols * n);
  for (let i = 0; i < n; i++) {
    for (let p = a.indptr[i]; p < a.indptr[i + 1]; p++) at[a.indices[p] * n + i] = a.values[p];
  }
  const gram = Matrix.zeros(n, n);
  const row = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    row.fill(0);
    for (let p = a.indptr[i]; p < a.indptr[i + 1]; p++) {
      const v = a.values[p];
      const o = a.indices[p] * n;
      for (let j = 0; j < n; j++) row[j] += v * at[o + j];
    }
    for (let j = 0; j < n; j++) gram.set(i, j, row[j]);
  }
  const eigenvalues = new EigenvalueDecomposition(gram, { assumeSymmetric: true }).realEigenvalues;
  return eigenvalues
    .sort((x, y) => y - x)
    .slice(0, k)
    .map((x) => Math.sqrt(Math.max(0, x)));
}
