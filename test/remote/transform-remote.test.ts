// Issue #13: the transform cache through the shared remote tier, with the real
// turborepo-remote-cache server on 127.0.0.1 and real `vite build` / `vite dev` runs of a small
// React Compiler app. Each "machine" is a copy of the project at another path with its own cache.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import babel from '@rolldown/plugin-babel';
import { cached } from '@warmbuild/vite-plugin';
import { encodeArtifact } from '../../packages/core/src/cache/remote/artifact.js';
import { makeProject, MODULES, removeProjects, statsRecorder, viteBuild } from '../transform-cache/helpers.js';
import { remoteEnv, SIGNATURE_KEY, startRemoteServer, TEAM, TOKEN, type RemoteServer } from './remote-server.js';
import {
  copyProject,
  countingProxy,
  installReactStub,
  startDev,
  type CountingProxy,
} from './transform-remote-helpers.js';

const compiler = { plugins: ['babel-plugin-react-compiler'] };
/** Real builds on a shared 2-core machine, several per test: more than the default minute when it is busy. */
const SLOW = 180_000;

afterAll(removeProjects);

function remoteOf(url: string, extra: Record<string, unknown> = {}) {
  return { url, token: TOKEN, team: TEAM, signatureKey: SIGNATURE_KEY, ...extra };
}

async function build(root: string, remote: unknown, plugins: unknown[] = []) {
  const stats = statsRecorder();
  const result = await viteBuild(root, [
    cached(babel, compiler, { onStats: stats.onStats, remote: remote as never }),
    ...(plugins as never[]),
  ]);
  return { ...result, stats: stats.last()! };
}

/**
 * Another machine with the same checkout path (CI runners, a teammate's clone in the same
 * place): the local cache is gone. Bundlers print the module paths in the output, so a
 * byte-for-byte comparison needs the same path; the dev test below covers another path.
 */
function newMachine(root: string): string {
  fs.rmSync(path.join(root, 'node_modules', '.cache'), { recursive: true, force: true });
  return root;
}

const warmbuildWarnings = (warnings: string[]) => warnings.filter((line) => line.includes('warmbuild'));

describe('two machines share transform results through the real server', { timeout: SLOW }, () => {
  let server: RemoteServer;
  let proxy: CountingProxy;
  let first: string;
  let firstOutput: Record<string, string>;
  beforeAll(async () => {
    server = await startRemoteServer();
    proxy = await countingProxy(server.url);
    first = makeProject();
    const built = await build(first, remoteOf(proxy.url));
    expect(built.stats).toMatchObject({ hits: 0, misses: MODULES });
    expect(warmbuildWarnings(built.warnings)).toEqual([]);
    firstOutput = built.output;
  }, SLOW);
  afterAll(async () => {
    await proxy.close();
    await server.stop();
  });

  it('uploads one artifact per module plus the build archive and the line archive', () => {
    expect(server.artifacts()).toHaveLength(MODULES + 2);
  });

  it('the second machine gets a hit for every module, byte-identical output, in a handful of requests', async () => {
    const before = proxy.requests.length;
    const second = await build(newMachine(first), remoteOf(proxy.url));
    expect(second.stats).toMatchObject({ hits: MODULES, misses: 0, bypassed: 0 });
    expect(second.output).toEqual(firstOutput);
    expect(warmbuildWarnings(second.warnings)).toEqual([]);
    // The line's latest archive (one GET) serves every module; a HEAD finds the build's own archive already there.
    expect(proxy.requests.slice(before).map((r) => r.method)).toEqual(['GET', 'HEAD']);
  });

  it('reads the settings from WARMBUILD_REMOTE_* like the CLI, and remote: false opts out', async () => {
    const env = remoteEnv(proxy);
    Object.assign(process.env, env);
    try {
      const viaEnv = await build(newMachine(first), undefined);
      expect(viaEnv.stats).toMatchObject({ hits: MODULES, misses: 0 });
      const optedOut = await build(newMachine(first), false);
      expect(optedOut.stats).toMatchObject({ hits: 0, misses: MODULES });
    } finally {
      for (const name of Object.keys(env)) delete process.env[name];
    }
  });

  it('read-only: downloads, never uploads, even after computing something', async () => {
    const project = copyProject(first);
    fs.appendFileSync(path.join(project, 'src', 'banner.js'), 'export const extra = 1;\n');
    const artifacts = server.artifacts().length;
    const before = proxy.requests.length;
    const readOnly = await build(project, remoteOf(proxy.url, { readOnly: true }));
    expect(readOnly.stats).toMatchObject({ hits: MODULES - 1, misses: 1 });
    expect(proxy.requests.slice(before).filter((r) => r.method === 'PUT')).toEqual([]);
    expect(server.artifacts()).toHaveLength(artifacts);
  });

  it('without a signature key, transform results are never downloaded (one warning), unless allowUnsigned', async () => {
    const unsigned = await build(newMachine(first), remoteOf(proxy.url, { signatureKey: undefined, readOnly: true }));
    expect(unsigned.stats).toMatchObject({ hits: 0, misses: MODULES });
    expect(warmbuildWarnings(unsigned.warnings)).toHaveLength(1);
    expect(unsigned.warnings.join('\n')).toMatch(/never taken from it without a signature/);
    expect(unsigned.output).toEqual(firstOutput);
    // Opting in by name: then the same artifacts are taken on their checksum alone.
    const optedIn = await build(
      newMachine(first),
      remoteOf(proxy.url, { signatureKey: undefined, readOnly: true, allowUnsigned: true }),
    );
    expect(optedIn.stats).toMatchObject({ hits: MODULES, misses: 0 });
    expect(optedIn.output).toEqual(firstOutput);
  });

  it('a wrong signature key: every artifact is refused, a fresh transform, the right output', async () => {
    const other = await build(newMachine(first), remoteOf(proxy.url, { signatureKey: 'another key', readOnly: true }));
    expect(other.stats).toMatchObject({ hits: 0, misses: MODULES });
    expect(other.output).toEqual(firstOutput);
    expect(warmbuildWarnings(other.warnings)).toHaveLength(1);
    expect(other.warnings.join('\n')).toMatch(/failed verification \(signature mismatch\)/);
  });

  it('tampered artifacts (planted code with a valid checksum) are misses and never reach the output', async () => {
    // What a token holder without the key can do: rewrite every stored artifact, tags left as they were.
    const files = server.artifacts();
    for (const file of files) {
      const bytes = fs.readFileSync(file);
      const headerEnd = 8 + bytes.readUInt32LE(4);
      const header = JSON.parse(bytes.subarray(8, headerEnd).toString()) as { n: string; k: string };
      fs.writeFileSync(
        file,
        await encodeArtifact(
          header.n,
          header.k,
          Buffer.from(
            JSON.stringify({ v: 1, result: { code: 'globalThis.pwned = true;' }, watch: [], warnings: [], ms: 1 }),
          ),
        ),
      );
    }
    const victim = await build(newMachine(first), remoteOf(proxy.url, { readOnly: true }));
    expect(victim.stats).toMatchObject({ hits: 0, misses: MODULES });
    expect(victim.output).toEqual(firstOutput);
    expect(JSON.stringify(victim.output)).not.toContain('pwned');
    expect(victim.warnings.join('\n')).toMatch(/failed verification/);
  });
});

describe('the server killed in the middle of a build', { timeout: SLOW }, () => {
  let server: RemoteServer;
  afterEach(() => server?.stop());

  it('the build completes on the local cache with one warning', async () => {
    server = await startRemoteServer();
    const root = makeProject();
    let seen = 0;
    // Runs after babel: on the third module, the server dies.
    const killer = { name: 'kill-the-server', transform: () => void (++seen === 3 && server.process.kill('SIGKILL')) };
    const built = await build(root, remoteOf(server.url), [killer]);
    expect(seen).toBeGreaterThanOrEqual(3);
    expect(built.stats).toMatchObject({ misses: MODULES });
    const warnings = warmbuildWarnings(built.warnings);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/is unusable/);
    expect(built.output['entry.js']).toContain('react/compiler-runtime');
  });
});

describe('vite dev', { timeout: SLOW }, () => {
  let server: RemoteServer;
  beforeAll(async () => {
    server = await startRemoteServer();
  });
  afterAll(() => server.stop());

  it('stopped with SIGINT flushes the cache and the uploads; restarted, and on another machine, warm hits', async () => {
    const env = remoteEnv(server);
    const root = makeProject();
    installReactStub(root);
    const first = await startDev(root, env);
    await first.loadAll(root);
    // Babel ran for each module asked for (what Vite's own modules and the stub are excepted).
    const cold = first.transformed().length;
    expect(cold).toBeGreaterThanOrEqual(MODULES);
    const ended = await first.stop('SIGINT');
    // Still ends as Ctrl-C does, after the flush.
    expect(ended.signal).toBe('SIGINT');
    expect(first.stderr()).not.toMatch(/warmbuild/);
    // Every module's entry, the session's archive and the line's latest: nothing was lost to Ctrl-C.
    expect(server.artifacts()).toHaveLength(cold + 2);

    // The same machine restarted: warm from its own disk, babel never runs.
    const again = await startDev(root, env);
    await again.loadAll(root);
    expect(again.transformed()).toEqual([]);
    await again.stop('SIGINT');

    // Another machine, another path: warm from the remote.
    const other = copyProject(root);
    installReactStub(other);
    const second = await startDev(other, env);
    await second.loadAll(other);
    expect(second.transformed()).toEqual([]);
    expect(second.stderr()).not.toMatch(/warmbuild/);
    await second.stop('SIGINT');
  });

  it('stopped with SIGTERM: Vite closes the server, so the uploads and the cache are flushed', async () => {
    // A server of its own: the artifacts counted are this session's only.
    const own = await startRemoteServer();
    try {
      const env = remoteEnv(own);
      const root = makeProject();
      installReactStub(root);
      const first = await startDev(root, env);
      await first.loadAll(root);
      const cold = first.transformed().length;
      expect(cold).toBeGreaterThanOrEqual(MODULES);
      const ended = await first.stop('SIGTERM');
      // Vite's own SIGTERM handler ended it, after server.close(): 128 + the signal's number.
      expect(ended).toEqual({ code: 143, signal: null });
      expect(first.stderr()).not.toMatch(/warmbuild/);
      // closeBundle ran: every module's entry, the session's archive and the line's latest.
      expect(own.artifacts()).toHaveLength(cold + 2);

      // Restarted: warm from its own disk.
      const again = await startDev(root, env);
      await again.loadAll(root);
      expect(again.transformed()).toEqual([]);
      await again.stop('SIGTERM');
    } finally {
      await own.stop();
    }
  });
});
