import { describe, expect, it } from 'vitest';
import { checkWorkspaceDependencies } from './workspace-deps-check.js';
import type { WorkspaceManifest } from './workspace-packages.js';

function manifest(file: string, json: Record<string, unknown>): WorkspaceManifest {
  const text = JSON.stringify(json, null, 2);
  return { file, text, name: json.name as string | undefined, json };
}

describe('checkWorkspaceDependencies', () => {
  const yaml =
    'packages:\n  - "packages/*"\n  - "!packages/ignored"\ncatalog:\n  react: ^18.3.1\ncatalogs:\n  legacy:\n    react: ^17.0.2\n';

  it('finds version mismatches (catalog-aware), duplicates and non-workspace: references', () => {
    const findings = checkWorkspaceDependencies(
      [
        manifest('package.json', { name: 'root', private: true, devDependencies: { typescript: '5.9.3' } }),
        manifest('packages/a/package.json', {
          name: '@x/a',
          dependencies: { react: 'catalog:', zod: '^3.0.0', '@x/b': '^1.0.0' },
          devDependencies: { zod: '^3.0.0' },
        }),
        manifest('packages/b/package.json', {
          name: '@x/b',
          version: '1.0.0',
          dependencies: { react: '^18.3.1', '@x/a': 'workspace:*' },
          devDependencies: { typescript: '^5.0.0' },
        }),
        manifest('packages/c/package.json', {
          name: '@x/c',
          dependencies: { react: 'catalog:legacy' },
          peerDependencies: { react: '>=16' },
        }),
        manifest('packages/ignored/package.json', { name: '@x/ignored', dependencies: { react: '0.14.0' } }),
      ],
      yaml,
    );
    const summary = findings
      .map((finding) => `${finding.rule} ${finding.file} ${finding.dependency} ${finding.line}`)
      .sort();
    expect(summary).toEqual([
      'dependency-version-mismatch packages/b/package.json typescript 9',
      'dependency-version-mismatch packages/c/package.json react 4',
      'duplicate-dependency packages/a/package.json zod 9',
      'workspace-protocol packages/a/package.json @x/b 6',
    ]);
    expect(findings.find((finding) => finding.dependency === 'react')?.message).toContain(
      '"catalog:legacy" (= ^17.0.2)',
    );
  });

  it('reads npm/yarn workspaces from the root package.json', () => {
    const findings = checkWorkspaceDependencies(
      [
        manifest('package.json', { name: 'root', workspaces: ['apps/*'] }),
        manifest('apps/web/package.json', { name: 'web', dependencies: { lodash: '^4.17.0' } }),
        manifest('apps/api/package.json', { name: 'api', dependencies: { lodash: '4.17.21' } }),
        manifest('apps/docs/package.json', { name: 'docs', dependencies: { lodash: '^4.17.0' } }),
      ],
      undefined,
    );
    expect(findings.map((finding) => [finding.rule, finding.file])).toEqual([
      ['dependency-version-mismatch', 'apps/api/package.json'],
    ]);
  });
});
