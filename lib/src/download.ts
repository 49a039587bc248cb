import type { Progress } from './progress';

/** A download that receives no bytes for this long is abandoned (ms). Slow links still make progress. */
const IDLE_TIMEOUT_MS = 60_000;

/**
 * Downloads `url` into memory with Node's global fetch (which follows redirects), reporting bytes of total
 * to `progress`. Throws a plain Error `download of <url> failed: ...` on a network error, an HTTP status other
 * than 2xx, a stall, or a body shorter than its Content-Length (the connection closed early).
 */
export async function downloadBytes(url: string, progress: Progress, label: string): Promise<Uint8Array> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const armTimer = () => {
    clearTimeout(timer);
    timer = setTimeout(() => abort.abort(new Error(`no data for ${IDLE_TIMEOUT_MS / 1000} s`)), IDLE_TIMEOUT_MS);
  };
  armTimer();
  let done = 0;
  let total: number | undefined;
  try {
    // identity: a compressed transfer would make Content-Length count other bytes than the ones we receive.
    const response = await fetch(url, { signal: abort.signal, headers: { 'accept-encoding': 'identity' } });
    if (!response.ok) {
      await response.body?.cancel();
      throw new HttpStatusError(url, response.status, response.statusText);
    }
    total = declaredLength(response);
    const chunks: Uint8Array[] = [];
    const reader = response.body?.getReader();
    while (reader !== undefined) {
      const { done: finished, value } = await reader.read();
      if (finished) break;
      armTimer();
      chunks.push(value);
      done += value.length;
      progress.update(label, done, total);
    }
    if (total !== undefined && done !== total) {
      throw new Error(`download of ${url} failed: received ${done} of ${total} bytes (connection closed early)`);
    }
    return Buffer.concat(chunks, done);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith(`download of ${url} failed`)) throw error;
    const at = done > 0 ? ` after ${done}${total === undefined ? '' : ` of ${total}`} bytes` : '';
    throw new Error(`download of ${url} failed${at}: ${describe(error, abort.signal)}`, { cause: error });
  } finally {
    clearTimeout(timer);
    progress.end();
  }
}

/** An HTTP status other than 2xx; `status` lets callers tell "not published" (404) from other failures. */
export class HttpStatusError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
    statusText: string,
  ) {
    super(`download of ${url} failed: HTTP ${status}${statusText === '' ? '' : ` ${statusText}`}`);
  }
}

/** Fetches a small text file (an md5 beside a zip). Same errors as downloadBytes. */
export async function downloadText(url: string): Promise<string> {
  const silent: Progress = { update() {}, end() {} };
  return new TextDecoder().decode(await downloadBytes(url, silent, url));
}

function declaredLength(response: Response): number | undefined {
  const encoding = response.headers.get('content-encoding');
  const length = response.headers.get('content-length');
  if (length === null || (encoding !== null && encoding !== 'identity')) return undefined;
  const n = Number(length);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** fetch hides the useful part (ECONNREFUSED, "other side closed") in `cause`. */
function describe(error: unknown, signal: AbortSignal): string {
  if (signal.aborted && signal.reason instanceof Error) return signal.reason.message;
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return `${error.message} (${cause.message}${code !== undefined && !cause.message.includes(code) ? `, ${code}` : ''})`;
  }
  return error.message;
}
