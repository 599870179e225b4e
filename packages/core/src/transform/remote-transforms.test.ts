// The transform cache's remote tier against a loopback server that knows nothing (every GET is
// a 404): a cold build must not pay a round trip per module once a streak of misses says so.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createContentCache } from '../cache/content-cache.js';
import { createRemoteTier } from '../cache/remote/remote-tier.js';
import { createTransformRemote } from './remote-transforms.js';

let server: http.Server;
let url: string;
let gets = 0;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warmbuild-transform-remote-'));
  server = http.createServer((req, res) => {
    if (req.method === 'GET') gets++;
    // Slow enough that a build's lookups pile up in the queue behind the first answers.
    setTimeout(() => res.writeHead(404).end(), 5);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

it('stops asking module by module after a streak of misses, lookups already queued included', async () => {
  const tier = createRemoteTier({
    url,
    token: 't',
    readOnly: true,
    signatureKey: 'k',
    concurrency: 4,
    logger: { warn() {} },
  });
  const remote = createTransformRemote(tier);
  const cache = createContentCache({ root: dir, cacheDir: path.join(dir, 'cache'), namespace: 'transform', remote });
  const view = cache.namespace('transform', ['salt']);
  remote.startBuild(dir, ['salt'], view);
  const modules = 300;
  const results = await Promise.all(
    Array.from({ length: modules }, (_, i) => view.get(view.key('transform', `src/m${i}.jsx`))),
  );
  expect(results.every((value) => value === undefined)).toBe(true);
  // The line's bundle, then at most the streak (32) and what was in flight when it ended.
  expect(gets).toBeLessThanOrEqual(1 + 32 + 4);
  await remote.finishBuild();
  await cache.close();
  await tier.close();
});
