// The remote tier on a thread that a synchronous plugin (babel) keeps busy: answers that arrived
// while the thread was blocked are read, not declared timed out, and a kept-alive socket the
// server closed in the meantime costs a resend, not the tier. The server runs in a process of
// its own (loopback-server.mjs), so it answers while the test's thread is blocked.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyCacheStats } from '../../packages/core/src/cache/cache-stats.js';
import { createHttpClient } from '../../packages/core/src/cache/remote/http-client.js';
import { createRemoteTier, type CreateRemoteTierOptions } from '../../packages/core/src/cache/remote/remote-tier.js';
import { tempDir } from './remote-server.js';

const serverScript = path.join(import.meta.dirname, 'loopback-server.mjs');
const TIMEOUT = 300;
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

async function startServer(settings: { answerDelay?: number; closeIdleEvery?: number }) {
  const log = path.join(tempDir('loopback'), 'requests.log');
  fs.writeFileSync(log, '');
  const child = spawn(process.execPath, [serverScript, JSON.stringify({ log, ...settings })], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /port (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`loopback server exited with ${code}`)));
  });
  const count = (line: string) =>
    fs
      .readFileSync(log, 'utf8')
      .split('\n')
      .filter((entry) => entry === line).length;
  return { url: `http://127.0.0.1:${port}`, count };
}

function tier(url: string, options: Partial<CreateRemoteTierOptions> = {}) {
  const warnings: string[] = [];
  const stats = emptyCacheStats();
  const remote = createRemoteTier({
    url,
    token: 'tok',
    team: 'team_t',
    signatureKey: 'team-key',
    timeout: TIMEOUT,
    env: {},
    logger: { warn: (m) => warnings.push(m) },
    stats,
    ...options,
  });
  return { remote, warnings, stats };
}

/** Blocks the thread, as a long synchronous transform does, until `done()` and for at least `ms`. */
function busyWait(ms: number, done: () => boolean = () => true): void {
  const end = performance.now() + ms;
  while (performance.now() < end || !done()) {
    // spinning on purpose: nothing else may run on this thread
  }
}

/**
 * `busyWait` where a transform runs: in a callback after the poll phase (here the check phase),
 * so that the next loop iteration runs its expired timers before it reads the sockets. (Blocked
 * inside a timer callback, the loop would not see the time pass until its next iteration.)
 */
const blockThread = (ms: number, done?: () => boolean) =>
  new Promise<void>((resolve) =>
    setImmediate(() => {
      busyWait(ms, done);
      resolve();
    }),
  );

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
}

const KEY = (n: number) => n.toString(16).padStart(32, '0');

describe('a thread blocked past the request deadline', () => {
  it('a download answered while the thread was blocked is read, not a timeout', async () => {
    const server = await startServer({ answerDelay: 100 });
    const { remote, warnings, stats } = tier(server.url);
    remote.put('ns', KEY(1), Buffer.from('the result'));
    await remote.flush();
    expect(stats.remoteUploads).toBe(1);

    const pending = remote.get('ns', KEY(1));
    // The request is at the server: block until its answer is written and well past the deadline.
    await until(() => server.count('got GET') === 1);
    await blockThread(TIMEOUT * 3, () => server.count('answered GET') === 1);
    expect((await pending)?.toString()).toBe('the result');
    expect(warnings).toEqual([]);
    expect(stats.remoteErrors).toBe(0);
    expect(remote.state).toEqual({ reads: true, writes: true });
  });

  it('an upload answered while the thread was blocked counts as uploaded', async () => {
    const server = await startServer({ answerDelay: 100 });
    const { remote, warnings, stats } = tier(server.url);
    remote.put('ns', KEY(2), Buffer.from('another result'));
    const flushed = remote.flush();
    await until(() => server.count('got PUT') === 1);
    await blockThread(TIMEOUT * 3, () => server.count('answered PUT') === 1);
    await flushed;
    expect(stats).toMatchObject({ remoteUploads: 1, remoteErrors: 0 });
    expect(warnings).toEqual([]);
    expect(remote.state.writes).toBe(true);
  });

  it('a server that never answers still times out', async () => {
    const server = await startServer({ answerDelay: 60_000 });
    const { remote, warnings } = tier(server.url);
    const started = performance.now();
    expect(await remote.get('ns', KEY(3))).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(warnings.join('\n')).toMatch(/took longer than 300 ms/);
    expect(remote.state.reads).toBe(false);
  });
});

describe('kept-alive sockets the server closed while the thread was blocked', () => {
  it('an upload on a dead socket is sent again on a fresh one, and succeeds', async () => {
    const closeIdleEvery = 100;
    const server = await startServer({ answerDelay: 20, closeIdleEvery });
    const client = createHttpClient({ timeout: 10_000, maxSockets: 4, maxBodyBytes: 64 * 1024 * 1024 });
    const artifact = (n: number) => new URL(`${server.url}/v8/artifacts/${KEY(n)}`);
    try {
      // Four requests at once leave four idle kept-alive sockets.
      const misses = await Promise.all([1, 2, 3, 4].map((n) => client.request(artifact(n), { method: 'GET' })));
      expect(misses.map((response) => response.status)).toEqual([404, 404, 404, 404]);
      // The server closes them all while the thread is busy: the client has not seen it yet, and
      // the upload starts on one of them at once, as one queued behind a transform does.
      await blockThread(closeIdleEvery * 5);
      // Large enough that the body is still being written when the reset comes back (EPIPE).
      const body = randomBytes(4 * 1024 * 1024);
      const response = await client.request(artifact(5), { method: 'PUT', body });
      expect(response.status).toBe(202);
      expect(server.count('got PUT')).toBeGreaterThanOrEqual(1);
      // Reading 4 MB back races the server's own idle-closing timer (it can cut the read-back on a
      // kept-alive socket); the read-back only confirms what was stored, so it gets a second try.
      const readBack = () => client.request(artifact(5), { method: 'GET' });
      const stored = await readBack().catch(readBack);
      expect(stored.body.equals(body)).toBe(true);
    } finally {
      client.close();
    }
  });
});
