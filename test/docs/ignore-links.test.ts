import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepo } from './helpers.js';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/core/dist/cli/bin.js');

function check(root: string): { status: number | null; stderr: string; findings: string[] } {
  const result = spawnSync(process.execPath, [bin, 'check', root, '--format', 'json'], { encoding: 'utf8' });
  if (result.status !== 0 && result.status !== 1) return { status: result.status, stderr: result.stderr, findings: [] };
  const report = JSON.parse(result.stdout) as {
    findings: { rule: string; file: string; line: number; target?: string }[];
  };
  return {
    status: result.status,
    stderr: result.stderr,
    findings: report.findings.map((f) => `${f.file}:${f.line} ${f.rule} ${f.target}`).sort(),
  };
}

// A docs tree written for a site's router (SvelteKit's documentation, Docusaurus): extensionless
// relative routes, next to ordinary file links that must stay checked.
const SITE_DOC = [
  '# Intro',
  '',
  'See [project types](project-types) and [routing](../routing#params).',
  '',
  'Also [a file](missing.md) and [an anchor](#nope).',
  '',
].join('\n');

describe('checks.docs.ignoreLinks', () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  it('leaves matching link targets unchecked, keeps the others, and a changed list re-checks warm', () => {
    const repo = createRepo({ 'docs/intro/intro.md': SITE_DOC });
    cleanup = repo.cleanup;
    const all = [
      'docs/intro/intro.md:3 broken-link ../routing#params',
      'docs/intro/intro.md:3 broken-link project-types',
      'docs/intro/intro.md:5 broken-link missing.md',
      'docs/intro/intro.md:5 missing-anchor #nope',
    ];
    expect(check(repo.root).findings).toEqual(all);

    // Extensionless relative routes: no scheme, no dot in the path.
    repo.write(
      'warmbuild.config.json',
      JSON.stringify({ checks: { docs: { ignoreLinks: ['^[^/#.:][^#.:]*(#.*)?$', '^\\.\\./routing'] } } }),
    );
    const ignored = check(repo.root);
    expect(ignored.findings).toEqual([
      'docs/intro/intro.md:5 broken-link missing.md',
      'docs/intro/intro.md:5 missing-anchor #nope',
    ]);
    // Warm, the same.
    expect(check(repo.root).findings).toEqual(ignored.findings);

    // The list is part of the key: a narrower list brings a finding back on the next (warm) run.
    repo.write('warmbuild.config.json', JSON.stringify({ checks: { docs: { ignoreLinks: ['^project-types$'] } } }));
    expect(check(repo.root).findings).toEqual(all.filter((key) => !key.endsWith(' project-types')));
  });

  it('an invalid pattern is a configuration error naming the option and the pattern', () => {
    const repo = createRepo({
      'a.md': '# A\n',
      'warmbuild.config.json': JSON.stringify({ checks: { docs: { ignoreLinks: ['(unclosed'] } } }),
    });
    cleanup = repo.cleanup;
    const result = check(repo.root);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('checks.docs.ignoreLinks');
    expect(result.stderr).toContain('(unclosed');
  });
});
