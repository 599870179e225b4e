// The bundled action (packages/action/dist) run as the runner runs it, against loopback cache,
// blob and REST servers. Each job starts from a fresh checkout: caches arrive only through the
// cache service, as on real runners.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { createWorkspace, runJob, setBuildDelay, type Workflow } from './run-action.js';
import { MODULES, makeProject, removeProjects } from '../transform-cache/helpers.js';

const PR = 5;
const pushEvent = { ref: 'refs/heads/main', repository: { full_name: 'octo/widgets', default_branch: 'main' } };
const prEvent = (headRepo: string, number = PR) => ({
  repository: { full_name: 'octo/widgets', default_branch: 'main' },
  pull_request: {
    number,
    head: { ref: 'feat', repo: { full_name: headRepo } },
    base: { ref: 'main', repo: { full_name: 'octo/widgets' } },
  },
});
const pushEnv = { GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main' };
const prEnv = {
  GITHUB_REF: `refs/pull/${PR}/merge`,
  GITHUB_REF_NAME: `${PR}/merge`,
  GITHUB_HEAD_REF: 'feat',
  GITHUB_BASE_REF: 'main',
};
// min-delta-ms is the noise floor: parallel test files can make every run of a job several
// hundred ms slower on this 2-core machine, so the floor is set well above that and the injected
// slowdown (1500 ms) well above the floor.
const inputs = { command: 'node build.mjs', runs: '3', warmup: '1', 'github-token': 'ghs_test', 'min-delta-ms': '500' };

/** A new checkout of the same commit: no node_modules, so no local caches. */
function freshCheckout(workspace: string): void {
  fs.rmSync(path.join(workspace, 'node_modules'), { recursive: true, force: true });
}

const twirpCalls = (server: FakeGitHub, method: string) =>
  server.requests.filter((r) => r.path.endsWith(`CacheService/${method}`)).length;

describe('warmbuild action: cache round trips, baseline, sticky comment', () => {
  let server: FakeGitHub;
  let workspace: string;
  const job = (workflow: Omit<Workflow, 'server' | 'workspace'>, extra: Record<string, string> = {}) => {
    freshCheckout(workspace);
    return runJob({ ...workflow, server, workspace }, { ...inputs, ...extra });
  };

  beforeAll(async () => {
    server = await startFakeGitHub({ pullRequest: PR, noiseComments: 120 });
    workspace = createWorkspace();
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('first run on main: a miss, benchmarks run, cache and baseline saved in post, findings annotated', async () => {
    const { main, post } = await job({ eventName: 'push', event: pushEvent, runId: '101', env: pushEnv });
    expect(main.code, main.stdout + main.stderr).toBe(0);
    expect(main.outputs['cache-hit']).toBe('false');
    expect(main.outputs['restored-key']).toBe('');
    expect(main.stdout).toContain('cold run 3/3');
    expect(main.stdout).toContain('warm run 3/3');
    expect(main.stdout).toContain(
      '::error title=warmbuild large-file,file=src/big.ts,line=3,col=1::src/big.ts is 2 MB',
    );
    expect(main.outputs['comment-body']).toContain('**No comparison:** no baseline from a `main` run');
    expect(main.summary).toBe(`${main.outputs['comment-body']}\n`);
    expect(main.outputs['comment-body']).toContain('**Checks:** 1 error, 0 warnings, 0 notes (`large-file` ×1).');
    const report = JSON.parse(main.report!) as { rows: unknown[] };
    expect(report.rows).toHaveLength(2);

    expect(post.code, post.stdout + post.stderr).toBe(0);
    const saved = server.entries.filter((entry) => entry.finalized).map((entry) => entry.key);
    expect(saved).toHaveLength(2);
    expect(saved[0]).toMatch(/^warmbuild-linux-x64-main-[0-9a-f]{16}-none-101$/);
    expect(saved[1]).toMatch(/^warmbuild-baseline-linux-x64-main-101$/);
    expect(post.summary).toMatch(/\*\*Cache:\*\* saved `warmbuild-linux-x64-main-.*-101`: \d/);
    expect(post.stdout).toContain('warmbuild: pruned node_modules/.cache/warmbuild');
  });

  it('pull request, same repository: restored from the base branch, compared, comment created past page one', async () => {
    const mainKey = server.entries[0].key;
    const { main, post } = await job({
      eventName: 'pull_request',
      event: prEvent('octo/widgets'),
      runId: '102',
      env: prEnv,
    });
    expect(main.code, main.stdout + main.stderr).toBe(0);
    expect(main.outputs['cache-hit']).toBe('true');
    expect(main.outputs['restored-key']).toBe(mainKey);
    // Identical code and command: not flagged.
    expect(main.outputs.regressed).toBe('false');
    expect(main.outputs['comment-body']).not.toContain('🔴');
    expect(main.outputs['comment-body']).toContain('Baseline: `main`');
    expect(main.outputs['comment-body']).toMatch(
      /Machine speed: the reference workload took \d+ ms here and \d+ ms in the baseline's run, so baseline times are scaled ×\d\.\d\d/,
    );
    const comments = server.comments.get(PR)!;
    expect(comments).toHaveLength(121);
    expect(comments[120].body).toBe(main.outputs['comment-body']);
    expect(post.code).toBe(0);
    expect(server.entries.some((entry) => entry.finalized && /-feat-.*-102$/.test(entry.key))).toBe(true);
  });

  it('second pull-request run with a slowed build: same-branch cache first, regression flagged, comment updated in place', async () => {
    setBuildDelay(workspace, 1500);
    try {
      const featKey = server.entries.find((entry) => /-feat-.*-102$/.test(entry.key))!.key;
      const commentId = server.comments.get(PR)![120].id;
      const { main } = await job(
        { eventName: 'pull_request', event: prEvent('octo/widgets'), runId: '103', env: prEnv },
        { 'fail-on-regression': 'true' },
      );
      expect(main.outputs['cache-hit']).toBe('true');
      expect(main.outputs['restored-key']).toBe(featKey);
      expect(main.outputs.regressed).toBe('true');
      expect(main.outputs['comment-body']).toContain('🔴 regressed');
      expect(main.code).toBe(1);
      expect(main.stdout).toContain('::error::warmbuild: performance regression beyond 10%25 in node build.mjs (cold)');
      const comments = server.comments.get(PR)!;
      expect(comments).toHaveLength(121);
      expect(comments[120].id).toBe(commentId);
      expect(comments[120].body).toContain('🔴 regressed');
    } finally {
      setBuildDelay(workspace, 0);
    }
  });

  it('comment: on-regression refreshes the existing comment once the regression is gone, and creates none elsewhere', async () => {
    const { main } = await job(
      { eventName: 'pull_request', event: prEvent('octo/widgets'), runId: '105', env: prEnv },
      { comment: 'on-regression' },
    );
    expect(main.code, main.stdout + main.stderr).toBe(0);
    expect(main.outputs.regressed).toBe('false');
    const comments = server.comments.get(PR)!;
    expect(comments).toHaveLength(121);
    expect(comments[120].body).not.toContain('🔴');

    const other = await job(
      { eventName: 'pull_request', event: prEvent('octo/widgets', 6), runId: '106', env: prEnv },
      { comment: 'on-regression', runs: '1', warmup: '0' },
    );
    expect(other.main.code).toBe(0);
    expect(other.main.stdout).toContain('no regression and no earlier comment');
    expect(server.comments.get(6) ?? []).toHaveLength(0);
  });

  it('an unparsable baseline means no comparison, said plainly in the comment', async () => {
    // A newer main baseline whose file is not JSON, archived the way @actions/cache archives (tar + zstd).
    const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'warmbuild-corrupt-'));
    const relative = 'node_modules/.cache/warmbuild-action/baseline';
    fs.mkdirSync(path.join(stage, relative), { recursive: true });
    fs.writeFileSync(path.join(stage, relative, 'baseline.json'), '{ "format": 1, "results": [ truncated');
    const archive = execFileSync('sh', ['-c', `tar --posix -cf - -C ${stage} ${relative} | zstd -q -c`], {
      maxBuffer: 1 << 20,
    });
    fs.rmSync(stage, { recursive: true, force: true });
    const existing = server.entries.find((entry) => entry.key.startsWith('warmbuild-baseline-linux-x64-main-'))!;
    server.addEntry('warmbuild-baseline-linux-x64-main-999', existing.version, archive);

    const { main } = await job(
      { eventName: 'pull_request', event: prEvent('octo/widgets'), runId: '107', env: prEnv },
      { runs: '1', warmup: '0' },
    );
    expect(main.code, main.stdout + main.stderr).toBe(0);
    expect(main.outputs['comment-body']).toMatch(
      /\*\*No comparison:\*\* the stored baseline could not be read \(.*baseline\.json: /,
    );
    expect(main.outputs['comment-body']).toContain('– no comparison');
    expect(server.comments.get(PR)![120].body).toBe(main.outputs['comment-body']);
  });

  it('a changed lockfile falls back to the restore key without the lockfile hash', async () => {
    fs.appendFileSync(path.join(workspace, 'pnpm-lock.yaml'), 'packages: {}\n');
    const { main } = await job(
      { eventName: 'pull_request', event: prEvent('octo/widgets'), runId: '104', env: prEnv },
      { command: '' },
    );
    expect(main.code, main.stdout + main.stderr).toBe(0);
    expect(main.outputs['cache-hit']).toBe('false');
    expect(main.outputs['restored-key']).toMatch(/^warmbuild-linux-x64-feat-[0-9a-f]{16}-none-10[2-7]$/);
    expect(fs.existsSync(path.join(workspace, 'node_modules/.cache/warmbuild/v1/entry.bin'))).toBe(true);
  });
});

describe('warmbuild action: untrusted and failing services', () => {
  let server: FakeGitHub;
  let workspace: string;
  beforeAll(async () => {
    server = await startFakeGitHub({ pullRequest: PR });
    workspace = createWorkspace();
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('fork pull request: 403 on comments does not fail; summary and comment-body hold the report; nothing saved', async () => {
    server.commentsForbidden = true;
    const probe = `node build.mjs && node -e "require('fs').writeFileSync('remote-read-only.txt', String(process.env.WARMBUILD_REMOTE_READ_ONLY))"`;
    const { main, post } = await runJob(
      { server, workspace, eventName: 'pull_request', event: prEvent('forker/widgets'), runId: '201', env: prEnv },
      { ...inputs, command: probe, runs: '1', warmup: '0' },
    );
    server.commentsForbidden = false;
    // Build commands of untrusted code see the remote cache tier as read-only.
    expect(fs.readFileSync(path.join(workspace, 'remote-read-only.txt'), 'utf8')).toBe('1');
    expect(main.code, main.stdout + main.stderr).toBe(0);
    expect(main.stdout).toMatch(/::warning::warmbuild: the token may not comment on this pull request \(403/);
    expect(main.outputs['comment-body']).toContain('not saved: pull request from a fork');
    expect(main.summary).toContain('## warmbuild performance');
    expect(post.code).toBe(0);
    expect(twirpCalls(server, 'CreateCacheEntry')).toBe(0);
  });

  for (const status of [429, 501]) {
    it(`cache service answering ${status}: the build still runs, with a warning, and the step passes`, async () => {
      server.cacheFailure = status;
      try {
        fs.rmSync(path.join(workspace, 'node_modules'), { recursive: true, force: true });
        const { main, post } = await runJob(
          { server, workspace, eventName: 'push', event: pushEvent, runId: `3${status}`, env: pushEnv },
          { ...inputs, runs: '1', warmup: '0', comment: 'off' },
        );
        expect(main.code, main.stdout + main.stderr).toBe(0);
        expect(main.stdout).toMatch(
          new RegExp(`::warning::Failed to restore: .*${status === 429 ? 'Rate limited' : 'non-retryable'}`),
        );
        expect(main.stdout).toContain('warm run 1/1');
        expect(post.code).toBe(0);
        expect(post.stdout).toMatch(/::warning::Failed to save/);
        expect(post.summary).toContain('not saved');
      } finally {
        server.cacheFailure = undefined;
      }
    });
  }

  it('a failing command fails the step with its output, and the trusted post step still saves the cache', async () => {
    fs.rmSync(path.join(workspace, 'node_modules'), { recursive: true, force: true });
    const command = 'node build.mjs && node -e "console.error(\'boom: type error in src/app.ts\'); process.exit(3)"';
    const { main, post } = await runJob(
      { server, workspace, eventName: 'push', event: pushEvent, runId: '401', env: pushEnv },
      { ...inputs, command, comment: 'off' },
    );
    expect(main.code).toBe(1);
    expect(main.stdout).toContain('failed in a cold run with exit code 3');
    expect(main.stdout).toContain('boom: type error in src/app.ts');
    expect(post.code).toBe(0);
    expect(server.entries.some((entry) => entry.finalized && entry.key.endsWith('-401'))).toBe(true);
    // No baseline from a failed run.
    expect(server.entries.some((entry) => entry.key.includes('baseline') && entry.key.endsWith('-401'))).toBe(false);
  });

  it('a transient 500 from the cache service is retried by @actions/cache and the cache still restores', async () => {
    fs.rmSync(path.join(workspace, 'node_modules'), { recursive: true, force: true });
    server.transientFailure = { status: 500, count: 1 };
    const { main } = await runJob(
      { server, workspace, eventName: 'push', event: pushEvent, runId: '402', env: pushEnv },
      { ...inputs, command: '' },
    );
    expect(main.code, main.stdout + main.stderr).toBe(0);
    expect(main.stdout).toMatch(/Attempt 1 of 5 failed with error: Failed request: \(500\)/);
    expect(main.outputs['restored-key']).toMatch(/-401$/);
    expect(main.outputs['cache-hit']).toBe('true');
  });

  const badInputs: Array<[string, string, RegExp]> = [
    ['comment', 'sometimes', /Input "comment" must be one of always, on-regression, off; got "sometimes"/],
    ['runs', '0', /Input "runs" must be a whole number from 1 to 100; got "0"/],
    ['warmup', 'two', /Input "warmup" must be a whole number from 0 to 20; got "two"/],
    ['threshold', 'ten', /Input "threshold" must be a percentage from 0 to 10000/],
    ['fail-on-regression', 'yes', /Input "fail-on-regression" must be true or false; got "yes"/],
    ['key', 'has space', /Input "key" must be 1 to 100 letters, digits/],
    ['min-delta-ms', '-5', /Input "min-delta-ms" must be a number of milliseconds/],
    ['max-cache-size', '1.5', /Input "max-cache-size" must be a whole number from 1/],
  ];
  it('bad inputs fail the step with a message naming the input and the accepted values, before any build', async () => {
    for (const [name, value, message] of badInputs) {
      const before = server.requests.length;
      const { main } = await runJob(
        { server, workspace, eventName: 'push', event: pushEvent, runId: '501', env: pushEnv },
        { ...inputs, [name]: value },
      );
      expect(main.code, name).toBe(1);
      expect(main.stdout, name).toMatch(message);
      expect(main.stdout).not.toContain('cold run');
      expect(server.requests.length).toBe(before);
    }
  });
});

/**
 * A build of the transform cache tests' small React Compiler app with `cached(babel)`, as a
 * workflow's build step runs it after the action restored the caches; it writes the cache's
 * counters to transform-stats.json.
 */
function createTransformApp(): string {
  const root = makeProject();
  const testModules = path.resolve(import.meta.dirname, '..', 'node_modules');
  for (const name of ['vite', '@warmbuild/vite-plugin']) {
    const link = path.join(root, 'node_modules', name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(fs.realpathSync(path.join(testModules, name)), link, 'dir');
  }
  fs.writeFileSync(path.join(root, 'pnpm-lock.yaml'), "lockfileVersion: '9.0'\n");
  fs.writeFileSync(
    path.join(root, 'build.mjs'),
    `import fs from 'node:fs';
import { build } from 'vite';
import babel from '@rolldown/plugin-babel';
import { cached } from '@warmbuild/vite-plugin';
let stats;
await build({
  configFile: false,
  envDir: false,
  logLevel: 'warn',
  plugins: [cached(babel, { plugins: ['babel-plugin-react-compiler'] }, { onStats: (s) => (stats = s) })],
  build: { outDir: 'dist', emptyOutDir: true, minify: false, rolldownOptions: { input: 'src/entry.js', external: [/^react(?:\\/|$)/] } },
});
fs.writeFileSync('transform-stats.json', JSON.stringify(stats));
`,
  );
  return root;
}

function buildStep(root: string): () => Promise<void> {
  return async () => {
    execFileSync(process.execPath, ['build.mjs'], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      stdio: 'pipe',
    });
  };
}

const transformStats = (root: string) =>
  JSON.parse(fs.readFileSync(path.join(root, 'transform-stats.json'), 'utf8')) as { hits: number; misses: number };

describe('warmbuild action: the transform cache on a new runner', () => {
  let server: FakeGitHub;
  beforeAll(async () => {
    server = await startFakeGitHub({ pullRequest: PR });
  });
  afterAll(async () => {
    await server.close();
    removeProjects();
  });

  it('run 1 saves the cached() results with the default path; run 2 in a fresh directory restores them and babel never runs', async () => {
    const restoreOnly = { 'github-token': 'ghs_test', command: '' };
    const first = createTransformApp();
    const run1 = await runJob(
      { server, workspace: first, eventName: 'push', event: pushEvent, runId: '601', env: pushEnv },
      restoreOnly,
      buildStep(first),
    );
    expect(run1.main.outputs['cache-hit']).toBe('false');
    expect(transformStats(first)).toMatchObject({ hits: 0, misses: MODULES });
    expect(run1.post.code, run1.post.stdout + run1.post.stderr).toBe(0);
    expect(server.entries.some((entry) => entry.finalized && entry.key.endsWith('-601'))).toBe(true);

    // A new runner: another checkout path, the same sources, nothing on disk but what is restored.
    const second = createTransformApp();
    const run2 = await runJob(
      { server, workspace: second, eventName: 'push', event: pushEvent, runId: '602', env: pushEnv },
      restoreOnly,
      buildStep(second),
    );
    expect(run2.main.code, run2.main.stdout + run2.main.stderr).toBe(0);
    expect(run2.main.outputs['cache-hit']).toBe('true');
    expect(transformStats(second)).toMatchObject({ hits: MODULES, misses: 0 });
    // The restored results are the compiled code: the output still imports the compiler runtime.
    const output = fs
      .readdirSync(path.join(second, 'dist'), { recursive: true })
      .map(String)
      .filter((file) => file.endsWith('.js'));
    expect(output.map((file) => fs.readFileSync(path.join(second, 'dist', file), 'utf8')).join('\n')).toContain(
      'react/compiler-runtime',
    );
  });
});
