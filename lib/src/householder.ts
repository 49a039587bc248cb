/**
 * Householder reduction of a small dense symmetric matrix to tridiagonal form, for thick-restart Lanczos
 * (lanczos.ts), which must turn the kept Ritz values and their couplings back into a tridiagonal matrix.
 */

/** A dense symmetric matrix reduced to tridiagonal form T = Wᵀ·A·W. */
export interface Tridiagonalization {
  diag: Float64Array;
  off: Float64Array;
  /** The orthogonal W, n × n row-major. Its last row and column are those of the identity. */
  w: Float64Array;
}

/**
 * Householder reduction of the symmetric n × n row-major `a` to tridiagonal form, working from the last row
 * up so that the last coordinate is left alone (W e_n = e_n). Thick-restart Lanczos needs exactly that: the
 * kept Ritz vectors are mixed among themselves while the residual vector stays the last basis vector. O(n³).
 */
export function tridiagonalize(a: ArrayLike<number>, n: number): Tridiagonalization {
  const m = Float64Array.from(a);
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) w[i * n + i] = 1;
  const v = new Float64Array(n);
  const q = new Float64Array(n);
  for (let i = n - 1; i >= 2; i--) {
    // Reflect x = m[i][0..i) onto a multiple of e_(i-1); the reflector acts on coordinates 0..i-1 only.
    let scale = 0;
    for (let c = 0; c < i; c++) scale = Math.max(scale, Math.abs(m[i * n + c]));
    if (scale === 0) continue;
    let sq = 0;
    for (let c = 0; c < i; c++) {
      v[c] = m[i * n + c] / scale;
      sq += v[c] * v[c];
    }
    const alpha = (v[i - 1] > 0 ? -Math.sqrt(sq) : Math.sqrt(sq)) * scale;
    v[i - 1] -= alpha / scale;
    const vnorm = Math.sqrt(dot(v, v, i));
    if (vnorm === 0) continue;
    for (let c = 0; c < i; c++) v[c] /= vnorm;
    // B ← H·B·H = B − 2(v·qᵀ + q·vᵀ) with p = B·v, q = p − (vᵀp)·v, on the leading i × i block.
    for (let r = 0; r < i; r++) {
      let s = 0;
      for (let c = 0; c < i; c++) s += m[r * n + c] * v[c];
      q[r] = s;
    }
    const kappa = dot(v, q, i);
    for (let r = 0; r < i; r++) q[r] -= kappa * v[r];
    for (let r = 0; r < i; r++) {
      for (let c = 0; c < i; c++) m[r * n + c] -= 2 * (v[r] * q[c] + q[r] * v[c]);
    }
    for (let c = 0; c < i; c++) {
      m[i * n + c] = 0;
      m[c * n + i] = 0;
    }
    m[i * n + i - 1] = alpha;
    m[(i - 1) * n + i] = alpha;
    // W ← W·H on columns 0..i-1.
    for (let r = 0; r < n; r++) {
      let s = 0;
      for (let c = 0; c < i; c++) s += w[r * n + c] * v[c];
      for (let c = 0; c < i; c++) w[r * n + c] -= 2 * s * v[c];
    }
  }
  const diag = new Float64Array(n);
  const off = new Float64Array(Math.max(0, n - 1));
  for (let i = 0; i < n; i++) diag[i] = m[i * n + i];
  for (let i = 0; i < n - 1; i++) off[i] = m[i * n + i + 1];
  return { diag, off, w };
}

function dot(a: Float64Array, b: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}
