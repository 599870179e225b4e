import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepo } from './helpers.js';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/core/dist/cli/bin.js');

interface Report {
  findings: { rule: string; file: string; line: number; message: string }[];
}

function check(root: string, args: string[] = []): Report {
  const result = spawnSync(process.execPath, [bin, 'check', root, '--format', 'json', ...args], { encoding: 'utf8' });
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`warmbuild check exited ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout) as Report;
}

const lines = (report: Report, rule: string) =>
  report.findings
    .filter((finding) => finding.rule === rule)
    .map((finding) => `${finding.line} ${finding.message}`)
    .sort();

/** Line 3 is 100 characters, line 5 is 130, line 7 has a hard tab, line 9 trailing spaces. */
const words = (length: number) => `${'word '.repeat(length / 5).slice(0, length - 1)}.`;
const DOC = ['# Doc', '', words(100), '', words(130), '', 'tab\there', '', 'trailing   ', ''].join('\n');

/** Each configuration file format, saying line_length 80 and turning MD010 and MD009 on. */
const CONFIG_FILES: Record<string, string> = {
  '.markdownlint.json': '{ "MD013": { "line_length": 80 }, "MD010": true, "MD009": true }',
  '.markdownlint.jsonc':
    '{\n  // the team default\n  "MD013": { "line_length": 80 },\n  "MD010": true,\n  "MD009": true,\n}',
  '.markdownlint.yaml': 'MD013:\n  line_length: 80\nMD010: true\nMD009: true\n',
  '.markdownlint.yml': 'MD013:\n  line_length: 80\nMD010: true\nMD009: true\n',
  '.markdownlint-cli2.jsonc': '{ "config": { "MD013": { "line_length": 80 }, "MD010": true, "MD009": true } }',
  '.markdownlint-cli2.yaml': 'config:\n  MD013:\n    line_length: 80\n  MD010: true\n  MD009: true\n',
};

describe("warmbuild's own options override the markdownlint configuration files", () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  for (const [name, text] of Object.entries(CONFIG_FILES)) {
    it(`${name}: line_length 80 in the file, 120 in warmbuild.config.json -> 120; a rule turned off by warmbuild stays off`, () => {
      const repo = createRepo({ [name]: text, 'doc.md': DOC });
      cleanup = repo.cleanup;
      const only = ['--only', 'line-length,no-hard-tabs,no-trailing-spaces'];

      const fromFile = check(repo.root, only);
      expect(lines(fromFile, 'line-length')).toEqual([
        '3 Line length [Expected: 80; Actual: 100]',
        '5 Line length [Expected: 80; Actual: 130]',
      ]);
      expect(lines(fromFile, 'no-hard-tabs')).toHaveLength(1);
      expect(lines(fromFile, 'no-trailing-spaces')).toHaveLength(1);

      repo.write(
        'warmbuild.config.json',
        JSON.stringify({
          rules: { 'no-hard-tabs': 'off' },
          checks: { docs: { config: { MD013: { line_length: 120 }, 'no-trailing-spaces': false } } },
        }),
      );
      const overridden = check(repo.root, only);
      expect(lines(overridden, 'line-length')).toEqual(['5 Line length [Expected: 120; Actual: 130]']);
      expect(lines(overridden, 'no-hard-tabs')).toEqual([]);
      expect(lines(overridden, 'no-trailing-spaces')).toEqual([]);
    });
  }

  it('the override wins whatever name each side uses (alias, rule name, tag), and a warm run follows an edited option', () => {
    const repo = createRepo({
      '.markdownlint.yaml': 'line-length:\n  line_length: 80\n  code_blocks: false\nwhitespace: true\n',
      'doc.md': `${DOC}\n\`\`\`\n${words(130)}\n\`\`\`\n`,
      'warmbuild.config.json': JSON.stringify({
        checks: { docs: { config: { MD013: { line_length: 120 }, MD009: false } } },
      }),
    });
    cleanup = repo.cleanup;
    const only = ['--only', 'MD013,MD009,MD010'];
    const first = check(repo.root, only);
    // The option replaces the file's whole MD013 object (markdownlint's `extends` merges the same
    // way), so code_blocks is back to its default and the fenced line counts too.
    expect(lines(first, 'line-length')).toEqual([
      '12 Line length [Expected: 120; Actual: 130]',
      '5 Line length [Expected: 120; Actual: 130]',
    ]);
    expect(lines(first, 'no-trailing-spaces')).toEqual([]);
    expect(lines(first, 'no-hard-tabs')).toEqual(['7 Hard tabs [Column: 4]']);

    repo.write(
      'warmbuild.config.json',
      JSON.stringify({
        checks: { docs: { config: { 'line-length': { line_length: 90, code_blocks: false }, whitespace: false } } },
      }),
    );
    const edited = check(repo.root, only);
    expect(lines(edited, 'line-length')).toEqual([
      '3 Line length [Expected: 90; Actual: 100]',
      '5 Line length [Expected: 90; Actual: 130]',
    ]);
    expect(lines(edited, 'no-hard-tabs')).toEqual([]);
  });

  it('an inline enable comment cannot bring back a rule that warmbuild turned off', () => {
    const repo = createRepo({
      '.markdownlint.json': '{ "MD010": false }',
      'doc.md': '# Doc\n\n<!-- markdownlint-enable MD010 -->\n\ntab\there\n',
    });
    cleanup = repo.cleanup;
    // markdownlint semantics: the comment turns on a rule the configuration file turned off.
    expect(lines(check(repo.root, ['--only', 'MD010']), 'no-hard-tabs')).toEqual(['5 Hard tabs [Column: 4]']);
    repo.write('warmbuild.config.json', JSON.stringify({ rules: { MD010: 'off' } }));
    expect(check(repo.root).findings.filter((finding) => finding.rule === 'no-hard-tabs')).toEqual([]);
  });
});
