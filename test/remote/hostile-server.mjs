// A malicious Turborepo-API server on 127.0.0.1, for the hostile-remote tests and `pnpm bench
// remote`: brotli bombs, endless bodies behind a huge or absent content-length. Plain .mjs so the
// bench can start it too. The client side runs in a child process (hostile-client.mjs) so its
// peak RSS is its own.
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const clientScript = path.join(here, 'hostile-client.mjs');

const BOMB_INFLATED = 512 * 1024 * 1024;
let bombBody;
/** Brotli of 512 MB of zeros: a few hundred bytes on the wire. Built once per process (streamed, so building it costs no memory). */
async function bomb() {
  if (bombBody) return bombBody;
  const compressor = zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } });
  const out = [];
  compressor.on('data', (chunk) => out.push(chunk));
  const done = new Promise((resolve, reject) => {
    compressor.on('end', resolve);
    compressor.on('error', reject);
  });
  const block = Buffer.alloc(1024 * 1024);
  for (let written = 0; written < BOMB_INFLATED; written += block.length) {
    if (!compressor.write(block)) await new Promise((resolve) => compressor.once('drain', resolve));
  }
  compressor.end();
  await done;
  bombBody = Buffer.concat(out);
  return bombBody;
}

/** A WBR1 artifact for (namespace, key) whose header claims `size` bytes and whose body is `body`. */
function artifact(namespace, key, size, body) {
  const header = Buffer.from(JSON.stringify({ n: namespace, k: key, z: 'br', s: size, c: '0'.repeat(32) }));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  return Buffer.concat([Buffer.from('WBR1'), length, header, body]);
}

/**
 * Modes: `bomb` (declares 1e9 bytes, inflates to 512 MB), `bomb-lying` (declares `declared`
 * bytes, inflates to 512 MB), `flood` (zeros forever behind content-length: 4 GiB),
 * `flood-chunked` (zeros forever, no length). Every request is counted.
 */
export async function startHostileServer({ mode, namespace, key, declared = 1e9 }) {
  const body = mode.startsWith('bomb')
    ? artifact(namespace, key, mode === 'bomb' ? 1e9 : declared, await bomb())
    : undefined;
  const zeros = Buffer.alloc(64 * 1024);
  const stats = { requests: 0, bytesSent: 0 };
  const server = http.createServer((req, res) => {
    stats.requests++;
    if (req.method !== 'GET') {
      res.writeHead(202).end('{}');
      return;
    }
    if (body) {
      res
        .writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) })
        .end(body);
      return;
    }
    res.writeHead(
      200,
      mode === 'flood'
        ? { 'content-type': 'application/octet-stream', 'content-length': String(4 * 1024 ** 3) }
        : { 'content-type': 'application/octet-stream' },
    );
    const pump = () => {
      while (!res.destroyed) {
        stats.bytesSent += zeros.length;
        if (!res.write(zeros)) break;
      }
      if (!res.destroyed) res.once('drain', pump);
    };
    res.on('close', () => res.removeAllListeners('drain'));
    pump();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

/**
 * Run hostile-client.mjs: `gets` downloads of (namespace, key) through the built remote tier,
 * `parallel` at a time. Resolves with what it got, its warnings and its peak RSS.
 */
export function runHostileClient({ url, namespace, key, gets = 4, parallel = 1, remote = {} }) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [clientScript, JSON.stringify({ url, namespace, key, gets, parallel, remote })],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status, signal) => {
      try {
        resolve({ ...JSON.parse(stdout), status, signal, stderr });
      } catch {
        // A client that died (out of memory, killed) printed no JSON: that is the finding.
        resolve({ status, signal, stderr, crashed: true });
      }
    });
  });
}
