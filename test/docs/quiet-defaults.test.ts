import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepo } from './helpers.js';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/core/dist/cli/bin.js');

const STYLE = ['heading-increment', 'heading-style', 'ul-indent', 'no-trailing-spaces', 'no-hard-tabs', 'line-length'];

/** One document that breaks all six style rules and holds one broken link. */
const DOC = [
  '# Title',
  '',
  '### Skipped a level',
  '',
  `${'word '.repeat(30)}end`,
  '',
  'trailing ',
  '',
  'a\ttab',
  '',
  '- item',
  '   - indented three',
  '',
  'Setext heading',
  '--------------',
  '',
  '[missing](./nowhere.md)',
  '',
].join('\n');

/** `warmbuild check` as a user runs it: no --only, JSON report, the cache on. */
function check(root: string): string[] {
  const result = spawnSync(process.execPath, [bin, 'check', root, '--format', 'json'], { encoding: 'utf8' });
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`warmbuild check exited ${result.status}: ${result.stderr}`);
  const report = JSON.parse(result.stdout) as { findings: { rule: string; file: string }[] };
  return [
    ...new Set(report.findings.filter((finding) => finding.file === 'doc.md').map((finding) => finding.rule)),
  ].sort();
}

describe('style rules are quiet unless the repository configured markdownlint or warmbuild asks for them', () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  it('no markdownlint configuration: only the cross-reference findings', () => {
    const repo = createRepo({ 'doc.md': DOC, 'package.json': '{ "name": "app" }' });
    cleanup = repo.cleanup;
    expect(check(repo.root)).toEqual(['broken-link']);
  });

  for (const [name, text] of Object.entries({
    '.markdownlint.json': '{}',
    '.markdownlint.jsonc': '// the team default\n{ "MD013": { "line_length": 80 } }',
    '.markdownlint.yaml': 'default: true\n',
    '.markdownlint.yml': 'MD013:\n  line_length: 80\n',
    '.markdownlint-cli2.jsonc': '{ "config": { "default": true } }',
    '.markdownlint-cli2.yaml': 'ignores: []\n',
  })) {
    it(`${name}: every style rule the configuration enables, and the links`, () => {
      const repo = createRepo({ 'doc.md': DOC, [name]: text });
      cleanup = repo.cleanup;
      expect(check(repo.root)).toEqual(['broken-link', ...STYLE].sort());
    });
  }

  it('a configuration that turns rules off is followed', () => {
    const repo = createRepo({
      'doc.md': DOC,
      '.markdownlint.json': '{ "default": false, "MD009": true, "MD013": { "enabled": false } }',
    });
    cleanup = repo.cleanup;
    expect(check(repo.root)).toEqual(['broken-link', 'no-trailing-spaces']);
  });

  it('warmbuild.config.json naming one rule turns on that rule only', () => {
    const repo = createRepo({
      'doc.md': DOC,
      'warmbuild.config.json': JSON.stringify({ rules: { 'line-length': 'warning' } }),
    });
    cleanup = repo.cleanup;
    expect(check(repo.root)).toEqual(['broken-link', 'line-length']);
    // By its markdownlint alias too.
    repo.write('warmbuild.config.json', JSON.stringify({ rules: { MD010: 'error' } }));
    expect(check(repo.root)).toEqual(['broken-link', 'no-hard-tabs']);
  });

  it('markdownlint options in warmbuild.config.json (checks.docs.config) count as a configuration', () => {
    const repo = createRepo({
      'doc.md': DOC,
      'warmbuild.config.json': JSON.stringify({ checks: { docs: { config: { default: false, MD001: true } } } }),
    });
    cleanup = repo.cleanup;
    expect(check(repo.root)).toEqual(['broken-link', 'heading-increment']);
  });

  it('adding and removing a configuration file is seen by the next (cached) run', () => {
    const repo = createRepo({ 'doc.md': DOC });
    cleanup = repo.cleanup;
    expect(check(repo.root)).toEqual(['broken-link']);
    expect(check(repo.root)).toEqual(['broken-link']);
    repo.write('.markdownlint.json', '{ "default": false, "MD013": true }');
    expect(check(repo.root)).toEqual(['broken-link', 'line-length']);
    repo.remove('.markdownlint.json');
    expect(check(repo.root)).toEqual(['broken-link']);
  });
});
