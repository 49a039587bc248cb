import { readFileSync } from 'node:fs';

/**
 * Peak resident memory of this process in MB. On Linux it is VmHWM from /proc/self/status: the high-water mark
 * of this process's own memory, which (unlike getrusage's maxRSS) does not carry over what the parent held when
 * it started this process. Elsewhere, maxRSS.
 */
export function peakMB(): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb !== undefined) return Math.round(Number(kb) / 1024);
  } catch {
    // Not Linux: fall through to maxRSS.
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
