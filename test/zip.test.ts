import assert from 'node:assert/strict';
import { test } from 'node:test';
import { strFromU8, strToU8, zipSync } from 'fflate';
import { DataError } from '../lib/src/errors';
import { unpackZip } from '../lib/src/zip';

const text = (files: { path: string; data: Uint8Array }[]) =>
  Object.fromEntries(files.map((f) => [f.path, strFromU8(f.data)]));

test('the top folder named like the zip is removed, and folder and __MACOSX entries are skipped', () => {
  const zip = zipSync({
    'ml-100k/': {},
    'ml-100k/u.data': strToU8('1\t2\t3\t4\n'),
    'ml-100k/sub/u.info': strToU8('943 users\n'),
  });
  assert.deepEqual(text(unpackZip(zip, 'ml-100k.zip', 'ml-100k')), {
    'u.data': '1\t2\t3\t4\n',
    'sub/u.info': '943 users\n',
  });
  const mac = zipSync({ 'ml-100k/u.data': strToU8('x'), '__MACOSX/ml-100k/._u.data': strToU8('junk') });
  assert.deepEqual(text(unpackZip(mac, 'ml-100k.zip', 'ml-100k')), { 'u.data': 'x' });
});

test('a zip without the top folder is unpacked as it is', () => {
  const zip = zipSync({ 'u.data': strToU8('a'), 'other/u.item': strToU8('b') });
  assert.deepEqual(text(unpackZip(zip, 'ml-100k.zip', 'ml-100k')), { 'u.data': 'a', 'other/u.item': 'b' });
});

test('an entry that would land outside the destination is refused', () => {
  const zip = zipSync({ 'ml-100k/../../evil.sh': strToU8('rm -rf ~') });
  assert.throws(
    () => unpackZip(zip, 'ml-100k.zip', 'ml-100k'),
    (error: Error) => error instanceof DataError && /points outside the dataset folder/.test(error.message),
  );
});

test('bytes that are not a zip, or a zip cut short, are a DataError naming the file', () => {
  const zip = zipSync({ 'ml-100k/u.data': strToU8('1\t2\t3\t4\n'.repeat(100)) });
  for (const data of [strToU8('<html>404</html>'), zip.subarray(0, zip.length - 10), new Uint8Array()]) {
    assert.throws(() => unpackZip(data, 'ml-100k.zip'), /^DataError: ml-100k\.zip: not a readable zip archive/);
  }
});
