import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseDelimited, parseDelimitedTable } from '../lib/src/csv';
import { DataError } from '../lib/src/errors';
import { runs } from './helpers/fast-check';

const csv = (text: string, fields?: number, header?: string) =>
  parseDelimited(text, { delimiter: ',', file: 't.csv', fields, header });

/** Asserts that `run` throws a DataError on `line` of t.csv whose message matches `pattern`. */
function throwsAt(run: () => unknown, line: number, pattern: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof DataError, `expected a DataError, got ${error}`);
    assert.equal(error.file, 't.csv');
    assert.equal(error.line, line);
    assert.ok(error.message.startsWith(`t.csv:${line}: `), error.message);
    assert.match(error.message, pattern);
    return true;
  });
}

test('quoted fields keep their commas, doubled quotes and line breaks', () => {
  const text = 'a,"b, c","say ""hi""","two\nlines"\nx,y,z,w\n';
  assert.deepEqual(csv(text, 4), [
    ['a', 'b, c', 'say "hi"', 'two\nlines'],
    ['x', 'y', 'z', 'w'],
  ]);
});

test('CRLF, LF, a byte-order mark and a missing final newline all read the same', () => {
  const rows = [
    ['1', 'Toy Story (1995)'],
    ['2', 'Heat'],
  ];
  for (const text of [
    '1,Toy Story (1995)\n2,Heat\n',
    '1,Toy Story (1995)\r\n2,Heat\r\n',
    '\uFEFF1,Toy Story (1995)\n2,Heat',
  ]) {
    assert.deepEqual(csv(text, 2), rows);
  }
});

test('the header is checked and left out of the rows', () => {
  assert.deepEqual(csv('id,name\n1,a\n', 2, 'id,name'), [['1', 'a']]);
  throwsAt(() => csv('id,title\n1,a\n', 2, 'id,name'), 1, /expected the header "id,name", found "id,title"/);
});

test('a file separated by another delimiter is named as such', () => {
  throwsAt(() => csv('id;name\n1;a\n', 2, 'id,name'), 1, /expected ',' separated fields, line 1 looks ';' separated/);
  throwsAt(() => csv('1,a\n2\tb\n', 2), 2, /expected ',' separated fields, line 2 looks tab separated/);
});

test('rows start on the right line even after a field spanning lines', () => {
  const table = parseDelimitedTable('h1,h2\n"a\nb",c\r\nd,e\n', { delimiter: ',', file: 't.csv', header: 'h1,h2' });
  assert.deepEqual(table.lines, [2, 4]);
  throwsAt(() => csv('h1,h2\n"a\nb",c\nd\n', 2, 'h1,h2'), 4, /expected 2 ',' separated fields, found 1/);
});

test('blank lines at the end are skipped and counted, blank lines inside are errors', () => {
  const table = parseDelimitedTable('1,a\n2,b\n\n\r\n', { delimiter: ',', file: 't.csv', fields: 2 });
  assert.deepEqual(table.rows, [
    ['1', 'a'],
    ['2', 'b'],
  ]);
  assert.deepEqual(table.skipped, { file: 't.csv', line: 3, count: 2, reason: 'blank lines at the end of the file' });
  assert.equal(parseDelimitedTable('1,a\n', { delimiter: ',', file: 't.csv' }).skipped, undefined);
  throwsAt(() => csv('1,a\n\n2,b\n', 2), 2, /expected 2 fields, found an empty line/);
});

test('a file ending in the middle of a line is reported as truncated', () => {
  throwsAt(() => csv('1,a,x\n2,b', 3), 2, /truncated last line .*expected 3 ',' separated fields, found 2/);
  // The same short line followed by a newline is a plain short line.
  throwsAt(() => csv('1,a,x\n2,b\n', 3), 2, /expected 3 ',' separated fields, found 2 in "2,b"/);
});

test('empty files and files with only a header are errors', () => {
  throwsAt(() => csv('', 2), 1, /empty file: expected 2 fields/);
  throwsAt(() => csv('\uFEFF\r\n', 2, 'a,b'), 1, /empty file: expected the header "a,b"/);
  throwsAt(() => csv('a,b\n', 2, 'a,b'), 2, /no data after the header/);
});

test('quotes are checked: unterminated, stray, or followed by text', () => {
  throwsAt(() => csv('1,a\n2,"b\n3,c\n', 2), 2, /unterminated quote/);
  throwsAt(() => csv('1,a\n2,b"c\n', 2), 2, /a '"' inside an unquoted field/);
  throwsAt(() => csv('1,a\n\n2,"b"c\n', 2), 3, /expected ',' or a line end after a closing quote, found "c"/);
});

test('files without quoting (ml-100k) keep quote characters as data', () => {
  const rows = parseDelimited('1|"Hi" (1995)|x\n', { delimiter: '|', file: 'u.item', fields: 3 });
  assert.deepEqual(rows, [['1', '"Hi" (1995)', 'x']]);
});

/** Writes rows as RFC 4180 CSV, quoting only the fields that need it. */
function toCsv(rows: string[][], eol: string, bom: boolean, finalEol: boolean): string {
  const field = (f: string, alone: boolean) =>
    /[",\r\n]/.test(f) || (alone && f === '') ? `"${f.replaceAll('"', '""')}"` : f;
  const lines = rows.map((row) => row.map((f) => field(f, row.length === 1)).join(','));
  return (bom ? '\uFEFF' : '') + lines.join(eol) + (finalEol ? eol : '');
}

const tables = fc.integer({ min: 1, max: 5 }).chain((width) =>
  fc.record({
    width: fc.constant(width),
    rows: fc.array(
      fc.array(fc.string({ unit: fc.constantFrom(',', '"', '\r', '\n', 'a', 'Z', ' ', 'é', '–', '|', '\t', '0') }), {
        minLength: width,
        maxLength: width,
      }),
      { minLength: 1, maxLength: 8 },
    ),
    eol: fc.constantFrom('\n', '\r\n'),
    bom: fc.boolean(),
    finalEol: fc.boolean(),
  }),
);

test('property: any rows written as CSV parse back equal, whatever the line ends and BOM', () => {
  fc.assert(
    fc.property(tables, ({ width, rows, eol, bom, finalEol }) => {
      assert.deepEqual(csv(toCsv(rows, eol, bom, finalEol), width), rows);
    }),
    runs(300),
  );
});

test('property: with a header, the rows after it parse back equal and lines count from 2', () => {
  fc.assert(
    fc.property(tables, ({ width, rows, eol, bom }) => {
      const header = Array.from({ length: width }, (_, i) => `c${i}`).join(',');
      const text = toCsv([header.split(','), ...rows], eol, bom, true);
      const table = parseDelimitedTable(text, { delimiter: ',', file: 't.csv', fields: width, header });
      assert.deepEqual(table.rows, rows);
      assert.equal(table.lines[0], 2);
      // Each row starts one line after the previous one ended: its own breaks plus the line end.
      for (let k = 1; k < rows.length; k++) {
        const breaks = rows[k - 1].join('').split('\n').length - 1;
        assert.equal(table.lines[k], table.lines[k - 1] + breaks + 1);
      }
    }),
    runs(200),
  );
});

test('with a header and no field count, data lines must have as many fields as the header', () => {
  throwsAt(() => csv('a,b\n1,2\n3\n', undefined, 'a,b'), 3, /expected 2 ',' separated fields, found 1/);
});
