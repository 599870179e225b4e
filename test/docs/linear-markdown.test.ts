import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepo, DOC_RULES_ARG } from './helpers.js';

/**
 * Guards against cost that grows with the square of a markdown file's size: each case is a
 * 2 MB file of one bad shape, checked by the CLI as a process. Before the fixes each of these
 * ran for many minutes (a quarter of the size already took over 20 s); the wall limit is far
 * above what a linear run needs even on a loaded machine, so it catches only the blow-up.
 * How the time grows per doubling is measured in `pnpm bench docs`, not here.
 */
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/core/dist/cli/bin.js');
const SIZE = 2 * 1024 * 1024;
const WALL_LIMIT = 90_000;

interface JsonFinding {
  rule: string;
  file: string;
  line: number;
  column: number;
  message: string;
}

/** `unit` repeated to SIZE characters. */
const fill = (unit: string) => unit.repeat(Math.ceil(SIZE / unit.length));

/** Numbered blocks up to SIZE characters. */
function blocks(make: (i: number) => string): { text: string; count: number } {
  const parts: string[] = [];
  let length = 0;
  let count = 0;
  while (length < SIZE) {
    const part = make(count++);
    parts.push(part);
    length += part.length;
  }
  return { text: parts.join(''), count };
}

describe('every markdown path is linear in the size of the file', () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  function check(
    files: Record<string, string>,
    format: 'json' | 'text' = 'json',
  ): { findings: JsonFinding[]; stdout: string } {
    const repo = createRepo({ '.markdownlint.json': '{}\n', ...files });
    cleanup = repo.cleanup;
    const result = spawnSync(
      process.execPath,
      [bin, 'check', repo.root, '--no-cache', '--format', format, '--only', DOC_RULES_ARG],
      {
        encoding: 'utf8',
        timeout: WALL_LIMIT,
        maxBuffer: 1 << 30,
      },
    );
    expect(result.error, `warmbuild check did not finish within ${WALL_LIMIT / 1000} s`).toBeUndefined();
    expect(result.status, result.stderr).toBeLessThan(2);
    return {
      findings: format === 'json' ? (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings : [],
      stdout: result.stdout,
    };
  }

  it('places constructs on one 2 MB line of inline code spans (one column search per line, not per span)', () => {
    const line = `${fill('`code` ')}[x](missing.md)`;
    const { findings } = check({ 'spans.md': `# Spans\n\n${line}\n` });
    const link = findings.find((finding) => finding.rule === 'broken-link');
    expect(link).toMatchObject({ file: 'spans.md', line: 3, column: line.indexOf('[x]') + 1 });
  });

  it('checks the tabs on one 2 MB line of code spans holding tabs, with code excluded from MD010 (spans indexed by line, not searched per tab)', () => {
    const line = `${fill('`co\tde` ')}end\there`;
    const { findings } = check({
      '.markdownlint.json': '{ "MD010": { "code_blocks": false } }\n',
      'tabs.md': `# Tabs\n\n${line}\n`,
    });
    expect(findings.filter((finding) => finding.rule === 'no-hard-tabs')).toEqual([
      expect.objectContaining({ file: 'tabs.md', line: 3, column: line.lastIndexOf('\t') + 1 }),
    ]);
  });

  it('checks 2 MB of headings and links to missing anchors, in JSON and with code frames in text', () => {
    const { text, count } = blocks(
      (i) => `## Heading ${i}\n\nSee [here](#heading-${i}) and [there](#nowhere-${i}).\n\n`,
    );
    const { findings } = check({ 'headings.md': `# Headings\n\n${text}` });
    const missing = findings.filter((finding) => finding.rule === 'missing-anchor');
    expect(missing).toHaveLength(count);
    // Suggestions stop when their budget is spent; the findings themselves are all there.
    expect(missing.at(-1)?.message).toBe(
      `link "#nowhere-${count - 1}": no heading or anchor "#nowhere-${count - 1}" in this file`,
    );
    const { stdout } = check({ 'headings.md': `# Headings\n\n${text}` }, 'text');
    // One frame per finding up to the frame limit, each from the file's line index.
    expect(stdout).toContain(`> 5 | See [here](#heading-0) and [there](#nowhere-0).`);
    expect(stdout).toContain(`${count} findings: ${count} error`);
  });

  it('finds no front matter in 2 MB of lines that could each open one', () => {
    const { findings } = check({ 'braces.md': `{\n${fill('{\n')}` });
    expect(findings.filter((finding) => finding.rule !== 'heading-increment')).toEqual([]);
  });

  it('locates every comment reference in a 2 MB HTML block', () => {
    const { text, count } = blocks((i) => `<!-- REF: missing-${i}.md -->\n`);
    const { findings } = check({ 'comments.md': `<div>\n${text}</div>\n` });
    const references = findings.filter((finding) => finding.rule === 'broken-reference');
    expect(references).toHaveLength(count);
    expect(references.at(-1)).toMatchObject({ line: count + 1, column: 1 });
  });

  it('reads a 2 MB line of inline configuration comments that share one end', () => {
    const { findings } = check({
      'config.md': `# Config\n\n${fill('<!-- markdownlint-capture ')}-->\n\nTrailing   \n`,
    });
    expect(findings.map((finding) => `${finding.line} ${finding.rule}`)).toContain('5 no-trailing-spaces');
  });

  it('reads a 2 MB line of disable comments that share one end (rule names gathered once per stretch)', () => {
    const { findings } = check({
      'disable.md': `# Disable\n\nTrailing   \n\n${fill('<!-- markdownlint-disable ')}MD009 -->\n\nTrailing   \n`,
    });
    const trailing = findings.filter((finding) => finding.rule === 'no-trailing-spaces').map((finding) => finding.line);
    expect(trailing).toEqual([3]);
  });

  it('checks 2 MB of HTML blocks with anchors and links to missing ones', () => {
    const { text, count } = blocks((i) => `<div id="a${i}">\n\n[x](#a${i}) [y](#b${i})\n\n</div>\n\n`);
    const { findings } = check({ 'html.md': text });
    expect(findings.filter((finding) => finding.rule === 'missing-anchor')).toHaveLength(count);
  });
});
