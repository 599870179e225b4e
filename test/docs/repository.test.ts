import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepo, keys, runDocs } from './helpers.js';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/core/dist/cli/bin.js');
const LINK_RULES = ['broken-link', 'missing-anchor', 'link-case-mismatch'];

/** Links to acme/repo's own GitHub URLs (lines 3-9) and to another repository (line 10). */
const README = `# Readme

[blob ok](https://github.com/acme/repo/blob/main/docs/guide.md#setup)
[blob missing](https://github.com/acme/repo/blob/main/docs/gone.md)
[blob anchor missing](https://github.com/acme/repo/blob/v2.0/docs/guide.md#nope)
[tree ok](https://github.com/acme/repo/tree/main/docs)
[tree missing](https://github.com/acme/repo/tree/main/nothing/)
[raw missing](https://github.com/acme/repo/raw/main/img/gone.png)
[http and case](http://GitHub.com/Acme/Repo/blob/main/docs/gone.md)
[other repository](https://github.com/acme/other/blob/main/docs/gone.md)
`;

const OWN_REPO_FINDINGS = [
  'README.md:4 broken-link https://github.com/acme/repo/blob/main/docs/gone.md',
  'README.md:5 missing-anchor https://github.com/acme/repo/blob/v2.0/docs/guide.md#nope',
  'README.md:7 broken-link https://github.com/acme/repo/tree/main/nothing/',
  'README.md:8 broken-link https://github.com/acme/repo/raw/main/img/gone.png',
  'README.md:9 broken-link http://GitHub.com/Acme/Repo/blob/main/docs/gone.md',
];

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, stdio: 'ignore' });
}

describe('the repository option: links to the own GitHub blob/tree URLs are local', () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  const files = { 'README.md': README, 'docs/guide.md': '# Guide\n\n## Setup\n' };

  it('given as owner/name or as a URL in warmbuild.config.json (the CLI)', () => {
    for (const repository of ['acme/repo', 'https://github.com/acme/repo', 'git@github.com:acme/repo.git']) {
      const repo = createRepo({
        ...files,
        'warmbuild.config.json': JSON.stringify({ checks: { docs: { repository } } }),
      });
      try {
        const result = spawnSync(
          process.execPath,
          [bin, 'check', repo.root, '--only', LINK_RULES.join(','), '--format', 'json'],
          { encoding: 'utf8' },
        );
        expect(result.status).toBe(1);
        const report = JSON.parse(result.stdout) as { findings: never[] };
        expect({ repository, keys: keys(report.findings) }).toEqual({
          repository,
          keys: OWN_REPO_FINDINGS.slice().sort(),
        });
        const gone = (report.findings as { target?: string; resolved?: string }[]).find((finding) =>
          finding.target?.endsWith('blob/main/docs/gone.md'),
        );
        expect(gone?.resolved).toBe('docs/gone.md');
      } finally {
        repo.cleanup();
      }
    }
  });

  it('not known: GitHub URLs are external and not checked', async () => {
    const repo = createRepo(files);
    cleanup = repo.cleanup;
    expect(keys((await runDocs(repo.root, { only: LINK_RULES })).findings)).toEqual([]);
  });

  it('inferred from the git remotes (SSH or HTTPS form), also in a linked worktree', async () => {
    const repo = createRepo(files);
    cleanup = repo.cleanup;
    git(repo.root, 'init', '-q', '-b', 'main');
    git(repo.root, 'remote', 'add', 'origin', 'git@github.com:acme/repo.git');
    expect(keys((await runDocs(repo.root, { only: LINK_RULES })).findings)).toEqual(OWN_REPO_FINDINGS.slice().sort());

    git(repo.root, 'remote', 'set-url', 'origin', 'https://github.com/acme/repo.git');
    expect(keys((await runDocs(repo.root, { only: LINK_RULES })).findings)).toEqual(OWN_REPO_FINDINGS.slice().sort());

    // A linked worktree has a `.git` file pointing into the main repository's git directory.
    git(repo.root, 'add', '-A');
    git(repo.root, 'commit', '-q', '-m', 'docs');
    const worktree = path.join(repo.root, 'wt');
    git(repo.root, 'worktree', 'add', '-q', worktree);
    expect(keys((await runDocs(worktree, { only: LINK_RULES, cache: false })).findings)).toEqual(
      OWN_REPO_FINDINGS.slice().sort(),
    );
  });

  it('inferred from package.json repository (object, github: and owner/name shorthands)', async () => {
    for (const repository of [
      { type: 'git', url: 'git+https://github.com/acme/repo.git' },
      'github:acme/repo',
      'acme/repo',
    ]) {
      const repo = createRepo({ ...files, 'package.json': JSON.stringify({ name: 'x', repository }) });
      try {
        expect({ repository, keys: keys((await runDocs(repo.root, { only: LINK_RULES })).findings) }).toEqual({
          repository,
          keys: OWN_REPO_FINDINGS.slice().sort(),
        });
      } finally {
        repo.cleanup();
      }
    }
  });

  it('the option replaces what git and package.json say', async () => {
    const repo = createRepo({
      ...files,
      'package.json': JSON.stringify({ name: 'x', repository: 'github:acme/repo' }),
    });
    cleanup = repo.cleanup;
    git(repo.root, 'init', '-q');
    git(repo.root, 'remote', 'add', 'origin', 'https://github.com/acme/repo.git');
    const { findings } = await runDocs(repo.root, { only: LINK_RULES, checks: { docs: { repository: 'acme/other' } } });
    expect(keys(findings)).toEqual(['README.md:10 broken-link https://github.com/acme/other/blob/main/docs/gone.md']);
  });
});
