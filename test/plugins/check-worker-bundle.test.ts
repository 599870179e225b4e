// The plugin's check worker runs from one bundled file (packages/core/build-worker.mjs, part of
// `pnpm build`). These drive the built worker and compare it with the engine in this thread.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from './fixture.js';

const coreDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/core/dist');
// Built JavaScript (workers cannot load TypeScript on Node 20), as the bundler plugins use it.
const runnerModule = path.join(coreDist, 'checks/check-runner.js');
type RunnerModule = typeof import('../../packages/core/src/checks/check-runner.js');
const logger = { warn: (message: string) => warnings.push(message) };
let warnings: string[] = [];
let fixture: Fixture | undefined;

afterEach(() => {
  fixture?.cleanup();
  fixture = undefined;
  warnings = [];
});

function setUp(): Fixture {
  fixture = createFixture({ big: true });
  fixture.write('docs/guide.md', '# Guide\n\nSee [the setup](setup.md) and [the readme](../README.md).\n');
  fixture.write('src/merged.js', '<<<<<<< HEAD\nexport const x = 1;\n=======\nexport const x = 2;\n>>>>>>> branch\n');
  return fixture;
}

describe('the bundled check worker', () => {
  it('is what the plugins start, and finds what the engine finds in this thread, sharing its cache entries', async () => {
    const { root } = setUp();
    expect(fs.statSync(path.join(coreDist, 'checks/check-worker.bundle.js')).isFile()).toBe(true);
    const { spawnCheckWorker, createInProcessRunner, checkWorkerEntry } = (await import(runnerModule)) as RunnerModule;
    expect(checkWorkerEntry()).toBe(path.join(coreDist, 'checks/check-worker.bundle.js'));

    const options = { root, largeFile: { maxLines: 20 } };
    const worker = spawnCheckWorker({})!.start(options, logger);
    const inWorker = await worker.run(undefined, { checks: true });
    await worker.close();
    const rules = inWorker.result!.findings.map((finding) => `${finding.rule} ${finding.file}`).sort();
    expect(rules).toEqual([
      'broken-link docs/guide.md',
      'circular-import src/b.js',
      'large-file src/data.js',
      'merge-conflict-marker src/merged.js',
      'parse-error src/merged.js',
    ]);
    expect(inWorker.stats.misses).toBeGreaterThan(0);
    // The worker loads the engine and the selected checks as it boots; the first run says how long that took.
    expect(inWorker.startupMs).toBeGreaterThan(0);

    // Same cache keys (version, hash algorithm, salts): the engine in this thread reuses every result.
    const local = createInProcessRunner(options, logger);
    const inThread = await local.run(undefined, { checks: true });
    await local.close();
    expect(inThread.result!.findings).toEqual(inWorker.result!.findings);
    expect(inThread.stats.misses).toBe(0);
    expect(inThread.stats.hits).toBeGreaterThan(0);
    expect(warnings).toEqual([]);
  });

  it('starts the plain worker when the bundle is older than the compiled worker (tsc ran without bundling)', async () => {
    const { checkWorkerEntry } = (await import(runnerModule)) as RunnerModule;
    const bundle = path.join(coreDist, 'checks/check-worker.bundle.js');
    const plain = path.join(coreDist, 'checks/check-worker.js');
    const { atime, mtime } = fs.statSync(bundle);
    try {
      fs.utimesSync(bundle, atime, new Date(fs.statSync(plain).mtimeMs - 60_000));
      expect(checkWorkerEntry()).toBe(plain);
    } finally {
      fs.utimesSync(bundle, atime, mtime);
    }
  });
});
