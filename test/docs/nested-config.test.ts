import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createRandom } from '../../packages/core/test-support/random.js';
import { createRepo } from './helpers.js';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/core/dist/cli/bin.js');
const STYLE_ALIASES = ['MD001', 'MD003', 'MD007', 'MD009', 'MD010', 'MD013'];

interface JsonFinding {
  rule: string;
  file: string;
  line: number;
  column: number;
  message: string;
  aliases?: string[];
}

/** `warmbuild check DIR --format json` as a user runs it; `linted` from `DEBUG=warmbuild`. */
function check(root: string, extra: string[] = []): { findings: JsonFinding[]; linted: number | undefined } {
  const result = spawnSync(process.execPath, [bin, 'check', root, '--format', 'json', ...extra], {
    encoding: 'utf8',
    env: { ...process.env, DEBUG: 'warmbuild' },
  });
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`warmbuild check exited ${result.status}: ${result.stderr}`);
  const linted = /warmbuild:docs\s+(\d+) linted/.exec(result.stderr)?.[1];
  return {
    findings: (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings,
    linted: linted === undefined ? undefined : Number(linted),
  };
}

/** Style findings as `file:line:column MDxxx message`, sorted. */
function styleKeys(findings: readonly JsonFinding[]): string[] {
  return findings
    .filter((finding) => finding.aliases?.some((alias) => STYLE_ALIASES.includes(alias)))
    .map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.aliases![0]}`)
    .sort();
}

const LONG = `${'word '.repeat(17)}end`; // 88 characters

describe('markdownlint configuration in nested directories, as markdownlint-cli2 reads it', () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  it('a nested .markdownlint.* replaces the root configuration for its subtree', () => {
    const repo = createRepo({
      '.markdownlint.yaml': 'MD013:\n  line_length: 120\n',
      'top.md': `# Top\n\n${LONG}\n`,
      'narrow/.markdownlint.json': '{ "MD013": { "line_length": 60 } }',
      'narrow/a.md': `# A\n\n${LONG}\n`,
      'narrow/deeper/b.md': `# B\n\n${LONG}\n`,
      'other/c.md': `# C\n\n${LONG}\n`,
    });
    cleanup = repo.cleanup;
    expect(styleKeys(check(repo.root).findings)).toEqual(['narrow/a.md:3:61 MD013', 'narrow/deeper/b.md:3:61 MD013']);
  });

  it('a nested .markdownlint.* follows its extends relative to itself, and its keys win', () => {
    const repo = createRepo({
      '.markdownlint.yaml': 'MD013: false\n',
      'shared/base.yaml': 'MD013:\n  line_length: 50\nMD009: false\n',
      'docs/.markdownlint.jsonc': '// the docs are narrower\n{ "extends": "../shared/base.yaml", "MD010": false }',
      'docs/a.md': `# A\n\n${LONG} \n\nx\ty\n`,
      'b.md': `# B\n\n${LONG} \n\nx\ty\n`,
    });
    cleanup = repo.cleanup;
    expect(styleKeys(check(repo.root).findings)).toEqual(['b.md:3:89 MD009', 'b.md:5:2 MD010', 'docs/a.md:3:51 MD013']);
  });

  it('an extends outside the repository is refused: one finding naming the file, and the run goes on', () => {
    const repo = createRepo({
      'docs/.markdownlint.json': '{ "extends": "../../../../etc/passwd" }',
      'docs/a.md': '# A\n\nSee [gone](gone.md).\n',
    });
    cleanup = repo.cleanup;
    const result = spawnSync(process.execPath, [bin, 'check', repo.root, '--format', 'json'], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    const findings = (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings;
    const configErrors = findings.filter((finding) => finding.rule === 'docs-config-error');
    expect(configErrors).toHaveLength(1);
    expect(configErrors[0]).toMatchObject({ file: 'docs/.markdownlint.json' });
    expect(configErrors[0].message).toContain('outside the repository');
    expect(findings.some((finding) => finding.rule === 'broken-link' && finding.file === 'docs/a.md')).toBe(true);
  });

  it('an extends loop ends with one finding, not a hang', () => {
    const repo = createRepo({
      'docs/.markdownlint.json': '{ "extends": "./loop.json" }',
      'docs/loop.json': '{ "extends": "./loop.json" }',
      'docs/a.md': '# A\n',
    });
    cleanup = repo.cleanup;
    const result = spawnSync(process.execPath, [bin, 'check', repo.root, '--format', 'json'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    const findings = (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings;
    expect(findings.filter((finding) => finding.rule === 'docs-config-error').map((finding) => finding.file)).toEqual([
      'docs/.markdownlint.json',
    ]);
  });

  it('a nested configuration that does not parse is one finding; its subtree inherits the root configuration, warm or not', () => {
    const repo = createRepo({
      '.markdownlint.json': '{ "MD013": { "line_length": 60 } }',
      'top.md': `# Top\n\n${LONG}\n`,
      'broken/.markdownlint.yaml': 'MD013: [unclosed\n',
      'broken/a.md': `# A\n\n${LONG}\n`,
    });
    cleanup = repo.cleanup;
    for (const extra of [['--no-cache'], [], []]) {
      const { findings } = check(repo.root, extra);
      expect(findings.filter((finding) => finding.rule === 'docs-config-error').map((finding) => finding.file)).toEqual(
        ['broken/.markdownlint.yaml'],
      );
      expect(styleKeys(findings)).toEqual(['broken/a.md:3:61 MD013', 'top.md:3:61 MD013']);
    }
  });

  it('quiet defaults: a nested configuration turns the style rules on for its subtree only', () => {
    const repo = createRepo({
      'package.json': '{ "name": "app" }',
      'top.md': `# Top\n\n${LONG}\n`,
      'docs/.markdownlint.yaml': 'MD013:\n  line_length: 60\n',
      'docs/a.md': `# A\n\n${LONG}\n`,
    });
    cleanup = repo.cleanup;
    expect(styleKeys(check(repo.root).findings)).toEqual(['docs/a.md:3:61 MD013']);
  });

  it('warm runs see nested configurations edited, added and deleted, and re-lint only the files under them', () => {
    const repo = createRepo({
      '.markdownlint.yaml': 'MD013:\n  line_length: 120\n',
      'top.md': `# Top\n\n${LONG}\n`,
      'docs/.markdownlint.yaml': 'MD013:\n  line_length: 60\n',
      'docs/a.md': `# A\n\n${LONG}\n`,
      'docs/b.md': `# B\n\n${LONG}\n`,
      'guide/c.md': `# C\n\n${LONG}\n`,
    });
    cleanup = repo.cleanup;
    const cold = check(repo.root);
    expect(styleKeys(cold.findings)).toEqual(['docs/a.md:3:61 MD013', 'docs/b.md:3:61 MD013']);
    expect(check(repo.root).linted ?? 0).toBe(0);

    repo.write('docs/.markdownlint.yaml', 'MD013:\n  line_length: 70\n');
    const edited = check(repo.root);
    expect(edited.linted).toBe(2);
    expect(styleKeys(edited.findings)).toEqual(['docs/a.md:3:71 MD013', 'docs/b.md:3:71 MD013']);
    expect(edited.findings).toEqual(check(repo.root, ['--no-cache']).findings);

    repo.write('guide/.markdownlint.json', '{ "MD013": { "line_length": 80 } }');
    const added = check(repo.root);
    expect(added.linted).toBe(1);
    expect(styleKeys(added.findings)).toEqual([
      'docs/a.md:3:71 MD013',
      'docs/b.md:3:71 MD013',
      'guide/c.md:3:81 MD013',
    ]);
    expect(added.findings).toEqual(check(repo.root, ['--no-cache']).findings);

    repo.remove('docs/.markdownlint.yaml');
    const deleted = check(repo.root);
    expect(deleted.linted).toBe(2);
    expect(styleKeys(deleted.findings)).toEqual(['guide/c.md:3:81 MD013']);
    expect(deleted.findings).toEqual(check(repo.root, ['--no-cache']).findings);
  });
});

function generateDoc(next: () => number): string {
  const lines = ['# Title', ''];
  for (let block = 0; block < 12; block++) {
    const kind = Math.floor(next() * 6);
    const words = 4 + Math.floor(next() * 22);
    const text = Array.from({ length: words }, (_, i) => ['alpha', 'be', 'gamma', 'delta', 'e'][(i + block) % 5]).join(
      ' ',
    );
    if (kind === 0) lines.push(`${'#'.repeat(2 + Math.floor(next() * 3))} Heading ${block}`);
    else if (kind === 1) lines.push(`${text}${' '.repeat(Math.floor(next() * 3))}`);
    else if (kind === 2) lines.push(`${text.slice(0, 20)}\t${text.slice(20)}`);
    else if (kind === 3) lines.push(`- ${text}`, `${' '.repeat(1 + Math.floor(next() * 4))}- nested ${block}`);
    else if (kind === 4) lines.push(`Setext ${block}`, '---');
    else lines.push(`<!-- markdownlint-disable-next-line MD013 -->`, text);
    lines.push('');
  }
  return lines.join('\n');
}

describe('differential: nested configurations against markdownlint-cli2 itself', () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  it('gives the same style findings per location on a generated tree', async () => {
    const next = createRandom(12);
    const files: Record<string, string> = {
      // Root: a cli2 options file (config merged down) and a .markdownlint file beside it.
      '.markdownlint-cli2.jsonc': '{ "config": { "MD013": { "line_length": 80 }, "MD041": false } }',
      '.markdownlint.yaml': 'MD013:\n  line_length: 90\nMD003: false\n',
      // Replaces the root configuration: MD003 and MD009 come back, the line is 40.
      'narrow/.markdownlint.json': '{ "MD013": { "line_length": 40 }, "MD007": { "indent": 4 } }',
      // cli2 options with config below a .markdownlint file: the options' config is used instead.
      'narrow/opts/.markdownlint-cli2.yaml': 'config:\n  MD010: false\n',
      // No inline configuration for this subtree.
      'noinline/.markdownlint-cli2.jsonc': '{ "noInlineConfig": true }',
      // extends, relative to the file, and a chain of two.
      'shared/base.jsonc': '{ "extends": "./base2.yaml", "MD013": { "line_length": 50, "code_blocks": false } }',
      'shared/base2.yaml': 'MD009:\n  br_spaces: 3\nMD001: false\n',
      'ext/.markdownlint.jsonc': '{ "extends": "../shared/base.jsonc", "MD010": false }',
      'ext/deep/deeper/.markdownlint.yml': 'default: false\nMD013:\n  line_length: 30\n',
    };
    const dirs = [
      '',
      'narrow',
      'narrow/sub',
      'narrow/opts',
      'narrow/opts/x',
      'noinline',
      'ext',
      'ext/deep',
      'ext/deep/deeper',
      'plain/a/b',
    ];
    for (const dir of dirs) for (let i = 0; i < 3; i++) files[`${dir ? `${dir}/` : ''}doc${i}.md`] = generateDoc(next);
    const repo = createRepo(files);
    cleanup = repo.cleanup;

    const ours = styleKeys(check(repo.root, ['--no-cache']).findings);

    // As bench/corpus/markdownlint-driver.mjs runs it: `fix: false` whatever a config says.
    const { main } = await import('markdownlint-cli2');
    const output: string[] = [];
    await main({
      directory: repo.root,
      argv: ['**/*.md'],
      optionsOverride: { fix: false },
      logMessage: () => {},
      logError: (message: string) => output.push(message),
    });
    const theirs: string[] = [];
    const pattern = /^(.+?):(\d+)(?::(\d+))? (?:error |warning )?(MD\d{3})\/\S+ /;
    for (const line of output.join('\n').split('\n')) {
      const match = pattern.exec(line);
      if (match && STYLE_ALIASES.includes(match[4]))
        theirs.push(`${match[1]}:${match[2]}:${match[3] ?? 1} ${match[4]}`);
    }
    theirs.sort();
    expect(theirs.length).toBeGreaterThan(50);
    // Every directory's configuration shows: some finding in each.
    expect(ours).toEqual(theirs);
  });
});
