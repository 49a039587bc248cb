import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hexDigest, parseMd5File, sha256For } from '../lib/src/checksum';

const HEX = '0123456789abcdef0123456789abcdef';

test('an md5 file is read in the BSD form, the GNU form, upper case and with a BOM', () => {
  assert.equal(parseMd5File(`MD5 (ml-latest-small.zip) = ${HEX}\n`), HEX);
  assert.equal(parseMd5File(`${HEX}  ml-latest-small.zip\n`), HEX);
  assert.equal(parseMd5File(`${HEX.toUpperCase()}\r\n`), HEX);
  assert.equal(parseMd5File(`\uFEFF${HEX} *ml-100k.zip`), HEX);
});

test('text without an md5 (an HTML error page, a sha256) gives undefined', () => {
  assert.equal(parseMd5File('<html><body>Not Found</body></html>'), undefined);
  assert.equal(parseMd5File(`${HEX}${HEX}  ml-100k.zip`), undefined);
  assert.equal(parseMd5File(''), undefined);
});

test('SHA256SUMS is searched for the exact path only', () => {
  const a = 'a'.repeat(64);
  const b = 'B'.repeat(64);
  const sums = `${a}  ml-100k/u.data\n${b} *ml-100k.zip\n`;
  assert.equal(sha256For(sums, 'ml-100k/u.data'), a);
  assert.equal(sha256For(sums, 'ml-100k.zip'), 'b'.repeat(64));
  assert.equal(sha256For(sums, 'u.data'), undefined);
});

test('digests match the published test vectors', () => {
  // RFC 1321 and FIPS 180-2 examples for "abc".
  assert.equal(hexDigest('md5', new TextEncoder().encode('abc')), '900150983cd24fb0d6963f7d28e17f72');
  assert.equal(
    hexDigest('sha256', new TextEncoder().encode('abc')),
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  );
});
