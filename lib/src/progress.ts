/**
 * Progress for long work. Shown on a terminal only (stderr is a TTY), so notebooks, CI logs and `--json`
 * output stay clean; a caller can pass its own reporter (tests record the calls).
 */
export interface Progress {
  /** `done` of `total` units (`total` undefined when unknown), with a short label. */
  update(label: string, done: number, total?: number): void;
  /** The work ended; clears the line. */
  end(): void;
}

export const silentProgress: Progress = { update() {}, end() {} };

/** A one-line reporter on stderr that redraws at most every `intervalMs` (default 100 ms). */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr, intervalMs = 100): Progress {
  if (!stream.isTTY) return silentProgress;
  let last = 0;
  let shown = false;
  return {
    update(label, done, total) {
      const now = Date.now();
      if (now - last < intervalMs && (total === undefined || done < total)) return;
      last = now;
      const pct = total ? ` ${((100 * done) / total).toFixed(0)}%` : '';
      stream.write(`\r${label} ${done}${total === undefined ? '' : ` of ${total}`}${pct}\x1b[K`);
      shown = true;
    },
    end() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
