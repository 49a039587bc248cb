import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { strToU8, zipSync } from 'fflate';
import { MARKER_FILE } from '../lib/src/dataset-check';
import { DATASETS, type DatasetSpec } from '../lib/src/datasets';
import { DataError, UsageError } from '../lib/src/errors';
import { ensureDataset, validateDatasetDir } from '../lib/src/fetch';
import { PROJECT_ROOT } from '../lib/src/paths';
import { type Progress, silentProgress } from '../lib/src/progress';
import { runs } from './helpers/fast-check';

// The dataset name must be a DatasetName; with a temp dataDir and a tiny spec nothing real is touched.
const NAME = 'ml-latest-small';

const TINY: DatasetSpec = {
  name: NAME,
  description: 'three ratings of two movies, and two genres',
  ratingScale: { min: 0.5, max: 5, step: 0.5 },
  files: [
    {
      name: 'ratings.csv',
      delimiter: ',',
      header: 'userId,movieId,rating,timestamp',
      fields: 4,
      rows: 3,
      encoding: 'utf8',
    },
    { name: 'movies.csv', delimiter: ',', header: 'movieId,title,genres', fields: 3, rows: 2, encoding: 'utf8' },
    { name: 'u.genre', delimiter: '|', fields: 2, rows: 2, encoding: 'utf8' },
  ],
};

const TINY_FILES: Record<string, string> = {
  'ratings.csv': 'userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,2,3.5,964981247\n2,1,5.0,964982224\n',
  'movies.csv':
    'movieId,title,genres\n1,Toy Story (1995),Adventure|Animation\n2,"American President, The (1995)",Comedy\n',
  // ml-100k's u.genre really ends with a blank line.
  'u.genre': 'unknown|0\nAction|1\n\n',
};

/** The zip as GroupLens lays it out: one top folder named like the zip. */
function tinyZip(files: Record<string, string> = TINY_FILES): Uint8Array {
  const inner: Record<string, Uint8Array> = {};
  for (const [name, text] of Object.entries(files)) inner[name] = strToU8(text);
  return zipSync({ [NAME]: inner, [`${NAME}/README.txt`]: strToU8('tiny test data\n') });
}

const md5 = (data: Uint8Array) => createHash('md5').update(data).digest('hex');

interface Route {
  status?: number;
  body?: Uint8Array | string;
  /** A Content-Length larger than the body makes the server close the connection mid-download. */
  declaredLength?: number;
  location?: string;
  delayMs?: number;
}

interface TestServer {
  url: string;
  routes: Map<string, Route>;
  requests: string[];
}

const servers: Server[] = [];
after(() => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
});

async function serve(routes: Record<string, Route>): Promise<TestServer> {
  const state: TestServer = { url: '', routes: new Map(Object.entries(routes)), requests: [] };
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    state.requests.push(url);
    const route = state.routes.get(url) ?? { status: 404, body: 'not here' };
    setTimeout(() => {
      const body = typeof route.body === 'string' ? strToU8(route.body) : (route.body ?? new Uint8Array());
      const headers: Record<string, string | number> = { 'content-length': route.declaredLength ?? body.length };
      if (route.location !== undefined) headers.location = route.location;
      res.writeHead(route.status ?? 200, headers);
      if (route.declaredLength !== undefined && route.declaredLength > body.length) {
        res.write(body, () => res.socket?.destroy());
      } else {
        res.end(body);
      }
    }, route.delayMs ?? 0);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

async function tempDir(label: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `recs-fetch-${label}-`));
  after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function recorder() {
  const lines: string[] = [];
  const updates: { done: number; total?: number }[] = [];
  const progress: Progress = { update: (_label, done, total) => updates.push({ done, total }), end() {} };
  return { log: (message: string) => lines.push(message), lines, progress, updates };
}

describe('downloading from a server', () => {
  test('a download verified by its published md5 is unpacked, validated, marked, and reported in bytes of total', async () => {
    const zip = tinyZip();
    const server = await serve({
      [`/${NAME}.zip`]: { body: zip },
      [`/${NAME}.zip.md5`]: { body: `MD5 (${NAME}.zip) = ${md5(zip).toUpperCase()}\n` },
    });
    const dataDir = await tempDir('happy');
    const rec = recorder();
    const dir = await ensureDataset(NAME, { dataDir, mirror: server.url, spec: TINY, ...rec });
    assert.equal(dir, path.join(dataDir, NAME));
    assert.equal(await readFile(path.join(dir, 'ratings.csv'), 'utf8'), TINY_FILES['ratings.csv']);
    assert.deepEqual((await readdir(dataDir)).sort(), [NAME]);
    assert.match(await readFile(path.join(dir, MARKER_FILE), 'utf8'), /md5 verified/);
    assert.deepEqual(rec.lines, []);
    assert.ok(rec.updates.length > 0);
    assert.deepEqual(rec.updates.at(-1), { done: zip.length, total: zip.length });
  });

  test('a later call trusts the marked copy without a request, and force fetches again', async () => {
    const zip = tinyZip();
    const server = await serve({ [`/${NAME}.zip`]: { body: zip }, [`/${NAME}.zip.md5`]: { body: md5(zip) } });
    const dataDir = await tempDir('again');
    const options = { dataDir, mirror: server.url, spec: TINY, progress: silentProgress, log() {} };
    await ensureDataset(NAME, options);
    const before = server.requests.length;
    await ensureDataset(NAME, options);
    assert.equal(server.requests.length, before);
    await ensureDataset(NAME, { ...options, force: true });
    assert.ok(server.requests.includes(`/${NAME}.zip`) && server.requests.length > before);
    assert.deepEqual((await readdir(dataDir)).sort(), [NAME]);
    await validateDatasetDir(path.join(dataDir, NAME), TINY);
  });

  test('a missing md5 file is logged as "not verified" and the download proceeds', async () => {
    const server = await serve({ [`/${NAME}.zip`]: { body: tinyZip() } });
    const dataDir = await tempDir('nomd5');
    const rec = recorder();
    const dir = await ensureDataset(NAME, { dataDir, mirror: server.url, spec: TINY, ...rec });
    await validateDatasetDir(dir, TINY);
    assert.equal(rec.lines.length, 1);
    assert.match(
      rec.lines[0],
      /md5 not published at http:\/\/127\.0\.0\.1:\d+\/ml-latest-small\.zip\.md5 \(HTTP 404\)/,
    );
    assert.match(rec.lines[0], /not verified/);
  });

  test('a wrong md5 is an error and leaves nothing behind', async () => {
    const server = await serve({
      [`/${NAME}.zip`]: { body: tinyZip() },
      [`/${NAME}.zip.md5`]: { body: `${'0'.repeat(32)}  ${NAME}.zip\n` },
    });
    const dataDir = await tempDir('badmd5');
    await assert.rejects(
      ensureDataset(NAME, { dataDir, mirror: server.url, spec: TINY, progress: silentProgress, log() {} }),
      (error: Error) =>
        error instanceof DataError && /^ml-latest-small\.zip: md5 is [0-9a-f]{32}, expected 0{32}/.test(error.message),
    );
    assert.deepEqual(await readdir(dataDir), []);
  });

  test('a body shorter than its Content-Length is an error, leaves nothing, and the next run recovers', async () => {
    const zip = tinyZip();
    const server = await serve({ [`/${NAME}.zip`]: { body: zip.subarray(0, 100), declaredLength: zip.length } });
    const dataDir = await tempDir('truncated');
    const options = { dataDir, mirror: server.url, spec: TINY, progress: silentProgress, log() {} };
    await assert.rejects(ensureDataset(NAME, options), (error: Error) => {
      assert.ok(!(error instanceof DataError));
      assert.match(error.message, new RegExp(`^download of ${server.url}/${NAME}\\.zip failed`));
      assert.match(error.message, new RegExp(`100 of ${zip.length} bytes`));
      return true;
    });
    assert.deepEqual(await readdir(dataDir), []);
    server.routes.set(`/${NAME}.zip`, { body: zip });
    await validateDatasetDir(await ensureDataset(NAME, options), TINY);
  });

  test('a zip that does not open is a data error naming the zip', async () => {
    const server = await serve({ [`/${NAME}.zip`]: { body: tinyZip().subarray(0, 150) } });
    const dataDir = await tempDir('notzip');
    await assert.rejects(
      ensureDataset(NAME, { dataDir, mirror: server.url, spec: TINY, progress: silentProgress, log() {} }),
      /^DataError: ml-latest-small\.zip: not a readable zip archive/,
    );
    assert.deepEqual(await readdir(dataDir), []);
  });

  test('a zip whose contents were altered fails its CRC-32 check even without an md5', async () => {
    // Stored (uncompressed) entries let the test flip a byte of a file's data inside the archive.
    const stored = zipSync({ [NAME]: { 'ratings.csv': strToU8(TINY_FILES['ratings.csv']) } }, { level: 0 });
    const at = Buffer.from(stored).indexOf('4.0');
    stored[at] = '9'.charCodeAt(0);
    assert.ok(at > 0);
    const server = await serve({ [`/${NAME}.zip`]: { body: stored } });
    const dataDir = await tempDir('crc');
    await assert.rejects(
      ensureDataset(NAME, { dataDir, mirror: server.url, spec: TINY, progress: silentProgress, log() {} }),
      /ml-latest-small\.zip: entry 'ml-latest-small\/ratings\.csv' is corrupted/,
    );
    assert.deepEqual(await readdir(dataDir), []);
  });

  test('a missing zip is a clear HTTP 404 error', async () => {
    const server = await serve({});
    const dataDir = await tempDir('404');
    await assert.rejects(
      ensureDataset(NAME, { dataDir, mirror: `${server.url}/`, spec: TINY, progress: silentProgress, log() {} }),
      { message: `download of ${server.url}/${NAME}.zip failed: HTTP 404 Not Found` },
    );
    assert.deepEqual(await readdir(dataDir), []);
  });

  test('redirects are followed', async () => {
    const server = await serve({
      [`/old/${NAME}.zip`]: { status: 302, location: `/${NAME}.zip` },
      [`/${NAME}.zip`]: { body: tinyZip() },
    });
    const dataDir = await tempDir('redirect');
    const dir = await ensureDataset(NAME, { dataDir, mirror: `${server.url}/old`, spec: TINY, ...recorder() });
    await validateDatasetDir(dir, TINY);
  });

  test('two concurrent first runs both succeed and leave one valid copy', async () => {
    // The delay keeps both downloads in flight together, so both reach the rename and one of them loses.
    const server = await serve({ [`/${NAME}.zip`]: { body: tinyZip(), delayMs: 50 } });
    const dataDir = await tempDir('race');
    const options = { dataDir, mirror: server.url, spec: TINY, progress: silentProgress, log() {} };
    const [a, b] = await Promise.all([ensureDataset(NAME, options), ensureDataset(NAME, options)]);
    assert.equal(a, b);
    assert.equal(server.requests.filter((r) => r === `/${NAME}.zip`).length, 2);
    assert.deepEqual(await readdir(dataDir), [NAME]);
    await validateDatasetDir(a, TINY);
  });
});

describe('recovering', () => {
  test('a copy damaged after it was marked is noticed, logged and replaced', async () => {
    const server = await serve({ [`/${NAME}.zip`]: { body: tinyZip() } });
    const dataDir = await tempDir('damaged');
    const rec = recorder();
    const options = { dataDir, mirror: server.url, spec: TINY, ...rec };
    const dir = await ensureDataset(NAME, options);
    await truncate(path.join(dir, 'ratings.csv'), 40);
    await ensureDataset(NAME, options);
    assert.ok(rec.lines.some((l) => l.startsWith('ml-latest-small/ratings.csv: 1 data rows, expected 3')));
    await validateDatasetDir(dir, TINY);
    assert.deepEqual(await readdir(dataDir), [NAME]);
  });

  test("a dead run's temporary folder is removed, a live run's is kept", async () => {
    const server = await serve({ [`/${NAME}.zip`]: { body: tinyZip() } });
    const dataDir = await tempDir('stale');
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    assert.ok(dead !== undefined);
    const deadTemp = path.join(dataDir, `.tmp-${NAME}.${dead}.0a1b2c3d@${os.hostname()}`);
    const liveTemp = path.join(dataDir, `.tmp-${NAME}.${process.pid}.deadbeef@${os.hostname()}`);
    await mkdir(deadTemp);
    await writeFile(path.join(deadTemp, 'ratings.csv'), 'userId,movieId');
    await mkdir(liveTemp);
    await ensureDataset(NAME, { dataDir, mirror: server.url, spec: TINY, progress: silentProgress, log() {} });
    assert.deepEqual((await readdir(dataDir)).sort(), [path.basename(liveTemp), NAME].sort());
  });

  test('a complete copy put in place by hand is adopted without fetching', async () => {
    const dataDir = await tempDir('byhand');
    await writeTiny(path.join(dataDir, NAME));
    const mirror = await tempDir('emptymirror');
    const dir = await ensureDataset(NAME, { dataDir, mirror, spec: TINY, progress: silentProgress, log() {} });
    assert.ok(existsSync(path.join(dir, MARKER_FILE)));
  });
});

describe('a local mirror folder', () => {
  test('a zip with a .zip.md5 beside it is verified and unpacked', async () => {
    const mirror = await tempDir('mirrorzip');
    const zip = tinyZip();
    await writeFile(path.join(mirror, `${NAME}.zip`), zip);
    await writeFile(path.join(mirror, `${NAME}.zip.md5`), `${md5(zip)}  ${NAME}.zip\n`);
    const dataDir = await tempDir('fromzip');
    const rec = recorder();
    const dir = await ensureDataset(NAME, { dataDir, mirror, spec: TINY, ...rec });
    await validateDatasetDir(dir, TINY);
    assert.deepEqual(rec.lines, []);
    assert.match(await readFile(path.join(dir, MARKER_FILE), 'utf8'), /md5 verified/);
  });

  test('a zip whose .zip.md5 disagrees is refused and nothing is left', async () => {
    const mirror = await tempDir('mirrorbad');
    await writeFile(path.join(mirror, `${NAME}.zip`), tinyZip());
    await writeFile(path.join(mirror, `${NAME}.zip.md5`), `MD5 (${NAME}.zip) = ${'f'.repeat(32)}\n`);
    const dataDir = await tempDir('frombad');
    await assert.rejects(
      ensureDataset(NAME, { dataDir, mirror, spec: TINY, log() {} }),
      /md5 is [0-9a-f]+, expected f+/,
    );
    assert.deepEqual(await readdir(dataDir), []);
  });

  test('an unpacked folder is copied, and its missing checksums are logged', async () => {
    const mirror = await tempDir('mirrordir');
    await writeTiny(path.join(mirror, NAME));
    const dataDir = await tempDir('fromdir');
    const rec = recorder();
    const dir = await ensureDataset(NAME, { dataDir, mirror, spec: TINY, ...rec });
    await validateDatasetDir(dir, TINY);
    assert.equal(await readFile(path.join(dir, 'u.genre'), 'utf8'), TINY_FILES['u.genre']);
    assert.match(rec.lines.join('\n'), /not verified/);
  });

  test('a relative mirror path is taken from the project root, and env variables are the defaults', async () => {
    const mirror = await tempDir('relative');
    await writeFile(path.join(mirror, `${NAME}.zip`), tinyZip());
    const dataDir = await tempDir('envdata');
    const saved = { mirror: process.env.MOVIELENS_MIRROR, data: process.env.MOVIELENS_DATA_DIR };
    process.env.MOVIELENS_MIRROR = path.relative(PROJECT_ROOT, mirror);
    process.env.MOVIELENS_DATA_DIR = dataDir;
    try {
      const dir = await ensureDataset(NAME, { spec: TINY, log() {} });
      assert.equal(dir, path.join(dataDir, NAME));
    } finally {
      restoreEnv('MOVIELENS_MIRROR', saved.mirror);
      restoreEnv('MOVIELENS_DATA_DIR', saved.data);
    }
  });

  test('a folder holding neither the zip nor the folder, or no folder at all, is a usage error', async () => {
    const mirror = await tempDir('emptymirror2');
    const dataDir = await tempDir('fromnothing');
    await assert.rejects(ensureDataset(NAME, { dataDir, mirror, spec: TINY, log() {} }), {
      name: 'UsageError',
      message: `mirror folder ${mirror} holds neither ${NAME}.zip nor ${NAME}/`,
    });
    const nowhere = path.join(mirror, 'nowhere');
    await assert.rejects(
      ensureDataset(NAME, { dataDir, mirror: nowhere, spec: TINY, log() {} }),
      (error: Error) => error instanceof UsageError && error.message === `mirror folder ${nowhere} does not exist`,
    );
    assert.deepEqual(await readdir(dataDir), []);
  });
});

describe('validating a dataset folder', () => {
  test('a missing file is named', async () => {
    const dir = await tempDir('vmissing');
    await writeTiny(dir, { 'ratings.csv': undefined });
    await assert.rejects(validateDatasetDir(dir, TINY), {
      name: 'DataError',
      message: 'ml-latest-small/ratings.csv: missing',
    });
  });

  test('a wrong header is shown next to the expected one', async () => {
    const dir = await tempDir('vheader');
    await writeTiny(dir, { 'ratings.csv': 'a,b\n1,2\n3,4\n5,6\n' });
    await assert.rejects(validateDatasetDir(dir, TINY), {
      message: "ml-latest-small/ratings.csv: header is 'a,b', expected 'userId,movieId,rating,timestamp'",
    });
  });

  test('a wrong row count says how many rows were found and expected', async () => {
    const dir = await tempDir('vrows');
    await writeTiny(dir, { 'movies.csv': 'movieId,title,genres\n1,Toy Story (1995),Animation\n' });
    await assert.rejects(validateDatasetDir(dir, TINY), {
      message: 'ml-latest-small/movies.csv: 1 data rows, expected 2 (truncated or a different release?)',
    });
  });

  test('CRLF line ends, a UTF-8 BOM and a missing last line end are accepted', async () => {
    const dir = await tempDir('vcrlf');
    await writeTiny(dir, {
      'ratings.csv': `\uFEFF${TINY_FILES['ratings.csv'].replace(/\n/g, '\r\n')}`,
      'movies.csv': TINY_FILES['movies.csv'].trimEnd(),
    });
    await validateDatasetDir(dir, TINY);
  });

  test('the row count does not depend on line ends, BOM, trailing blank lines or read chunking', async () => {
    const dir = await tempDir('vprop');
    const file = { ...TINY.files[0], rows: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.stringMatching(/^[0-9,.]{1,40}$/), { maxLength: 30 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.nat(2),
        async (rows, eol, bom, blankLines) => {
          const text = `${bom ? '\uFEFF' : ''}${[file.header, ...rows].join(eol)}${eol.repeat(blankLines)}`;
          await writeFile(path.join(dir, file.name), text);
          await validateDatasetDir(dir, { ...TINY, files: [{ ...file, rows: rows.length }] });
        },
      ),
      runs(50),
    );
  });
});

const MIRROR = '/work/shared/data/movielens';

describe('the real datasets from the shared mirror', { skip: !existsSync(MIRROR) && `no mirror at ${MIRROR}` }, () => {
  for (const name of ['ml-latest-small', 'ml-100k'] as const) {
    test(`${name} unpacks from the mirror's zip, checks out, and a second call trusts the marked copy`, async () => {
      const dataDir = await tempDir(`real-zip-${name}`);
      const rec = recorder();
      const dir = await ensureDataset(name, { dataDir, mirror: path.relative(PROJECT_ROOT, MIRROR), ...rec });
      await validateDatasetDir(dir, DATASETS[name]);
      assert.deepEqual(rec.lines, []);
      const marker = await readFile(path.join(dir, MARKER_FILE), 'utf8');
      assert.match(marker, /\.zip \(sha256 verified\)/);
      // The fast path: no new download or validation, so the marker (with its validatedAt time) stays as it was.
      assert.equal(await ensureDataset(name, { dataDir, mirror: MIRROR, ...rec }), dir);
      assert.equal(await readFile(path.join(dir, MARKER_FILE), 'utf8'), marker);
      assert.deepEqual(rec.lines, []);
    });

    test(`${name} copies from the mirror's unpacked folder and checks out`, async () => {
      const mirror = await tempDir(`real-dirmirror-${name}`);
      await symlink(path.join(MIRROR, name), path.join(mirror, name));
      await symlink(path.join(MIRROR, 'SHA256SUMS'), path.join(mirror, 'SHA256SUMS'));
      const dataDir = await tempDir(`real-dir-${name}`);
      const rec = recorder();
      const dir = await ensureDataset(name, { dataDir, mirror, ...rec });
      await validateDatasetDir(dir, DATASETS[name]);
      assert.deepEqual(rec.lines, []);
      assert.match(await readFile(path.join(dir, MARKER_FILE), 'utf8'), /sha256 of \d+ files verified/);
    });
  }
});

/** Writes the tiny dataset's files into `dir`; `changes` replaces a file's text, or leaves it out (undefined). */
async function writeTiny(dir: string, changes: Record<string, string | undefined> = {}): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries({ ...TINY_FILES, ...changes })) {
    if (text !== undefined) await writeFile(path.join(dir, name), text);
  }
}

function restoreEnv(key: string, value: string | undefined): void {
  if (value === undefined) delete process.env[key];
  else process.env[key] = value;
}
