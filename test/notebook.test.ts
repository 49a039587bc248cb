import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ratingsFrame } from '../lib/src/frames';
import { recordsToTable } from '../lib/src/loading';
import { tableCells, tableHtml, tableText } from '../lib/src/notebook';

test('records become a header in order of first appearance and display strings', () => {
  const { header, rows } = tableCells([{ a: 1, b: 2.5 }, { b: 0.125, c: ['x', 'y'] }, { a: null }], 2);
  assert.deepEqual(header, ['a', 'b', 'c']);
  assert.deepEqual(rows, [
    ['1', '2.50', ''],
    ['', '0.13', 'x|y'],
    ['', '', ''],
  ]);
});

test('keys that a danfojs frame would reject, like columns, are shown as any other', () => {
  assert.deepEqual(tableCells([{ rows: 2, columns: 3 }]).header, ['rows', 'columns']);
});

test('a float column of a frame keeps its decimals even for whole values, as ratings.csv prints 4.0', () => {
  const table = recordsToTable([
    { userId: 1, movieId: 10, rating: 4, timestamp: 100 },
    { userId: 2, movieId: 20, rating: 3.5, timestamp: 200 },
  ]);
  const { header, rows } = tableCells(ratingsFrame(table), 1);
  assert.deepEqual(header, ['userId', 'movieId', 'rating', 'timestamp']);
  assert.deepEqual(rows, [
    ['1', '10', '4.0', '100'],
    ['2', '20', '3.5', '200'],
  ]);
});

test('HTML escapes text and right-aligns numeric columns; text aligns columns', () => {
  const html = tableHtml(['title', 'n'], [['<b>&', '12']], 'caption "x"');
  assert.match(html, /<td>&lt;b&gt;&amp;<\/td>/);
  assert.match(html, /<td style="text-align:right">12<\/td>/);
  assert.match(html, /<caption[^>]*>caption &quot;x&quot;<\/caption>/);
  assert.equal(tableText(['a', 'bb'], [['xyz', '1']]), 'a    bb\nxyz  1');
});
