import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepo, keys, runDocs } from './helpers.js';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/core/dist/cli/bin.js');
const LINK_RULES = ['broken-link', 'missing-anchor', 'link-case-mismatch', 'broken-reference'];

/** Bad input the issue lists, seen from the link checks and through the CLI process. */
describe('bad input in links and linked files', () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  it('every way out of the repository root is a broken-link, existing or not', async () => {
    const outer = createRepo({
      'secret.md': '# Secret\n',
      'repo/docs/a.md': [
        '# A',
        '',
        '[up](../../secret.md)',
        '[absolute up](/../secret.md)',
        '[encoded](..%2F..%2Fsecret.md)',
        '[deep](../../../../../../../../etc/passwd)',
        '[dot segments](./../.././../secret.md#secret)',
        '[angle](<../../secret.md>)',
        '[query](../../secret.md?x=1)',
        '[blob](https://github.com/acme/repo/blob/main/../secret.md)',
        '[reference][up]',
        '![image](../../secret.png)',
        '',
        '[up]: ../../secret.md',
        '',
      ].join('\n'),
      'repo/package.json': JSON.stringify({ name: 'x', repository: 'github:acme/repo' }),
    });
    cleanup = outer.cleanup;
    const { findings } = await runDocs(path.join(outer.root, 'repo'), { only: LINK_RULES });
    expect(findings.map((finding) => finding.line).sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 12, 14]);
    expect(new Set(findings.map((finding) => finding.rule))).toEqual(new Set(['broken-link']));
    for (const finding of findings) {
      expect(finding.message).toContain('points outside the repository root');
      expect(String(finding.resolved)).toMatch(/^\.\.\//);
    }
  });

  it('NUL bytes, huge and malformed destinations, and invalid UTF-8 headings are findings, not crashes', async () => {
    const badHeading = Buffer.concat([Buffer.from('# Caf'), Buffer.from([0xe9]), Buffer.from(' ok\n\n## Fine\n')]);
    const repo = createRepo({
      'a.md': [
        '# A',
        '',
        '[nul](a%00b.md)',
        `[long](${'x'.repeat(100_000)}.md)`,
        '[bad percent](%E0%A4%A.md)',
        '[query only](?plain=1)',
        '[fragment only](#a)',
        '[empty]()',
        '[empty angle](<>)',
        '[into invalid utf-8](latin1.md#fine)',
        '[invalid byte dropped](latin1.md#caf-ok)',
        '[U+FFFD heading](latin1.md#caf\uFFFD-ok)',
        '[crlf](crlf.md#second)',
        '[bom](bom.md#title)',
        '',
      ].join('\n'),
      'latin1.md': badHeading,
      'crlf.md': '# First\r\n\r\n## Second\r\n\r\n[bad](gone.md)\r\n',
      'bom.md': '\uFEFF# Title\n',
    });
    cleanup = repo.cleanup;
    const { findings } = await runDocs(repo.root, { only: [...LINK_RULES, 'doc-skipped'] });
    expect(keys(findings)).toEqual(
      [
        'a.md:3 broken-link a%00b.md',
        `a.md:4 broken-link ${'x'.repeat(100_000)}.md`,
        'a.md:5 broken-link %E0%A4%A.md',
        // The slug drops U+FFFD like any symbol: `#caf-ok` finds the heading, a literal U+FFFD does not.
        'a.md:12 missing-anchor latin1.md#caf\uFFFD-ok',
        'crlf.md:5 broken-link gone.md',
        'latin1.md:1 doc-skipped',
      ].sort(),
    );
  });

  it('nesting: 199 block quotes are checked, the 200th level is reported as not checked', async () => {
    const repo = createRepo({
      'ok.md': `# Ok\n\n${'> '.repeat(199)}[x](gone.md)\n`,
      'deep.md': `# Deep\n\n${'> '.repeat(200)}[x](gone.md)\n`,
    });
    cleanup = repo.cleanup;
    const { findings } = await runDocs(repo.root, { only: [...LINK_RULES, 'doc-skipped'] });
    expect(keys(findings)).toEqual(['deep.md:3 doc-skipped', 'ok.md:3 broken-link gone.md']);
  });

  it('a link into a 50 MB file that was skipped is neither broken nor checked for anchors', async () => {
    const repo = createRepo({ 'a.md': '# A\n\n[big](huge.md#anything)\n[big missing](huge2.md#x)\n' });
    cleanup = repo.cleanup;
    const fd = fs.openSync(path.join(repo.root, 'huge.md'), 'w');
    const chunk = Buffer.from('# Heading\n\nsome words on a line\n'.repeat(32_768));
    for (let written = 0; written < 50 * 1024 * 1024; written += chunk.length) fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    const { findings } = await runDocs(repo.root, { only: [...LINK_RULES, 'doc-skipped'] });
    expect(keys(findings)).toEqual(['a.md:4 broken-link huge2.md#x', 'huge.md:0 doc-skipped']);
  });

  it('the CLI process reports invalid UTF-8, a binary .md file, too deep nesting and a 1 MB line as findings, not a crash', () => {
    const repo = createRepo({
      'bad.md': Buffer.from('# Title\n\nBad \xff bytes\n', 'latin1'),
      'binary.md': Buffer.from([0x23, 0x20, 0x41, 0x00, 0x01, 0x02, 0x0a]),
      'quotes.md': `# Quotes\n\n${'> '.repeat(150)}[x](gone.md)\n\n${'> '.repeat(5_000)}[x](gone.md)\n`,
      'lists.md': `# Lists\n\n${Array.from({ length: 3_000 }, (_, depth) => `${'  '.repeat(depth)}- [y](gone.md)`).join('\n')}\n`,
      'long.md': `# Long\n\n${'word '.repeat(200_000)}[z](gone.md)\n`,
    });
    cleanup = repo.cleanup;
    const result = spawnSync(
      process.execPath,
      [bin, 'check', repo.root, '--format', 'json', '--only', [...LINK_RULES, 'doc-skipped', 'line-length'].join(',')],
      { encoding: 'utf8' },
    );
    expect(result.stderr).not.toMatch(/RangeError|Maximum call stack|TypeError/);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as {
      findings: { file: string; line: number; rule: string; message: string }[];
    };
    const byFile = (file: string) =>
      report.findings.filter((finding) => finding.file === file).map((finding) => finding.rule);
    expect(byFile('bad.md')).toEqual(['doc-skipped']);
    expect(report.findings.find((finding) => finding.file === 'binary.md')?.message).toContain('binary');
    // markdown-it parses 200 levels of containers (markdownlint's micromark has no limit): what is
    // deeper is reported as not checked instead of being silently dropped.
    const where = (file: string) =>
      report.findings
        .filter((finding) => finding.file === file && finding.rule !== 'line-length')
        .map((finding) => `${finding.line} ${finding.rule}`);
    expect(where('quotes.md')).toEqual(['3 broken-link', '5 doc-skipped']);
    expect(
      report.findings.find((finding) => finding.file === 'quotes.md' && finding.rule === 'doc-skipped')?.message,
    ).toMatch(/nested more than 200 levels/);
    const lists = where('lists.md');
    expect(lists.filter((key) => key.endsWith('doc-skipped'))).toEqual(['102 doc-skipped']);
    expect(lists.filter((key) => key.endsWith('broken-link'))).toEqual(
      Array.from({ length: 99 }, (_, index) => `${index + 3} broken-link`),
    );
    expect(byFile('long.md').sort()).toEqual(['broken-link', 'line-length']);
  });
});
