import { createHash } from 'node:crypto';

/** Lower-case hex digest of some bytes. */
export function hexDigest(algorithm: 'md5' | 'sha256', data: Uint8Array): string {
  return createHash(algorithm).update(data).digest('hex');
}

/**
 * The md5 in a published `.md5` file, lower-cased, or undefined if there is none. GroupLens has used both the
 * BSD form `MD5 (ml-latest-small.zip) = <hex>` and the GNU form `<hex>  ml-latest-small.zip`.
 */
export function parseMd5File(text: string): string | undefined {
  const match = /(?:^|=\s*)([0-9a-f]{32})(?![0-9a-f])/im.exec(text.replace(/^\uFEFF/, ''));
  return match?.[1].toLowerCase();
}

/**
 * The sha256 listed for `file` in a `sha256sum` output (`<hex>  <path>` or `<hex> *<path>`), or undefined if
 * the file is not listed.
 */
export function sha256For(sums: string, file: string): string | undefined {
  for (const line of sums.split(/\r?\n/)) {
    const match = /^([0-9a-f]{64}) [ *](.+)$/i.exec(line.trim());
    if (match !== null && match[2] === file) return match[1].toLowerCase();
  }
  return undefined;
}
