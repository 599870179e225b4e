// The tier against a loopback server of our own that speaks the Turborepo artifacts API and
// misbehaves on demand (truncated bodies, silence, 5xx, 401/403, tampering) — faults the real
// server cannot be made to produce. test/remote/ runs the real turborepo-remote-cache.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createContentCache } from '../content-cache.js';
import { emptyCacheStats } from '../cache-stats.js';
import { artifactId } from './artifact.js';
import { createRemoteTier, type CreateRemoteTierOptions } from './remote-tier.js';

type Fault = (req: http.IncomingMessage, res: http.ServerResponse) => boolean;

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  tag: string | undefined;
  contentType: string | undefined;
}

const store = new Map<string, { body: Buffer; tag: string | undefined }>();
const seen: Seen[] = [];
let fault: Fault | undefined;
let active = 0;
let maxActive = 0;
let server: http.Server;
let url: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      active++;
      maxActive = Math.max(maxActive, active);
      res.on('close', () => active--);
      const header = (name: string) => req.headers[name] as string | undefined;
      seen.push({
        method: req.method!,
        url: req.url!,
        authorization: header('authorization'),
        tag: header('x-artifact-tag'),
        contentType: header('content-type'),
      });
      if (fault?.(req, res)) return;
      const { pathname, searchParams } = new URL(req.url!, 'http://x');
      const team = searchParams.get('teamId') ?? searchParams.get('slug') ?? '';
      const id = pathname.replace('/v8/artifacts/', '');
      const entry = store.get(`${team}/${id}`);
      // Let a few requests overlap so the concurrency bound is what limits them.
      setTimeout(() => {
        if (req.method === 'PUT') {
          store.set(`${team}/${id}`, { body: Buffer.concat(chunks), tag: header('x-artifact-tag') });
          res.writeHead(202, { 'content-type': 'application/json' }).end('{"urls":[]}');
        } else if (!entry) {
          res.writeHead(404).end('{"error":"not found"}');
        } else {
          res.writeHead(200, {
            'content-type': 'application/octet-stream',
            ...(entry.tag ? { 'x-artifact-tag': entry.tag } : {}),
          });
          res.end(req.method === 'HEAD' ? undefined : entry.body);
        }
      }, 2);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

beforeEach(() => {
  store.clear();
  seen.length = 0;
  fault = undefined;
  maxActive = 0;
});

const KEY = (n: number) => n.toString(16).padStart(32, '0');

function tier(options: Partial<CreateRemoteTierOptions> = {}) {
  const warnings: string[] = [];
  const stats = emptyCacheStats();
  // Signed by default, as a shared read-write cache should be (unsigned, the tier warns once at start).
  const remote = createRemoteTier({
    url,
    token: 'tok',
    team: 'team_t',
    signatureKey: 'team-key',
    env: {},
    logger: { warn: (m) => warnings.push(m) },
    stats,
    ...options,
  });
  return { remote, warnings, stats };
}

describe('remote tier, happy path', () => {
  it('uploads on flush and downloads what it uploaded, with bearer token, team and octet-stream', async () => {
    const { remote, stats, warnings } = tier();
    const big = Buffer.from(JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ rule: 'x', line: i }))));
    remote.put('ns', KEY(1), Buffer.from('[]'));
    remote.put('ns', KEY(2), big);
    await remote.flush();
    expect(stats.remoteUploads).toBe(2);
    expect(store.size).toBe(2);
    const stored = store.get(`team_t/${artifactId('ns', KEY(2))}`)!;
    expect(stored.body.length).toBeLessThan(big.length / 4);
    const put = seen.find((s) => s.method === 'PUT')!;
    expect(put.authorization).toBe('Bearer tok');
    expect(put.url).toMatch(/^\/v8\/artifacts\/[0-9a-f]{32}\?teamId=team_t$/);
    expect(put.contentType).toBe('application/octet-stream');

    expect((await remote.get('ns', KEY(2)))?.equals(big)).toBe(true);
    expect((await remote.get('ns', KEY(1)))?.toString()).toBe('[]');
    expect(await remote.get('ns', KEY(3))).toBeUndefined();
    expect(stats).toMatchObject({ remoteMisses: 1, remoteErrors: 0, remoteBytesUp: stats.remoteBytesDown });
    expect(warnings).toEqual([]);
    await remote.close();
  });

  it('batches uploads within the concurrency bound and sends each entry once', async () => {
    const { remote, stats } = tier({ batchSize: 5, concurrency: 2 });
    for (let i = 0; i < 23; i++) remote.put('ns', KEY(i), Buffer.from(`value ${i}`));
    remote.put('ns', KEY(0), Buffer.from('value 0'));
    await remote.flush();
    expect(stats.remoteUploads).toBe(23);
    expect(seen.filter((s) => s.method === 'PUT')).toHaveLength(23);
    expect(maxActive).toBeLessThanOrEqual(2);
    await remote.close();
  });

  it('sends a partial batch on its own, without waiting for flush', async () => {
    const { remote } = tier({ batchSize: 100 });
    remote.put('ns', KEY(7), Buffer.from('alone'));
    await expect.poll(() => store.size, { timeout: 5000 }).toBe(1);
    await remote.close();
  });

  it('read-only mode never uploads', async () => {
    const { remote, stats } = tier({ readOnly: true });
    remote.put('ns', KEY(1), Buffer.from('x'));
    await remote.flush();
    expect(seen).toHaveLength(0);
    expect(stats.remoteUploads).toBe(0);
  });

  it('asks HEAD before uploading a large artifact the server was not seen to lack', async () => {
    const { remote, stats } = tier();
    const large = randomBytes(60_000);
    remote.put('ns', KEY(9), large);
    await remote.flush();
    expect(seen.map((s) => s.method)).toEqual(['HEAD', 'PUT']);
    const again = tier();
    again.remote.put('ns', KEY(9), large);
    await again.remote.flush();
    expect(seen.map((s) => s.method)).toEqual(['HEAD', 'PUT', 'HEAD']);
    expect(again.stats.remoteUploads).toBe(0);
    expect(stats.remoteUploads).toBe(1);
  });

  it('follows a redirect for downloads (a CDN read URL)', async () => {
    // Unsigned: the CDN stand-in below serves bodies without their tags.
    const { remote } = tier({ signatureKey: undefined });
    remote.put('ns', KEY(4), Buffer.from('redirected'));
    await remote.flush();
    fault = (req, res) => {
      if (req.url!.startsWith('/v8/')) {
        res.writeHead(302, { location: `/cdn${req.url}` }).end();
        return true;
      }
      req.url = req.url!.replace('/cdn', '');
      const id = new URL(req.url, 'http://x').pathname.replace('/v8/artifacts/', '');
      res.writeHead(200).end(store.get(`team_t/${id}`)!.body);
      return true;
    };
    expect((await remote.get('ns', KEY(4)))?.toString()).toBe('redirected');
  });
});

describe('remote tier failures: one warning, the build goes on', () => {
  it('a truncated body is a miss, counted, and the tier stays on', async () => {
    const { remote, stats, warnings } = tier();
    remote.put('ns', KEY(1), Buffer.from('good'));
    await remote.flush();
    fault = (req, res) => {
      if (req.method !== 'GET' || !req.url!.includes(artifactId('ns', KEY(2)))) return false;
      res.writeHead(200, { 'content-length': '1000' });
      res.write('WBR1 only a part');
      setTimeout(() => res.socket!.destroy(), 10);
      return true;
    };
    expect(await remote.get('ns', KEY(2))).toBeUndefined();
    expect(await remote.get('ns', KEY(2))).toBeUndefined();
    expect(stats.remoteErrors).toBe(2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/cut short/);
    expect(remote.state.reads).toBe(true);
    expect((await remote.get('ns', KEY(1)))?.toString()).toBe('good');
  });

  it('a server that does not answer times out, warns once and turns the tier off', async () => {
    const { remote, stats, warnings } = tier({ timeout: 300 });
    const held: http.ServerResponse[] = [];
    fault = (_req, res) => {
      held.push(res);
      return true;
    };
    expect(await remote.get('ns', KEY(1))).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/took longer than 300 ms/);
    expect(remote.state).toEqual({ reads: false, writes: false });
    const asked = seen.length;
    expect(await remote.get('ns', KEY(2))).toBeUndefined();
    remote.put('ns', KEY(3), Buffer.from('x'));
    await remote.flush();
    expect(seen.length).toBe(asked);
    expect(stats.remoteErrors).toBe(1);
    for (const res of held) res.destroy();
  });

  it.each([
    [500, /HTTP 500/],
    [502, /HTTP 502/],
    [401, /HTTP 401: the token was refused/],
    [403, /HTTP 403: the token was refused/],
  ])('a download answered %i turns the tier off with one warning', async (status, message) => {
    const { remote, stats, warnings } = tier();
    fault = (_req, res) => {
      res.writeHead(status).end('{}');
      return true;
    };
    const results = await Promise.all([1, 2, 3, 4].map((n) => remote.get('ns', KEY(n))));
    expect(results).toEqual([undefined, undefined, undefined, undefined]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(message);
    expect(stats.remoteErrors).toBeGreaterThanOrEqual(1);
    expect(remote.state.reads).toBe(false);
  });

  it('an upload answered 403 stops uploads but keeps downloads', async () => {
    const { remote, stats, warnings } = tier({ batchSize: 1, concurrency: 1 });
    store.set(`team_t/${artifactId('ns', KEY(5))}`, { body: Buffer.alloc(0), tag: undefined });
    fault = (req, res) => {
      if (req.method !== 'PUT') return false;
      res.writeHead(403).end('{"message":"read-only"}');
      return true;
    };
    for (let i = 0; i < 5; i++) remote.put('ns', KEY(i), Buffer.from('x'));
    await remote.flush();
    expect(seen.filter((s) => s.method === 'PUT')).toHaveLength(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/refused an upload \(HTTP 403\)/);
    expect(stats).toMatchObject({ remoteUploads: 0, remoteErrors: 1 });
    expect(remote.state).toEqual({ reads: true, writes: false });
    await remote.get('ns', KEY(5));
    expect(seen.at(-1)!.method).toBe('GET');
  });

  it('nothing listening: one warning, every later call returns at once', async () => {
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const { remote, warnings } = tier({ url: `http://127.0.0.1:${port}` });
    for (let i = 0; i < 5; i++) remote.put('ns', KEY(i), Buffer.from('x'));
    expect(await remote.get('ns', KEY(9))).toBeUndefined();
    await remote.flush();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/ECONNREFUSED/);
  });
});

describe('remote tier integrity', () => {
  it('a tampered body is refused as a miss', async () => {
    // Unsigned, so that the checksum is what catches it.
    const { remote, stats, warnings } = tier({ signatureKey: undefined });
    remote.put('ns', KEY(1), Buffer.from('y'.repeat(100)));
    await remote.flush();
    const entry = store.get(`team_t/${artifactId('ns', KEY(1))}`)!;
    entry.body[entry.body.length - 1] ^= 1;
    expect(await remote.get('ns', KEY(1))).toBeUndefined();
    expect(stats).toMatchObject({ remoteRejected: 1, remoteMisses: 1 });
    expect(warnings.join('\n')).toMatch(/failed verification \(checksum mismatch\)/);
  });

  it('with a signature key: signed uploads hit, unsigned or foreign-signed artifacts miss', async () => {
    const signed = tier({ signatureKey: 'k1' });
    signed.remote.put('ns', KEY(1), Buffer.from('signed'));
    await signed.remote.flush();
    expect(seen[0].tag).toMatch(/^[A-Za-z0-9+/]+$/);
    expect((await signed.remote.get('ns', KEY(1)))?.toString()).toBe('signed');

    const unsignedWriter = tier({ signatureKey: undefined });
    unsignedWriter.remote.put('ns', KEY(2), Buffer.from('unsigned'));
    await unsignedWriter.remote.flush();
    expect(await signed.remote.get('ns', KEY(2))).toBeUndefined();

    const otherKey = tier({ signatureKey: 'k2' });
    expect(await otherKey.remote.get('ns', KEY(1))).toBeUndefined();
    expect(otherKey.stats.remoteRejected).toBe(1);
    expect(otherKey.warnings[0]).toMatch(/signature mismatch/);
    expect(signed.warnings[0]).toMatch(/no x-artifact-tag signature/);
  });
});

describe('content cache with the remote tier', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warmbuild-remote-unit-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('machine B reads what machine A wrote: L1 -> L2 -> remote, and keeps it on its own disk', async () => {
    const root = path.join(dir, 'repo');
    fs.mkdirSync(root);
    const machineA = createContentCache({ root, cacheDir: path.join(dir, 'a'), remote: tier().remote });
    const key = machineA.key('src/a.ts', 'hash-a');
    await machineA.setJson(key, [{ rule: 'large-file' }]);
    await machineA.close();

    const remoteB = tier();
    const machineB = createContentCache({ root, cacheDir: path.join(dir, 'b'), remote: remoteB.remote });
    remoteB.remote.attachStats(machineB.counters);
    expect(await machineB.getJson(key)).toEqual([{ rule: 'large-file' }]);
    expect(machineB.stats()).toMatchObject({ remoteHits: 1, hits: 1, misses: 0 });
    expect(machineB.stats().remoteBytesDown).toBeGreaterThan(0);
    await machineB.close();

    const offline = createContentCache({ root, cacheDir: path.join(dir, 'b') });
    expect(await offline.getJson(key)).toEqual([{ rule: 'large-file' }]);
    expect(offline.stats().diskHits).toBe(1);
  });
});

describe('run archives', () => {
  const value = (i: number) => Buffer.from(`[{"rule":"r","line":${i}}]`);

  it('a second machine on the same files gets the whole run with one request', async () => {
    const a = tier();
    a.remote.startRun!('run-1');
    for (let i = 0; i < 10; i++) a.remote.put('ns', KEY(i), value(i));
    await a.remote.flush();
    expect(store.size).toBe(11);
    expect(a.stats.remoteUploads).toBe(11);

    seen.length = 0;
    const b = tier();
    b.remote.startRun!('run-1');
    const got = await Promise.all(Array.from({ length: 10 }, (_, i) => b.remote.get('ns', KEY(i))));
    expect(got.map((v) => v?.toString())).toEqual(Array.from({ length: 10 }, (_, i) => value(i).toString()));
    expect(seen.map((s) => s.method)).toEqual(['GET']);
    await b.remote.flush();
    expect(seen).toHaveLength(1);

    // Another file set: the archive misses, the entries are still there one by one.
    seen.length = 0;
    const c = tier();
    c.remote.startRun!('run-2');
    expect((await c.remote.get('ns', KEY(3)))?.toString()).toBe(value(3).toString());
    expect(seen).toHaveLength(2);
  });

  it('archives the entries a run got from memory or disk too, and uploads only when it computed something', async () => {
    const a = tier();
    a.remote.startRun!('run-x');
    a.remote.observe!('ns', KEY(1), value(1));
    a.remote.observe!('other', KEY(2), value(2));
    await a.remote.flush();
    expect(seen).toHaveLength(0);
    a.remote.put('ns', KEY(3), value(3));
    await a.remote.flush();
    expect(seen.filter((s) => s.method === 'PUT')).toHaveLength(2);

    seen.length = 0;
    const b = tier();
    b.remote.startRun!('run-x');
    expect((await b.remote.get('other', KEY(2)))?.toString()).toBe(value(2).toString());
    expect((await b.remote.get('ns', KEY(1)))?.toString()).toBe(value(1).toString());
    expect(seen).toHaveLength(1);
  });

  it('a tampered archive is refused and the entries are asked one by one', async () => {
    const a = tier();
    a.remote.startRun!('run-t');
    a.remote.put('ns', KEY(1), value(1));
    await a.remote.flush();
    for (const entry of store.values()) if (entry.body.includes('#bundle')) entry.body[entry.body.length - 1] ^= 1;
    const b = tier();
    b.remote.startRun!('run-t');
    expect((await b.remote.get('ns', KEY(1)))?.toString()).toBe(value(1).toString());
    expect(b.stats).toMatchObject({ remoteRejected: 1, remoteMisses: 0 });
    expect(b.warnings[0]).toMatch(/failed verification/);
  });

  it('falls back to the latest archive of the repository line when the run archive is missing', async () => {
    const main = tier();
    main.remote.startRun!('run-main', 'line-1');
    for (let i = 0; i < 10; i++) main.remote.put('ns', KEY(i), value(i));
    await main.remote.flush();
    expect(main.stats.remoteUploads).toBe(12);

    seen.length = 0;
    const pr = tier();
    pr.remote.startRun!('run-pr', 'line-1');
    const got = await Promise.all(Array.from({ length: 11 }, (_, i) => pr.remote.get('ns', KEY(i))));
    expect(got.filter(Boolean)).toHaveLength(10);
    // Own archive (404), the line's latest archive (200), then only the entry it lacked (404).
    expect(seen.map((s) => s.method)).toEqual(['GET', 'GET', 'GET']);
    expect(pr.stats).toMatchObject({ remoteMisses: 1, remoteRejected: 0 });

    seen.length = 0;
    const otherLine = tier();
    otherLine.remote.startRun!('run-pr', 'line-2');
    await otherLine.remote.get('ns', KEY(0));
    expect(seen).toHaveLength(3);
  });

  it('stops asking entry by entry after 64 misses in a row without a hit, but not once something hit', async () => {
    const cold = tier({ concurrency: 1 });
    cold.remote.startRun!('run-cold');
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => cold.remote.get('ns', KEY(i))));
    expect(results.every((v) => v === undefined)).toBe(true);
    // The archive lookup, then 64 entry lookups; the rest never leave the process.
    expect(seen).toHaveLength(65);
    expect(cold.stats.remoteMisses).toBe(64);

    const writer = tier();
    writer.remote.put('ns', KEY(0), value(0));
    await writer.remote.flush();
    seen.length = 0;
    const warm = tier({ concurrency: 1 });
    warm.remote.startRun!('run-warm');
    await Promise.all(Array.from({ length: 200 }, (_, i) => warm.remote.get('ns', KEY(i))));
    expect(warm.stats.remoteMisses).toBe(199);
  });
});
