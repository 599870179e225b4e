import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check, writeRepo } from '../graph/fixture.js';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/core/dist/cli/bin.js');
const only = [
  'merge-conflict-marker',
  'lockfile-conflict',
  'backup-file',
  'case-conflict',
  'dependency-version-mismatch',
  'duplicate-dependency',
  'workspace-protocol',
];

function fixture() {
  return writeRepo({
    '.gitignore': '*.log\nignored.orig\n',
    'package.json': { name: 'root', private: true },
    'pnpm-workspace.yaml': 'packages:\n  - packages/*\ncatalog:\n  react: ^18.3.1\n',
    'pnpm-lock.yaml': "lockfileVersion: '9.0'\n<<<<<<< HEAD\n  react: 18.3.1\n=======\n  react: 18.2.0\n>>>>>>> main\n",
    'packages/a/package.json': { name: '@x/a', dependencies: { react: 'catalog:', '@x/b': '1.0.0' } },
    'packages/b/package.json': {
      name: '@x/b',
      version: '1.0.0',
      dependencies: { react: '^18.2.0', zod: '^3.23.0' },
      devDependencies: { zod: '^3.23.0' },
    },
    'packages/b/package.json.orig': '{}',
    'ignored.orig': 'ignored by .gitignore',
    'docs/Guide.md': 'Guide\n=====\n\nSetext\n=======\n',
    'docs/guide.md': 'lower-case twin\n',
    'src/merge.ts':
      'export const a = 1;\n<<<<<<< HEAD\nexport const b = 2;\n=======\nexport const b = 3;\n>>>>>>> feature\n',
  });
}

describe('conflict and workspace checks', () => {
  it('reports every rule on a fixture repository, ignoring gitignored files', async () => {
    const root = fixture();
    const { findings } = await check(root, { only });
    expect(findings.map((finding) => `${finding.rule} ${finding.file}:${finding.line}`)).toEqual([
      'case-conflict docs/Guide.md:0',
      'workspace-protocol packages/a/package.json:5',
      'dependency-version-mismatch packages/b/package.json:5',
      'duplicate-dependency packages/b/package.json:9',
      'backup-file packages/b/package.json.orig:0',
      'lockfile-conflict pnpm-lock.yaml:2',
      'merge-conflict-marker src/merge.ts:2',
    ]);
  });

  it('is served from the cache on a warm run and sees an edit', async () => {
    const root = fixture();
    const cold = await check(root, { only });
    const warm = await check(root, { only });
    expect(warm.findings).toEqual(cold.findings);
    expect(warm.misses).toBe(0);
    fs.writeFileSync(path.join(root, 'src/merge.ts'), 'export const b = 2;\n');
    const edited = await check(root, { only: ['merge-conflict-marker'] });
    expect(edited.findings).toEqual([]);
  });

  it('fails a pre-commit hook (exit 1) and prints a code frame', () => {
    const root = fixture();
    const result = spawnSync(process.execPath, [bin, 'check', root, '--only', 'merge-conflict-marker', '--fail-fast'], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      'src/merge.ts:2:1  error  merge conflict left in the file (lines 2-6)  [merge-conflict-marker]',
    );
    expect(result.stdout).toContain('> 2 | <<<<<<< HEAD');
  });

  it('reports a package.json that is not JSON instead of crashing', async () => {
    const root = writeRepo({ 'package.json': '{ "name": "root", }', 'packages/a/package.json': '{"name":"a"}' });
    const { findings } = await check(root, { only: ['invalid-package-json', 'duplicate-dependency'] });
    expect(findings.map((finding) => [finding.rule, finding.file])).toEqual([['invalid-package-json', 'package.json']]);
  });
});
