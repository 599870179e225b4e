import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateMarkdown } from '../../test-support/generate-markdown.js';
import { lintMarkdownFile, type LintFileOptions } from './lint-file.js';
import {
  decodeIndex,
  decodeRows,
  DOCS_STATE_VERSION,
  encodeIndex,
  encodeRows,
  encodeSummary,
  indexRowParts,
  rowFindings,
  splitSummary,
  summaryRow,
} from './docs-state.js';

// Workers run compiled code: the pool is driven from dist (run `pnpm build` first).
const built = (await import('../../dist/docs/lint-scheduler.js')) as typeof import('./lint-scheduler.js');

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
    documents.push(
      Buffer.from(`---\ntitle: x\n---\n<!-- markdownlint-disable MD013 -->\n# A\n\n${'word '.repeat(40)}\n`),
    );
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
  it('keeps every row, whatever its path holds, and reads the header lines back', () => {
    const rows = new Map([
      ['docs/a.md', '["x"]'],
      ['odd "name"\\with\ttab.md', '[1]'],
      ['ünïcode.md', 'h\t0\t[]'],
    ]);
    const decoded = decodeRows(encodeRows(['head', '{"v":1}'], rows), 2);
    expect(decoded?.header).toEqual(['head', '{"v":1}']);
    expect(decoded && [...decoded.rows]).toEqual([...rows]);
    expect(indexRowParts('abc\t1\t[[],[],[],null]')).toEqual({ hash: 'abc', flags: '1', json: '[[],[],[],null]' });
  });

  it('reads the digest line without parsing the rows, and treats a damaged summary as absent', () => {
    const finding = {
      rule: 'line-length',
      severity: 'warning' as const,
      file: 'a.md',
      line: 3,
      column: 81,
      message: 'Line length',
      aliases: ['MD013'],
    };
    const rows = new Map([
      ['a.md', summaryRow([finding], null)],
      ['b "c".md', summaryRow([], [])],
    ]);
    const bytes = encodeSummary('abc123', false, rows);
    const stored = splitSummary(bytes);
    expect(stored?.digest).toBe('abc123');
    const read = stored?.read();
    expect(read?.volatile).toBe(false);
    expect([...(read?.rows.keys() ?? [])]).toEqual(['a.md', 'b "c".md']);
    expect(read?.rows.get('b "c".md')?.crossResolved).toBe(true);
    expect(rowFindings('a.md', read!.rows.get('a.md')!).map((stored) => stored.materialize())).toEqual([finding]);
    // Written back unchanged, a row read from disk gives the same bytes.
    expect(encodeSummary('abc123', false, read!.rows).equals(bytes)).toBe(true);
    // A damaged or cut entry makes the whole summary absent (recomputed), never a crash.
    expect(splitSummary(bytes.subarray(0, bytes.length - 1))?.read()).toBeUndefined();
    expect(splitSummary(Buffer.concat([bytes, Buffer.from('x')]))?.read()).toBeUndefined();
    expect(
      splitSummary(Buffer.from(`abc123\n{"v":${DOCS_STATE_VERSION},"rows":1}\n[["a.md",0,{}]`))?.read(),
    ).toBeUndefined();
    expect(
      splitSummary(Buffer.from(`abc123\n{"v":${DOCS_STATE_VERSION},"rows":1}\n[["a.md",0,{},99,0]]\n[]`))?.read(),
    ).toBeUndefined();
    expect(
      splitSummary(
        Buffer.from(`abc123\n{"v":${DOCS_STATE_VERSION},"rows":2}\n[["a.md",0,{"kinds":[],"count":0},2,0]]\n[]`),
      )?.read(),
    ).toBeUndefined();
    // A meta that cannot describe its bytes (another layout under the same version: a writer bug).
    expect(
      splitSummary(
        Buffer.from(`abc123\n{"v":${DOCS_STATE_VERSION},"rows":1}\n[["a.md",0,{"kinds":[],"keys":[0,1,1]},2,0]]\n[]`),
      )?.read(),
    ).toBeUndefined();
    expect(
      splitSummary(
        Buffer.from(`abc123\n{"v":${DOCS_STATE_VERSION},"rows":1}\n[["a.md",0,{"kinds":[],"count":5},2,0]]\n[]`),
      )?.read(),
    ).toBeUndefined();
    expect(
      splitSummary(
        Buffer.from(`abc123\n{"v":${DOCS_STATE_VERSION},"rows":1}\n[["a.md",0,{"kinds":[],"count":0},2,0]]\n[]`),
      )?.read()?.rows.size,
    ).toBe(1);
    // Well-formed rows whose printed part is not a writer's (cut, or not a finding): its bytes are never printed.
    const good = splitSummary(bytes)!.read()!.rows.get('a.md')!;
    const head = Buffer.from(good.head);
    const summaryWith = (printed: string) =>
      Buffer.concat([
        Buffer.from(
          `abc123\n{"v":${DOCS_STATE_VERSION},"rows":1}\n${JSON.stringify([['a.md', 0, good.meta, head.length, Buffer.byteLength(printed)]])}\n`,
        ),
        head,
        Buffer.from(printed),
      ]);
    expect(
      splitSummary(summaryWith(Buffer.from(good.printed).toString()))
        ?.read()
        ?.rows.get('a.md')?.printed.length,
    ).toBe(good.printed.length);
    expect(splitSummary(summaryWith(Buffer.from(good.printed).toString().slice(0, -1)))?.read()).toBeUndefined();
    expect(splitSummary(summaryWith('not a finding at all'))?.read()).toBeUndefined();
    expect(splitSummary(summaryWith(''))?.read()).toBeUndefined();
    expect(splitSummary(Buffer.from('abc123\n{"v":'))?.read()).toBeUndefined();
    expect(splitSummary(Buffer.from('abc123\n{"v":1}'))?.read()).toBeUndefined();
    expect(
      splitSummary(Buffer.from(`abc123\n{"v":${DOCS_STATE_VERSION},"rows":1}\nno table here\n`))?.read(),
    ).toBeUndefined();
    expect(splitSummary(Buffer.from('no newline'))).toBeUndefined();
    expect(decodeIndex(Buffer.from(encodeIndex('run1', ['a.md', 'b.png'], new Map([['a.md', 'h\t-\t[]']]))))).toEqual({
      run: 'run1',
      paths: ['a.md', 'b.png'],
      rows: new Map([['a.md', 'h\t-\t[]']]),
    });
  });
});
