import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { unzipSync } from 'fflate';
import { DataError } from './errors';

/** One file unpacked from an archive: its path inside the dataset folder (`/`-separated) and its bytes. */
export interface UnpackedFile {
  path: string;
  data: Uint8Array;
}

/**
 * Unpacks a zip archive held in memory and checks every file against the CRC-32 and size recorded in the
 * archive, because fflate inflates without checking them and a corrupted download must not pass as data.
 * MovieLens zips hold one top folder named like the zip (`ml-100k/u.data`): when every entry sits under
 * `topFolder/`, that prefix is removed. Folder entries and macOS `__MACOSX/` metadata are skipped.
 * Throws a DataError naming `label` (the zip's file name) if the archive does not open, a check fails, or an
 * entry would land outside the destination (`../`, absolute paths).
 */
export function unpackZip(data: Uint8Array, label: string, topFolder?: string): UnpackedFile[] {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(data, { filter: (file) => !file.name.endsWith('/') && !file.name.startsWith('__MACOSX/') });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DataError(`not a readable zip archive (${reason}): truncated or not a zip`, label);
  }
  const recorded = centralDirectory(data, label);
  const names = Object.keys(entries);
  const prefix = topFolder !== undefined && names.every((n) => n.startsWith(`${topFolder}/`)) ? `${topFolder}/` : '';
  return names.map((name) => {
    const bytes = entries[name];
    const expected = recorded.get(name);
    if (expected === undefined) throw new DataError(`entry '${name}' is not in the archive's directory`, label);
    if (bytes.length !== expected.size || crc32(bytes) >>> 0 !== expected.crc) {
      throw new DataError(`entry '${name}' is corrupted (size or CRC-32 differs from the archive's record)`, label);
    }
    const relative = name.slice(prefix.length);
    const normal = path.posix.normalize(relative);
    if (path.posix.isAbsolute(normal) || normal.startsWith('../') || normal === '..' || /^[A-Za-z]:/.test(normal)) {
      throw new DataError(`entry '${name}' points outside the dataset folder`, label);
    }
    return { path: normal, data: bytes };
  });
}

interface Recorded {
  crc: number;
  size: number;
}

/** Reads the CRC-32 and uncompressed size of every entry from the zip's central directory (APPNOTE 4.3.12). */
function centralDirectory(data: Uint8Array, label: string): Map<string, Recorded> {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let end = data.length - 22;
  // The end record is followed by a comment of at most 65,535 bytes, so it is searched for from the back.
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) {
    if (data.length - end > 22 + 0xffff) break;
    end--;
  }
  if (end < 0 || view.getUint32(end, true) !== 0x06054b50) {
    throw new DataError('not a readable zip archive (no end of central directory): truncated or not a zip', label);
  }
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const decoder = new TextDecoder();
  const out = new Map<string, Recorded>();
  for (let i = 0; i < count; i++) {
    if (at + 46 > data.length || view.getUint32(at, true) !== 0x02014b50) {
      throw new DataError('zip central directory is damaged', label);
    }
    const nameLength = view.getUint16(at + 28, true);
    const name = decoder.decode(data.subarray(at + 46, at + 46 + nameLength));
    out.set(name, { crc: view.getUint32(at + 16, true), size: view.getUint32(at + 24, true) });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return out;
}
