import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateMarkdown } from '../../../../test/docs/generate-markdown.js';
import { lintMarkdownFile, type LintFileOptions } from './lint-file.js';
import { joinList, listHasAny, splitList, splitSummary, encodeSummary, DOCS_STATE_VERSION } from './docs-state.js';

// Workers run compiled code: the pool is driven from dist (run `pnpm build` first).
const built = (await import('../../dist/docs/lint-files.js')) as typeof import('./lint-files.js');

const OPTIONS: LintFileOptions = {
  config: { MD013: { line_length: 60, stern: true }, MD009: { strict: true }, MD010: { code_blocks: false } },
  noInlineConfig: false,
};

describe('lintFiles', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.WARMBUILD_PARSE_WORKERS;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.WARMBUILD_PARSE_WORKERS;
    else process.env.WARMBUILD_PARSE_WORKERS = saved;
  });
  afterAll(() => built.closeLintPool());

  it('returns, through a worker thread, exactly what linting in this thread returns, in input order', async () => {
    const documents = Array.from({ length: 120 }, (_, seed) => Buffer.from(generateMarkdown(seed, 60)));
    // Inline configuration, a front matter block and invalid UTF-8 travel through the worker too.
    documents.push(Buffer.from('---\ntitle: x\n---\n<!-- markdownlint-disable MD013 -->\n# A\n\n' + 'word '.repeat(40) + '\n'));
    documents.push(Buffer.from([0x23, 0x20, 0x41, 0x0a, 0x0a, 0xff, 0xfe, 0x20, 0x20, 0x0a]));
    const expected = documents.map((content) => lintMarkdownFile(content, OPTIONS));
    expect(expected.some((result) => result.style.length > 0 && result.links.length > 0)).toBe(true);

    process.env.WARMBUILD_PARSE_WORKERS = 'always';
    expect(await built.lintFiles(documents, OPTIONS)).toEqual(expected);
    process.env.WARMBUILD_PARSE_WORKERS = 'never';
    expect(await built.lintFiles(documents, OPTIONS)).toEqual(expected);
  });
});

describe('docs state encoding', () => {
  it('joins lists without losing empty lists, and finds members without splitting', () => {
    expect(splitList(joinList([]))).toEqual([]);
    expect(splitList(joinList(['a b', 'docs/x.md', '']))).toEqual(['a b', 'docs/x.md', '']);
    const deps = joinList(['docs', 'docs/setup.md', 'README.md']);
    expect(listHasAny(deps, new Set(['docs/setup.md']))).toBe(true);
    expect(listHasAny(deps, new Set(['docs/setup']))).toBe(false);
    expect(listHasAny(deps, new Set(['setup.md']))).toBe(false);
    expect(listHasAny('', new Set(['']))).toBe(false);
  });

  it('reads the digest line without parsing the findings, and treats a damaged summary as absent', () => {
    const summary = { v: DOCS_STATE_VERSION, files: { 'a.md': [[], null] as [[], null] }, volatile: false };
    const stored = splitSummary(Buffer.from(encodeSummary('abc123', summary)));
    expect(stored?.digest).toBe('abc123');
    expect(stored?.parse()).toEqual(summary);
    expect(splitSummary(Buffer.from('abc123\n{"v":'))?.parse()).toBeUndefined();
    expect(splitSummary(Buffer.from('abc123\n{"v":1,"files":{}}'))?.parse()).toBeUndefined();
    expect(splitSummary(Buffer.from('no newline'))).toBeUndefined();
  });
});
