import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepo, keys, runDocs } from './helpers.js';

describe('bad input becomes findings, never a crash', () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  it('lints invalid UTF-8 as markdownlint reads it and says where the bad bytes are', async () => {
    const bytes = Buffer.concat([Buffer.from('# Title\n\nGood line.\nBad \xff\xfe bytes here   \n', 'latin1')]);
    const repo = createRepo({ 'bad.md': bytes });
    cleanup = repo.cleanup;
    const { findings } = await runDocs(repo.root);
    expect(keys(findings)).toEqual(['bad.md:4 doc-skipped', 'bad.md:4 no-trailing-spaces']);
    const encoding = findings.find((finding) => finding.rule === 'doc-skipped');
    expect(encoding?.message).toContain('invalid UTF-8');
    expect(encoding?.column).toBe(5);
  });

  it('skips a 50 MB markdown file with a finding that says why and how to check it', async () => {
    const repo = createRepo({ 'small.md': '# Small\n\n[big](huge.md)\n' });
    cleanup = repo.cleanup;
    const line = `${'word '.repeat(15)}\n`;
    const fd = fs.openSync(path.join(repo.root, 'huge.md'), 'w');
    const chunk = Buffer.from(line.repeat(Math.ceil((1024 * 1024) / line.length)));
    for (let written = 0; written < 50 * 1024 * 1024; written += chunk.length) fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    const { findings } = await runDocs(repo.root);
    expect(keys(findings)).toEqual(['huge.md:0 doc-skipped']);
    expect(findings[0].message).toMatch(
      /not checked: larger than maxFileSize \(\d+ > 10485760 bytes\).*files\.maxFileSize/,
    );
  });

  it('handles a 5 MB line, and a million short lines', async () => {
    const repo = createRepo({
      'long.md': `# Long\n\n${'a '.repeat(2_500_000)}\n`,
      'many.md': `# Many\n\n${'x\n'.repeat(1_000_000)}`,
    });
    cleanup = repo.cleanup;
    const { findings } = await runDocs(repo.root);
    expect(keys(findings)).toEqual(['long.md:3 line-length', 'long.md:3 no-trailing-spaces']);
    expect(findings.find((finding) => finding.rule === 'line-length')?.message).toBe(
      'Line length [Expected: 80; Actual: 5000000]',
    );
  });

  it('survives 10,000 nested block quotes and lists and 5,000 nested brackets', async () => {
    const quotes = `${'>'.repeat(10_000)} deep\n`;
    const lists = Array.from({ length: 10_000 }, (_, depth) => `${'  '.repeat(depth)}- item`).join('\n');
    const brackets = `${'['.repeat(5_000)}x${'](y.md)'.repeat(5_000)}\n`;
    const emphasis = `${'*a '.repeat(10_000)}\n`;
    const repo = createRepo({
      'quotes.md': `# Q\n\n${quotes}`,
      'lists.md': `# L\n\n${lists}\n`,
      'brackets.md': `# B\n\n${brackets}`,
      'emphasis.md': `# E\n\n${emphasis}`,
    });
    cleanup = repo.cleanup;
    const { findings } = await runDocs(repo.root, {
      only: ['heading-increment', 'ul-indent', 'broken-link', 'line-length'],
    });
    expect(findings.some((finding) => finding.file === 'quotes.md' && finding.rule === 'line-length')).toBe(true);
    expect(findings.some((finding) => finding.file === 'brackets.md')).toBe(true);
  });
});
