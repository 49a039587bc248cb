#!/usr/bin/env python3
"""Runs a command and records its wall time and peak memory, for `npm run bench` (scripts/bench/run.ts).

Usage: python3 scripts/bench/peak.py RESULT_FILE COMMAND [ARGS...]

The command's output passes through. RESULT_FILE receives one JSON object:
  {"seconds": wall time of the command, "status": its exit code, "peakMB": ru_maxrss of RUSAGE_CHILDREN}
ru_maxrss over the children is the peak of the largest single process among the command and every descendant
that was waited for (the notebook runner's Jupyter and its tslab kernels included), not their sum. This wrapper
is a few MB, so what Linux carries over from it into the child's count at fork is negligible.
"""
import json
import resource
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    result_file, command = sys.argv[1], sys.argv[2:]
    start = time.perf_counter()
    status = subprocess.call(command)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # Linux reports kilobytes, macOS bytes.
    peak_mb = peak / 2**20 if sys.platform == "darwin" else peak / 1024
    with open(result_file, "w") as f:
        json.dump({"seconds": seconds, "status": status, "peakMB": round(peak_mb)}, f)


if __name__ == "__main__":
    main()
