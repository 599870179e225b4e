// Two "machines" (two cache directories) share the real turborepo-remote-cache server.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closedPort,
  generateRepo,
  remoteEnv,
  runCheck,
  startRemoteServer,
  tempDir,
  type RemoteServer,
} from './remote-server.js';

const FILES = 120;
const NO_REMOTE = { WARMBUILD_REMOTE_URL: undefined };
let work: string;
let repo: string;
/** Cache entries one check of the repository writes (one results map or snapshot per check), measured without a remote. */
let ENTRIES: number;
/** Entries a warm run with no change reads back. */
let READS: number;

beforeAll(() => {
  if (!fs.existsSync(path.resolve(import.meta.dirname, '../../packages/core/dist/cli/bin.js'))) {
    throw new Error('run `pnpm build` first: the tests drive the built CLI');
  }
  work = tempDir('remote-test');
  repo = generateRepo(path.join(work, 'repo'), FILES);
});

beforeAll(async () => {
  const baseline = await runCheck(repo, path.join(work, 'baseline'), NO_REMOTE);
  ENTRIES = baseline.cache.writes;
  expect(ENTRIES).toBeGreaterThan(0);
  // A warm run reads back what a no-change run needs (the compiler's code cache, for one, is only read when parsing).
  READS = (await runCheck(repo, path.join(work, 'baseline'), NO_REMOTE)).cache.diskHits;
  expect(READS).toBeGreaterThan(0);
  expect(READS).toBeLessThanOrEqual(ENTRIES);
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const sortFindings = (findings: { rule: string; file: string }[]) => findings.map((f) => `${f.rule}:${f.file}`).sort();

describe('shared remote cache with the real turborepo-remote-cache server', () => {
  let server: RemoteServer;
  beforeAll(async () => {
    server = await startRemoteServer();
  });
  afterAll(() => server.stop());

  it('the second machine gets a hit for everything the first one built', async () => {
    const first = await runCheck(repo, path.join(work, 'm1'), remoteEnv(server));
    expect(first.status).toBe(0);
    expect(first.warnings).toEqual([]);
    // One artifact per entry, plus the run archive (everything the run used) and the same archive as the latest of this repository line.
    expect(first.cache.remoteUploads).toBe(ENTRIES + 2);
    // The server knows nothing of this commit: every lookup misses.
    expect(first.cache.remoteMisses).toBeGreaterThanOrEqual(1);
    expect(first.cache.remoteMisses).toBeLessThanOrEqual(ENTRIES);
    expect(server.artifacts()).toHaveLength(ENTRIES + 2);

    const second = await runCheck(repo, path.join(work, 'm2'), remoteEnv(server));
    expect(second.warnings).toEqual([]);
    expect(second.cache.remoteHits).toBe(READS);
    expect(second.cache.misses).toBe(0);
    expect(second.cache.remoteUploads).toBe(0);
    expect(sortFindings(second.findings)).toEqual(sortFindings(first.findings));
    expect(second.findings.some((f) => f.rule === 'large-file')).toBe(true);

    // A remote hit is written to the second machine's disk: without the remote it is all disk hits.
    const offline = await runCheck(repo, path.join(work, 'm2'), NO_REMOTE);
    expect(offline.cache.diskHits).toBe(READS);
    expect(offline.cache.remoteHits).toBe(0);
  });

  it('after a change: the latest archive of the repository line, or the per-entry artifacts, serve the rest', async () => {
    // Same checkout name ("repo"): same line as machine 1, so its latest archive is the fallback.
    const pr = path.join(work, 'pr', 'repo');
    fs.cpSync(repo, pr, { recursive: true });
    fs.appendFileSync(path.join(pr, 'pkg1', 'file1.ts'), 'export const changed = 1;\n');
    const viaLine = await runCheck(
      pr,
      path.join(work, 'pr-cache'),
      remoteEnv(server, { WARMBUILD_REMOTE_READ_ONLY: '1' }),
    );
    // The entries that depend on the changed file miss; every other entry hits.
    expect(viaLine.cache.remoteMisses).toBeGreaterThanOrEqual(1);
    expect(viaLine.cache.remoteHits).toBeGreaterThanOrEqual(1);
    expect(viaLine.cache.remoteHits + viaLine.cache.remoteMisses).toBeGreaterThanOrEqual(READS);

    // Another checkout name and no package.json: another line, so entry by entry.
    const other = path.join(work, 'repo-changed');
    fs.cpSync(pr, other, { recursive: true });
    const perEntry = await runCheck(other, path.join(work, 'c2'), remoteEnv(server));
    expect(perEntry.cache.remoteHits).toBe(viaLine.cache.remoteHits);
    expect(perEntry.cache.remoteMisses).toBe(viaLine.cache.remoteMisses);
    // One archive weighs less than the artifacts fetched one by one, each with a header.
    expect(viaLine.cache.remoteBytesDown).toBeLessThan(perEntry.cache.remoteBytesDown);
    // Every entry this run wrote, the new run's archive and the line's latest archive.
    expect(perEntry.cache.remoteUploads).toBe(perEntry.cache.writes + 2);
  });

  it('read-only mode downloads but never uploads', async () => {
    const other = generateRepo(path.join(work, 'repo-ro'), 30, 'read-only');
    const before = server.artifacts().length;
    const run = await runCheck(other, path.join(work, 'ro'), remoteEnv(server, { WARMBUILD_REMOTE_READ_ONLY: '1' }));
    expect(run.status).toBe(0);
    expect(run.warnings).toEqual([]);
    expect(run.cache.remoteUploads).toBe(0);
    expect(run.cache.writes).toBeGreaterThan(0);
    expect(server.artifacts().length).toBe(before);
  });

  it('a wrong token gives one warning and the build goes on with the local cache', async () => {
    const run = await runCheck(
      repo,
      path.join(work, 'bad-token'),
      remoteEnv(server, { WARMBUILD_REMOTE_TOKEN: 'wrong' }),
    );
    expect(run.status).toBe(0);
    expect(run.warnings).toHaveLength(1);
    expect(run.warnings[0]).toMatch(/HTTP 401: the token was refused/);
    // Requests already in flight fail too; the queued ones are dropped, never sent.
    expect(run.cache.remoteErrors).toBeGreaterThanOrEqual(1);
    expect(run.cache.remoteErrors).toBeLessThanOrEqual(16);
    expect(run.cache.remoteHits).toBe(0);
    expect(run.cache.writes).toBe(ENTRIES);
    const offline = await runCheck(repo, path.join(work, 'bad-token'), NO_REMOTE);
    expect(offline.cache.diskHits).toBe(READS);
  });
});

describe('a read-only server (READ_ONLY=true answers uploads with 403)', () => {
  let server: RemoteServer;
  beforeAll(async () => {
    server = await startRemoteServer({ READ_ONLY: 'true' });
  });
  afterAll(() => server.stop());

  it('warns once, stops uploading and keeps the local cache', async () => {
    const run = await runCheck(repo, path.join(work, 'ro-server'), remoteEnv(server));
    expect(run.status).toBe(0);
    expect(run.warnings).toHaveLength(1);
    expect(run.warnings[0]).toMatch(/refused an upload \(HTTP 403\)/);
    expect(run.cache.remoteUploads).toBe(0);
    expect(run.cache.writes).toBe(ENTRIES);
    expect(server.artifacts()).toHaveLength(0);
  });
});

describe('signed artifacts (x-artifact-tag)', () => {
  let server: RemoteServer;
  beforeAll(async () => {
    // The server stores and returns tags only when it has a key of its own; it never checks them.
    server = await startRemoteServer({ TURBO_REMOTE_CACHE_SIGNATURE_KEY: 'server-side' });
  });
  afterAll(() => server.stop());

  it('hits with the same key, and a signature mismatch is a miss', async () => {
    const signed = { WARMBUILD_REMOTE_SIGNATURE_KEY: 'key-A' };
    const first = await runCheck(repo, path.join(work, 'sig1'), remoteEnv(server, signed));
    expect(first.cache.remoteUploads).toBe(ENTRIES + 2);
    const tags = fs.readdirSync(server.storage, { recursive: true }).filter((name) => String(name).endsWith('.tag'));
    expect(tags).toHaveLength(ENTRIES + 2);

    const same = await runCheck(repo, path.join(work, 'sig2'), remoteEnv(server, signed));
    expect(same.cache.remoteHits).toBe(READS);
    expect(same.warnings).toEqual([]);

    const other = await runCheck(
      repo,
      path.join(work, 'sig3'),
      remoteEnv(server, { WARMBUILD_REMOTE_SIGNATURE_KEY: 'key-B', WARMBUILD_REMOTE_READ_ONLY: '1' }),
    );
    expect(other.status).toBe(0);
    expect(other.cache.remoteHits).toBe(0);
    // The archive and every entry are refused.
    expect(other.cache.remoteRejected).toBe(ENTRIES + 1);
    expect(other.warnings).toHaveLength(1);
    expect(other.warnings[0]).toMatch(/failed verification \(signature mismatch\)/);
    expect(sortFindings(other.findings)).toEqual(sortFindings(first.findings));
  });
});

describe('the server killed in the middle of an upload', () => {
  let server: RemoteServer;
  let proxy: net.Server;
  let proxyPort: number;
  let killed = false;
  beforeAll(async () => {
    server = await startRemoteServer();
    // A byte-for-byte TCP relay that, on the 3rd PUT, passes on half of its bytes and then
    // SIGKILLs the real server, so the upload dies mid-body exactly as it would in production.
    let puts = 0;
    proxy = net.createServer((client) => {
      const upstream = net.connect(server.port, '127.0.0.1');
      client.on('data', (chunk) => {
        if (killed) return client.destroy();
        puts += chunk.toString('latin1').split('PUT /v8/artifacts/').length - 1;
        if (puts >= 3) {
          killed = true;
          upstream.write(chunk.subarray(0, chunk.length >> 1), () => server.process.kill('SIGKILL'));
          return;
        }
        upstream.write(chunk);
      });
      upstream.on('data', (chunk) => client.write(chunk));
      const end = () => {
        client.destroy();
        upstream.destroy();
      };
      for (const socket of [client, upstream]) socket.on('close', end).on('error', end);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyPort = (proxy.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => proxy.close(resolve));
    await server.stop();
  });

  it('does not crash, warns once and leaves the local cache intact', async () => {
    const run = await runCheck(
      repo,
      path.join(work, 'killed'),
      remoteEnv({ url: `http://127.0.0.1:${proxyPort}` }, { WARMBUILD_REMOTE_TIMEOUT: '5000' }),
    );
    expect(killed).toBe(true);
    expect(run.status).toBe(0);
    expect(run.warnings).toHaveLength(1);
    expect(run.warnings[0]).toMatch(/is unusable/);
    expect(run.cache.remoteErrors).toBeGreaterThanOrEqual(1);
    expect(run.cache.remoteUploads).toBeLessThan(ENTRIES + 2);
    expect(run.cache.writes).toBe(ENTRIES);
    const offline = await runCheck(repo, path.join(work, 'killed'), NO_REMOTE);
    expect(offline.cache.diskHits).toBe(READS);
    expect(offline.cache.corrupt).toBe(0);
  });

  it('a server that is not there at all: one warning, same findings', async () => {
    const port = await closedPort();
    const run = await runCheck(repo, path.join(work, 'down'), remoteEnv({ url: `http://127.0.0.1:${port}` }));
    expect(run.status).toBe(0);
    expect(run.warnings).toHaveLength(1);
    expect(run.warnings[0]).toMatch(/ECONNREFUSED/);
    expect(run.cache.writes).toBe(ENTRIES);
  });
});
