import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepo } from './helpers.js';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/core/dist/cli/bin.js');

describe('warmbuild check runs the doc validator', () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  it('reads .markdownlint.yaml, accepts MD aliases in --only and caches by config content', () => {
    const repo = createRepo({
      '.markdownlint.yaml': 'MD013:\n  line_length: 20\n',
      'a.md': '# A\n\nThis line is longer than twenty characters.\n\n[x](missing.md)\n',
    });
    cleanup = repo.cleanup;
    const run = () => {
      const result = spawnSync(
        process.execPath,
        [bin, 'check', repo.root, '--only', 'MD013,broken-link', '--format', 'json'],
        { encoding: 'utf8' },
      );
      return {
        status: result.status,
        report: JSON.parse(result.stdout) as { findings: { rule: string; message: string; aliases?: string[] }[] },
      };
    };
    const first = run();
    expect(first.status).toBe(1);
    expect(first.report.findings.map((f) => f.rule).sort()).toEqual(['broken-link', 'line-length']);
    expect(first.report.findings.find((f) => f.rule === 'line-length')).toMatchObject({
      aliases: ['MD013'],
      message: expect.stringMatching(/^Line length \[Expected: 20; Actual: \d+\]$/),
    });
    repo.write('.markdownlint.yaml', 'MD013:\n  line_length: 100\n');
    const second = run();
    expect(second.report.findings.map((f) => f.rule)).toEqual(['broken-link']);
  });

  it('names the file of a configuration that does not parse, and goes on', () => {
    const repo = createRepo({ '.markdownlint.json': '{ "MD013": ', 'a.md': '# A\n\n[gone](gone.md)\n' });
    cleanup = repo.cleanup;
    const all = spawnSync(process.execPath, [bin, 'check', repo.root, '--format', 'json'], { encoding: 'utf8' });
    expect(all.status).toBe(1);
    const rules = (JSON.parse(all.stdout) as { findings: { rule: string; file: string }[] }).findings.map(
      (finding) => `${finding.rule} ${finding.file}`,
    );
    expect(rules.sort()).toEqual(['broken-link a.md', 'docs-config-error .markdownlint.json']);
    // The rule not selected: one warning names the file.
    const only = spawnSync(process.execPath, [bin, 'check', repo.root, '--only', 'MD013'], { encoding: 'utf8' });
    expect(only.status).toBe(0);
    expect(only.stderr).toContain('.markdownlint.json');
  });
});
