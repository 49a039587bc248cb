#!/usr/bin/env python3
"""The Python side of scripts/bench-svd.ts: times scipy's ARPACK svds and numpy's thin dense SVD on the matrix
that script wrote, one run per command, so that the two languages' runs can be interleaved (this machine's
speed drifts by tens of percent within seconds, and interleaving exposes both sides to the same drift).

The matrix folder holds shape.json ({"rows", "cols", "nnz"}) and the CSR arrays as raw little-endian files:
indptr.i32, indices.i32 (int32) and values.f64 (float64).

Usage: python3 scripts/bench_svd.py MATRIX_DIR --k 50
Then, one command per line on stdin, one JSON answer per line on stdout:
  versions            -> {"python": ..., "numpy": ..., "scipy": ...}
  svds SEED           -> {"seconds": ..., "s": [k values, descending]}
  dense               -> {"seconds": ..., "s": [...]}   (the first call also converts the matrix to dense)
  memory              -> {"peakMB": ...}   peak resident memory of this process so far (VmHWM), or null
  quit
"""
import argparse
import json
import os
import platform
import re
import sys
import time

import numpy as np
import scipy
import scipy.sparse as sp
from scipy.sparse.linalg import svds


def load(folder):
    with open(os.path.join(folder, "shape.json")) as f:
        shape = json.load(f)
    indptr = np.fromfile(os.path.join(folder, "indptr.i32"), dtype="<i4")
    indices = np.fromfile(os.path.join(folder, "indices.i32"), dtype="<i4")
    values = np.fromfile(os.path.join(folder, "values.f64"), dtype="<f8")
    if len(indptr) != shape["rows"] + 1 or len(values) != shape["nnz"] or len(indices) != shape["nnz"]:
        raise SystemExit(f"{folder}: array lengths do not match shape.json")
    return sp.csr_matrix((values, indices, indptr), shape=(shape["rows"], shape["cols"]))


def peak_mb():
    """VmHWM of this process in MB (Linux): a per-process figure, unlike ru_maxrss after a fork."""
    try:
        with open("/proc/self/status") as f:
            kb = re.search(r"VmHWM:\s+(\d+) kB", f.read())
        return round(int(kb.group(1)) / 1024) if kb else None
    except OSError:
        return None


def descending(s, k):
    return sorted(map(float, s), reverse=True)[:k]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir")
    parser.add_argument("--k", type=int, default=50)
    args = parser.parse_args()
    a = load(args.dir)
    dense = None
    for line in sys.stdin:
        command = line.split()
        if not command:
            continue
        if command[0] == "quit":
            break
        if command[0] == "versions":
            answer = {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__}
        elif command[0] == "svds":
            start = time.perf_counter()
            # tol=0 (the default) asks ARPACK for machine precision; svds returns ascending values.
            _, s, _ = svds(a, k=args.k, random_state=int(command[1]))
            answer = {"seconds": time.perf_counter() - start, "s": descending(s, args.k)}
        elif command[0] == "dense":
            if dense is None:
                dense = a.toarray()
            start = time.perf_counter()
            _, s, _ = np.linalg.svd(dense, full_matrices=False)
            answer = {"seconds": time.perf_counter() - start, "s": descending(s, args.k)}
        elif command[0] == "memory":
            answer = {"peakMB": peak_mb()}
        else:
            answer = {"error": f"unknown command {command[0]}"}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
