import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { computeBaselineKeys, computeCacheKeys } from './cache-keys.js';
import type { RunContext } from './github-context.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function repo(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warmbuild-keys-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

const context = (branch: string, baseBranch: string): RunContext => ({
  eventName: 'pull_request',
  repository: 'o/r',
  owner: 'o',
  repo: 'r',
  runId: '42',
  branch,
  baseBranch,
  defaultBranch: 'main',
  pullRequest: 1,
  fromFork: false,
  trusted: true,
});

describe('computeCacheKeys', () => {
  it('orders restore keys: same branch exact, same branch any, base exact, base any', () => {
    const root = repo({ 'pnpm-lock.yaml': 'lock', 'warmbuild.config.json': '{}' });
    const keys = computeCacheKeys('wb', root, context('feat/x', 'main'), 'linux', 'x64');
    const exact = `${keys.lockfileHash}-${keys.configHash}`;
    expect(keys.primary).toBe(`wb-linux-x64-feat/x-${exact}-42`);
    expect(keys.restoreKeys).toEqual([
      `wb-linux-x64-feat/x-${exact}-`,
      'wb-linux-x64-feat/x-',
      `wb-linux-x64-main-${exact}-`,
      'wb-linux-x64-main-',
    ]);
  });

  it('changes with the lockfile and the warmbuild config, and says none when absent', () => {
    const a = computeCacheKeys('wb', repo({ 'pnpm-lock.yaml': 'one' }), context('main', 'main'));
    const b = computeCacheKeys('wb', repo({ 'pnpm-lock.yaml': 'two' }), context('main', 'main'));
    const c = computeCacheKeys(
      'wb',
      repo({ 'pnpm-lock.yaml': 'one', 'warmbuild.config.ts': 'x' }),
      context('main', 'main'),
    );
    expect(a.lockfileHash).not.toBe(b.lockfileHash);
    expect(a.configHash).toBe('none');
    expect(c.configHash).not.toBe('none');
    expect(a.restoreKeys).toHaveLength(2); // base branch == branch: no duplicates
  });

  it('keeps commas and spaces out of keys', () => {
    const keys = computeCacheKeys('wb', repo({}), context('we,ird name', 'main'));
    expect(keys.primary).not.toMatch(/[, ]/);
    expect(computeBaselineKeys('wb', context('a b', 'm,n')).restore).toBe(
      `wb-baseline-${process.platform}-${process.arch}-m_n-`,
    );
  });
});
