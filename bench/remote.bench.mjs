// Shared remote cache: the second machine's first `warmbuild check` (cold local cache) with the
// remote tier against the same run without it, on a generated repo, with the real
// turborepo-remote-cache server on 127.0.0.1. Also: artifact codecs on real cache entries.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { encodeArchive } from '../packages/core/dist/cache/remote/archive.js';
import { hostileRows } from './remote-hostile.mjs';
import { transformRows } from './remote-transform.mjs';
import { benchDir, cliPath, fmtMs, median, ratio, repoRoot, table, timeCommand } from './lib.mjs';

const FILES = Number(process.env.WARMBUILD_BENCH_REMOTE_FILES) || 2000;
const RUNS = 5;
const TOKEN = 'bench-token';

function generateRepo(dir, count) {
  fs.rmSync(dir, { recursive: true, force: true });
  for (let i = 0; i < count; i++) {
    const lines = i % 100 === 0 ? 10_050 : 30 + (i % 120);
    const body = Array.from(
      { length: lines },
      (_, line) => `export function f${i}_${line}(x: number): number { return x * ${line} + ${i}; }`,
    ).join('\n');
    const dirName = path.join(dir, `packages/p${i % 20}/src`);
    fs.mkdirSync(dirName, { recursive: true });
    fs.writeFileSync(path.join(dirName, `m${i}.ts`), `${body}\n`);
  }
}

async function freePort() {
  const probe = net.createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export async function startServer(storage) {
  const require = createRequire(path.join(repoRoot, 'test/package.json'));
  const serverCli = path.join(path.dirname(require.resolve('turborepo-remote-cache/package.json')), 'dist/cli.js');
  // LOG_LEVEL=warn: per-request logging would steal CPU from the client on this 2-core machine.
  // A key of its own makes the server keep the x-artifact-tag of signed uploads (it never checks them).
  const port = await freePort();
  const child = spawn(process.execPath, [serverCli], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      STORAGE_PROVIDER: 'local',
      STORAGE_PATH: storage,
      STORAGE_PATH_USE_TMP_FOLDER: 'false',
      TURBO_TOKEN: TOKEN,
      TURBO_REMOTE_CACHE_SIGNATURE_KEY: 'server-side',
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  const started = Date.now();
  for (;;) {
    const up = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (up) break;
    if (child.exitCode !== null || Date.now() - started > 20_000)
      throw new Error('turborepo-remote-cache did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGKILL') };
}

const TIME = '/usr/bin/time';

/** `warmbuild check --format json` as a process: wall ms, the child's own CPU ms (user + sys, when /usr/bin/time exists), cache stats. */
function check(repo, cacheDir, env) {
  const childEnv = { ...process.env };
  for (const name of Object.keys(childEnv)) if (name.startsWith('WARMBUILD_REMOTE_')) delete childEnv[name];
  const args = [cliPath, 'check', repo, '--cache-dir', cacheDir, '--format', 'json'];
  const cpuFile = path.join(path.dirname(cacheDir), 'cpu.txt');
  const timed = fs.existsSync(TIME);
  const run = timed
    ? timeCommand(TIME, ['-f', '%U %S', '-o', cpuFile, process.execPath, ...args], { env: { ...childEnv, ...env } })
    : timeCommand(process.execPath, args, { env: { ...childEnv, ...env } });
  if (run.status !== 0 && run.status !== 1) throw new Error(`warmbuild check failed (${run.status}):\n${run.stderr}`);
  const cpuMs = timed
    ? fs
        .readFileSync(cpuFile, 'utf8')
        .trim()
        .split(/\s+/)
        .slice(-2)
        .reduce((sum, v) => sum + Number(v) * 1000, 0)
    : NaN;
  return { ms: run.ms, cpuMs, cache: JSON.parse(run.stdout).stats.cache, stderr: run.stderr };
}

/** The entries of a disk cache (WBC1 | u32 | header {k, n} | payload), as the remote tier archives them. */
function diskEntries(cacheDir) {
  const out = [];
  for (const entry of fs.readdirSync(cacheDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/^[0-9a-f]{16,}$/.test(entry.name)) continue;
    const bytes = fs.readFileSync(path.join(entry.parentPath, entry.name));
    if (bytes.subarray(0, 4).toString() !== 'WBC1') continue;
    const headerEnd = 8 + bytes.readUInt32LE(4);
    const header = JSON.parse(bytes.subarray(8, headerEnd).toString());
    out.push({ namespace: header.n, key: header.k, value: bytes.subarray(headerEnd) });
  }
  return out;
}

function codecRow(name, payloads, encode) {
  const started = performance.now();
  let bytes = 0;
  for (const payload of payloads) bytes += encode(payload).length;
  return { name, bytes, ms: performance.now() - started };
}

function codecTable(title, payloads) {
  const raw = payloads.reduce((sum, p) => sum + p.length, 0);
  const br = (quality) => (p) =>
    zlib.brotliCompressSync(p, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: quality, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: p.length },
    });
  const rows = [
    codecRow('none', payloads, (p) => p),
    codecRow('gzip -6', payloads, (p) => zlib.gzipSync(p, { level: 6 })),
    codecRow('brotli q5 (used)', payloads, br(5)),
    codecRow('brotli q11', payloads, br(11)),
  ];
  console.log(`\n${title}: ${payloads.length} payload(s), ${(raw / 1024).toFixed(1)} KB raw\n`);
  table(
    ['codec', 'bytes', 'of raw', 'compress time'],
    rows.map((r) => [r.name, String(r.bytes), `${((r.bytes / raw) * 100).toFixed(1)}%`, fmtMs(r.ms)]),
  );
}

export default async function ({ args = [] } = {}) {
  const dir = benchDir('remote');
  const repo = path.join(dir, 'repo');
  generateRepo(repo, FILES);
  const storage = path.join(dir, 'server-store');
  fs.rmSync(storage, { recursive: true, force: true });
  const server = await startServer(storage);
  // Signed: a server with a key of its own answers 404 for an artifact uploaded without a tag, so
  // unsigned check rows would measure a second machine that can never hit.
  const remote = {
    WARMBUILD_REMOTE_URL: server.url,
    WARMBUILD_REMOTE_TOKEN: TOKEN,
    WARMBUILD_REMOTE_TEAM: 'team_bench',
    WARMBUILD_REMOTE_SIGNATURE_KEY: 'bench-signing-key',
  };
  try {
    const machine1 = path.join(dir, 'machine1');
    fs.rmSync(machine1, { recursive: true, force: true });
    const first = check(repo, machine1, remote);
    const firstLocalOnly = check(repo, path.join(dir, 'machine1-local'), {});
    fs.rmSync(path.join(dir, 'machine1-local'), { recursive: true, force: true });
    console.log(
      `generated repo: ${FILES} files; machine 1 uploads ${first.cache.remoteUploads} artifacts, ${(first.cache.remoteBytesUp / 1024).toFixed(1)} KB\n`,
    );
    // The server runs on the same 2 cores here: wall time pays for its CPU too; the client's own CPU does not.
    table(
      ['machine 1, first check (cold)', 'wall', 'client CPU (user+sys)'],
      [
        ['with the remote tier (uploading)', fmtMs(first.ms), fmtMs(first.cpuMs)],
        ['without it', fmtMs(firstLocalOnly.ms), fmtMs(firstLocalOnly.cpuMs)],
      ],
    );
    console.log(
      `\nupload overhead: ${ratio(first.ms, firstLocalOnly.ms)} wall, ${ratio(first.cpuMs, firstLocalOnly.cpuMs)} client CPU\n`,
    );

    const machine2 = path.join(dir, 'machine2');
    const withRemote = [];
    const without = [];
    let lastRemote;
    for (let i = 0; i < RUNS; i++) {
      // Alternate the order so neither side always runs with a warmer OS page cache.
      for (const side of i % 2 ? ['without', 'with'] : ['with', 'without']) {
        fs.rmSync(machine2, { recursive: true, force: true });
        if (side === 'with') {
          lastRemote = check(repo, machine2, remote);
          withRemote.push(lastRemote.ms);
        } else {
          without.push(check(repo, machine2, {}).ms);
        }
      }
    }
    // A pull request on top of what machine 1 built: one file changed, so the run archive misses.
    // Same checkout name: the latest archive of the line serves all but the changed entry. Another
    // checkout name (another line): every entry is one request.
    fs.appendFileSync(path.join(repo, 'packages/p1/src/m1.ts'), 'export const changed = true;\n');
    const otherCheckout = path.join(dir, 'elsewhere', 'checkout');
    fs.rmSync(path.join(dir, 'elsewhere'), { recursive: true, force: true });
    fs.cpSync(repo, otherCheckout, { recursive: true });
    const viaLine = [];
    const perEntry = [];
    let lastViaLine;
    let lastPerEntry;
    for (let i = 0; i < 3; i++) {
      fs.rmSync(machine2, { recursive: true, force: true });
      lastViaLine = check(repo, machine2, { ...remote, WARMBUILD_REMOTE_READ_ONLY: '1' });
      viaLine.push(lastViaLine.ms);
      fs.rmSync(machine2, { recursive: true, force: true });
      lastPerEntry = check(otherCheckout, machine2, { ...remote, WARMBUILD_REMOTE_READ_ONLY: '1' });
      perEntry.push(lastPerEntry.ms);
    }
    fs.rmSync(machine2, { recursive: true, force: true });
    fs.rmSync(path.join(dir, 'elsewhere'), { recursive: true, force: true });
    const a = median(withRemote);
    const b = median(without);
    const c = median(perEntry);
    const d = median(viaLine);
    table(
      ['machine 2, first check (cold local cache)', 'median wall', 'remote hits', 'KB down'],
      [
        [
          'with the remote tier (same commit: run archive)',
          fmtMs(a),
          String(lastRemote.cache.remoteHits),
          (lastRemote.cache.remoteBytesDown / 1024).toFixed(1),
        ],
        [
          'with the remote tier (one file changed: latest archive of the line)',
          fmtMs(d),
          String(lastViaLine.cache.remoteHits),
          (lastViaLine.cache.remoteBytesDown / 1024).toFixed(1),
        ],
        [
          'with the remote tier (one file changed, other line: per entry)',
          fmtMs(c),
          String(lastPerEntry.cache.remoteHits),
          (lastPerEntry.cache.remoteBytesDown / 1024).toFixed(1),
        ],
        ['without it (computes everything)', fmtMs(b), '0', '0'],
      ],
    );
    console.log(
      `\nratio without / with remote: ${ratio(b, a)} same commit, ${ratio(b, d)} one file changed (line archive), ${ratio(b, c)} one file changed (per entry); above 1× the remote tier is faster`,
    );

    // What the tier really compresses: the run archive (entries under 256 bytes travel raw on their own).
    const entries = diskEntries(machine1);
    const archive = encodeArchive(entries);
    codecTable(`artifact codecs on this run's archive (${entries.length} entries)`, [archive]);
    const sources = fs
      .readdirSync(repo, { recursive: true })
      .filter((name) => String(name).endsWith('.ts'))
      .slice(0, 60)
      .map((name) => fs.readFileSync(path.join(repo, String(name))));
    codecTable('artifact codecs on 60 source files (stand-in for large entries such as transform outputs)', sources);

    await transformRows({ args, server, token: TOKEN });
  } finally {
    server.stop();
  }
  await hostileRows();
}
