import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempDir } from '../cli/helpers.js';

const LINK_RULES = ['broken-link', 'missing-anchor', 'link-case-mismatch'];
const STYLE_RULES = [
  'heading-increment',
  'heading-style',
  'ul-indent',
  'no-trailing-spaces',
  'no-hard-tabs',
  'line-length',
];

interface Finding {
  rule: string;
  file: string;
  line: number;
  message: string;
  target?: string;
}

function check(root: string, rules: string[]): { code: number | null; findings: Finding[] } {
  const result = runCli(['check', root, '--only', rules.join(','), '--format', 'json', '--no-cache']);
  expect(result.code, result.stderr).not.toBe(2);
  return { code: result.code, findings: (JSON.parse(result.stdout) as { findings: Finding[] }).findings };
}

const isDocs = (file: string) => file === 'README.md' || file.startsWith('docs/');
const show = (findings: Finding[]) => findings.map((f) => `${f.file}:${f.line} ${f.rule} ${f.message}`);

describe('warmbuild checks its own README.md and docs/ (the built CLI as a process)', () => {
  it('finds no broken link, missing anchor, case mismatch, broken reference or style problem in them', () => {
    const { findings } = check(repoRoot, [...LINK_RULES, 'broken-reference', ...STYLE_RULES]);
    expect(show(findings.filter((finding) => isDocs(finding.file)))).toEqual([]);
  });

  it('every VitePress include names a file that exists (warmbuild does not read <!--@include: -->)', () => {
    const includes: string[] = [];
    for (const name of fs.readdirSync(path.join(repoRoot, 'docs')).filter((file) => file.endsWith('.md'))) {
      const text = fs.readFileSync(path.join(repoRoot, 'docs', name), 'utf8');
      for (const match of text.matchAll(/<!--\s*@include:\s*(.*?)\s*-->/g)) {
        includes.push(match[1]!);
        expect(
          fs.existsSync(path.join(repoRoot, 'docs', match[1]!.replace(/[#{].*$/, ''))),
          `docs/${name} includes ${match[1]}`,
        ).toBe(true);
      }
    }
    expect(includes).toContain('../README.md');
  });

  it('action.md shows each workflow file of docs/action/ verbatim, so the copy a reader takes from the page is the file', () => {
    const page = fs.readFileSync(path.join(repoRoot, 'docs/action.md'), 'utf8');
    const blocks = [...page.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((match) => match[1]);
    const files = fs.readdirSync(path.join(repoRoot, 'docs/action')).filter((name) => name.endsWith('.yml'));
    expect(files.sort()).toEqual(['warmbuild-comment.yml', 'warmbuild.yml']);
    for (const name of files) {
      expect(blocks, `docs/action/${name} in action.md`).toContain(
        fs.readFileSync(path.join(repoRoot, 'docs/action', name), 'utf8'),
      );
      expect(page).toContain(`](action/${name})`);
    }
  });

  it('on a copy of the same pages, a renamed heading and a mis-cased link are found where they break', () => {
    const root = tempDir('wb-dogfood-');
    const copy = (rel: string) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.copyFileSync(path.join(repoRoot, rel), path.join(root, rel));
    };
    for (const rel of ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', 'LICENSE', '.markdownlint.json']) copy(rel);
    for (const name of fs.readdirSync(path.join(repoRoot, 'docs'), { recursive: true }) as string[]) {
      const rel = path.join('docs', name);
      if (/(^|\/)(node_modules|\.vitepress)(\/|$)/.test(rel) || fs.statSync(path.join(repoRoot, rel)).isDirectory())
        continue;
      copy(rel);
    }
    expect(show(check(root, LINK_RULES).findings)).toEqual([]);

    const caches = path.join(root, 'docs/caches.md');
    fs.writeFileSync(
      caches,
      fs.readFileSync(caches, 'utf8').replace('## Cache directory ownership', '## Who owns the cache directory'),
    );
    const readme = path.join(root, 'README.md');
    fs.writeFileSync(readme, fs.readFileSync(readme, 'utf8').replace('(docs/rules.md)', '(docs/Rules.md)'));
    const broken = check(root, LINK_RULES);
    expect(broken.code).toBe(1);
    expect(broken.findings.map((f) => `${f.file} ${f.rule} ${f.target}`).sort()).toEqual([
      'README.md link-case-mismatch docs/Rules.md',
      'docs/cli.md missing-anchor caches.md#cache-directory-ownership',
    ]);
  });
});
