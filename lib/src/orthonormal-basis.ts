/**
 * The Lanczos vectors (lanczos.ts): orthonormal vectors of one length stored end to end in one array, with the
 * operations that touch all of them at once. Those dominate Lanczos after the operator products, so they work
 * on eight vectors per sweep over memory: the whole basis (760 kB at 156 × 610) does not fit in L2 cache.
 */

/** Orthonormal basis vectors stored end to end in one array. */
export class OrthonormalBasis {
  private readonly data: Float64Array;

  constructor(
    private readonly n: number,
    capacity: number,
  ) {
    this.data = new Float64Array(n * capacity);
  }

  vector(i: number): Float64Array {
    return this.data.subarray(i * this.n, (i + 1) * this.n);
  }

  setScaled(i: number, x: Float64Array, factor: number): void {
    const v = this.vector(i);
    for (let t = 0; t < this.n; t++) v[t] = x[t] * factor;
  }

  /** A random unit vector orthogonal to vectors 0..i-1 (a new start after an invariant subspace). */
  startRandom(i: number, normal: () => number): void {
    const v = this.vector(i);
    for (;;) {
      for (let t = 0; t < this.n; t++) v[t] = normal();
      const before = norm(v);
      this.orthogonalize(v, i);
      const after = norm(v);
      if (after > 1e-3 * before) {
        for (let t = 0; t < this.n; t++) v[t] /= after;
        return;
      }
    }
  }

  /**
   * Removes from x its components along vectors 0..count-1 (one or two Gram–Schmidt passes) and returns the
   * total removed along the last of them, which corrects that vector's Rayleigh quotient.
   */
  orthogonalize(x: Float64Array, count: number): number {
    let removed = 0;
    let before = norm(x);
    for (let pass = 0; pass < 2 && count > 0; pass++) {
      removed += this.subtractProjections(x, count);
      const after = norm(x);
      if (after > Math.SQRT1_2 * before) break;
      before = after;
    }
    return removed;
  }

  /**
   * x −= Σ (vᵢ·x)·vᵢ over i < count, eight vectors at a time: their dot products in one sweep over x, then
   * their subtraction in a second sweep while they are still in cache (block Gram–Schmidt; the whole basis,
   * 760 kB at 156 × 610, does not fit in L2). Returns the coefficient of the last vector.
   */
  private subtractProjections(x: Float64Array, count: number): number {
    const { data, n } = this;
    let last = 0;
    let i = 0;
    for (; i + 7 < count; i += 8) {
      const o = i * n;
      let c0 = 0;
      let c1 = 0;
      let c2 = 0;
      let c3 = 0;
      let c4 = 0;
      let c5 = 0;
      let c6 = 0;
      let c7 = 0;
      for (let t = 0; t < n; t++) {
        const xt = x[t];
        c0 += data[o + t] * xt;
        c1 += data[o + n + t] * xt;
        c2 += data[o + 2 * n + t] * xt;
        c3 += data[o + 3 * n + t] * xt;
        c4 += data[o + 4 * n + t] * xt;
        c5 += data[o + 5 * n + t] * xt;
        c6 += data[o + 6 * n + t] * xt;
        c7 += data[o + 7 * n + t] * xt;
      }
      for (let t = 0; t < n; t++) {
        x[t] -=
          c0 * data[o + t] +
          c1 * data[o + n + t] +
          c2 * data[o + 2 * n + t] +
          c3 * data[o + 3 * n + t] +
          (c4 * data[o + 4 * n + t] + c5 * data[o + 5 * n + t] + c6 * data[o + 6 * n + t] + c7 * data[o + 7 * n + t]);
      }
      last = c7;
    }
    for (; i < count; i++) {
      const o = i * n;
      let c = 0;
      for (let t = 0; t < n; t++) c += data[o + t] * x[t];
      for (let t = 0; t < n; t++) x[t] -= c * data[o + t];
      last = c;
    }
    return last;
  }

  /** The n × p row-major product [v₀ … v_(m-1)]·z for an m × p row-major z. */
  combine(m: number, z: Float64Array, p: number): Float64Array {
    const { data, n } = this;
    const out = new Float64Array(n * p);
    let i = 0;
    // Eight basis vectors per sweep over the output: one load and store of it per eight multiply-adds.
    for (; i + 7 < m; i += 8) {
      const o = i * n;
      const z0 = i * p;
      for (let t = 0; t < n; t++) {
        const v0 = data[o + t];
        const v1 = data[o + n + t];
        const v2 = data[o + 2 * n + t];
        const v3 = data[o + 3 * n + t];
        const v4 = data[o + 4 * n + t];
        const v5 = data[o + 5 * n + t];
        const v6 = data[o + 6 * n + t];
        const v7 = data[o + 7 * n + t];
        const to = t * p;
        for (let c = 0; c < p; c++) {
          const zc = z0 + c;
          out[to + c] +=
            v0 * z[zc] +
            v1 * z[zc + p] +
            v2 * z[zc + 2 * p] +
            v3 * z[zc + 3 * p] +
            (v4 * z[zc + 4 * p] + v5 * z[zc + 5 * p] + v6 * z[zc + 6 * p] + v7 * z[zc + 7 * p]);
        }
      }
    }
    for (; i < m; i++) {
      const o = i * n;
      const zo = i * p;
      for (let t = 0; t < n; t++) {
        const v = data[o + t];
        const to = t * p;
        for (let c = 0; c < p; c++) out[to + c] += v * z[zo + c];
      }
    }
    return out;
  }

  /** Replaces vectors 0..p-1 by the columns of [v₀ … v_(m-1)]·mix. */
  replaceLeading(m: number, mix: Float64Array, p: number): void {
    const combined = this.combine(m, mix, p);
    for (let c = 0; c < p; c++) {
      const v = this.vector(c);
      for (let t = 0; t < this.n; t++) v[t] = combined[t * p + c];
    }
  }
}

export function dot(a: Float64Array, b: Float64Array): number {
  let s0 = 0;
  let s1 = 0;
  const n = a.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
  }
  if (i < n) s0 += a[i] * b[i];
  return s0 + s1;
}

export function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

export function axpy(c: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += c * x[i];
}
