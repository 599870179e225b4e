import { describe, expect, it } from 'vitest';
import type { Finding } from '../types.js';
import { formatJson } from './format-json.js';
import { sortFindings } from './findings.js';
import { formatText, formatTextReport } from './format-text.js';
import { itemsHaveErrors, materializeFindings, renderJsonReport, sortItems } from './report-items.js';
import { encodeBlock, FindingBlock, PRINTED_SEPARATOR, type StoredFinding } from './stored-findings.js';

function wholeBlock(file: string, findings: Finding[]): FindingBlock {
  const { meta, head, printed } = encodeBlock(
    findings,
    findings.map((_, i) => i % 2),
  );
  return new FindingBlock(file, meta, head, printed);
}

function block(file: string, findings: Finding[]): StoredFinding[] {
  return wholeBlock(file, findings).findings();
}

const finding = (file: string, line: number, rule: string, extra: Record<string, unknown> = {}): Finding => ({
  rule,
  severity: rule === 'broken-link' ? 'error' : 'warning',
  file,
  line,
  column: 1 + (line % 3),
  message: `${rule} on line ${line}: "quoted", \\ and \u2028 and 🚀`,
  ...extra,
});

const stats = { durationMs: 1.5, nested: { list: [1, 2], empty: {} } };
const reference = (findings: Finding[]) => `${JSON.stringify({ findings, stats }, null, 2)}\n`;

describe('stored findings', () => {
  const plainA = [
    finding('a.md', 3, 'line-length', { aliases: ['MD013'] }),
    finding('a.md', 1, 'broken-link', { target: 'x.md', resolved: 'x.md' }),
    finding('a.md', 2, 'no-hard-tabs', { aliases: ['MD010'] }),
  ];
  const plainB = [
    finding('b.md', 5, 'line-length', { aliases: ['MD013'] }),
    finding('b.md', 5, 'line-length', { aliases: ['MD013'], endLine: 7 }),
  ];

  it('keep every field, sorted, and read back as the plain objects', () => {
    const stored = block('a.md', plainA);
    expect(stored.map((f) => [f.line, f.rule, f.severity, f.message])).toEqual(
      sortFindings([...plainA]).map((f) => [f.line, f.rule, f.severity, f.message]),
    );
    expect(materializeFindings(stored)).toEqual(sortFindings([...plainA]));
  });

  it('print the same bytes as JSON.stringify of the report, whole blocks or not', () => {
    const a = block('a.md', plainA);
    const b = block('b.md', plainB);
    const plain = sortFindings([...plainA, ...plainB]);
    const cases: Finding[][] = [
      [],
      [...a, ...b],
      // A plain finding of another check between two stored ones of the same file.
      sortFindings([...a, finding('a.md', 2, 'merge-conflict-marker'), ...b]),
      // A block with a finding filtered out (a rule turned off).
      [...a.filter((f) => f.rule !== 'no-hard-tabs'), ...b],
      // Only the second finding of a block.
      [a[1]],
    ];
    for (const findings of cases) expect(formatJson(findings, stats)).toBe(reference(materializeFindings(findings)));
    expect(formatJson([...a, ...b], stats)).toBe(reference(plain));
    // A whole, unchanged block is written as its stored bytes, not printed again.
    expect(renderJsonReport([...a, ...b], stats).filter((chunk) => chunk instanceof Uint8Array)).toHaveLength(2);
  });

  it('print a changed severity, not the stored one', () => {
    const a = block('a.md', plainA);
    a[2].severity = 'error';
    const json = JSON.parse(formatJson(a, stats)) as { findings: Finding[] };
    expect(json.findings.map((f) => f.severity)).toEqual(['error', 'warning', 'error']);
    expect(formatJson(a, stats)).toBe(reference(materializeFindings(a)));
  });

  it('hand whole blocks to the reports: same bytes as the plain findings, sorted with plain ones by file', () => {
    const c = [
      finding('c.md', 4, 'line-length', { aliases: ['MD013'] }),
      finding('c.md', 9, 'no-hard-tabs', { aliases: ['MD010'] }),
    ];
    const others = [
      finding('b.md', 1, 'merge-conflict-marker'),
      finding('a.md', 2, 'merge-conflict-marker'),
      finding('d.ts', 1, 'unresolved-import'),
    ];
    const blocks = [wholeBlock('c.md', c), wholeBlock('a.md', plainA), wholeBlock('e.md', [])];
    // a.md shares its file with a plain finding: handed on as its findings, sorted with it.
    const items = sortItems([...others], blocks);
    expect(items.filter((item) => item instanceof FindingBlock).map((item) => (item as FindingBlock).file)).toEqual([
      'c.md',
      'e.md',
    ]);
    const plain = sortFindings([...plainA, ...c, ...others]);
    expect(materializeFindings(items)).toEqual(plain);
    expect(formatJson(items as Finding[], stats)).toBe(reference(plain));
    expect(formatTextReport(items)).toBe(formatText(plain));
    expect(itemsHaveErrors(items)).toBe(true);
    expect(itemsHaveErrors([wholeBlock('c.md', c)])).toBe(false);
    expect(formatJson(sortItems([], [wholeBlock('e.md', [])]) as Finding[], stats)).toBe(reference([]));
  });

  it('write blocks kept one after the other in memory as one range of those bytes', () => {
    const encoded = [encodeBlock(plainA, [0, 0, 0]), encodeBlock(plainB, [0, 0])];
    const store = Buffer.concat([
      Buffer.from('x'),
      encoded[0].printed,
      Buffer.from(PRINTED_SEPARATOR),
      encoded[1].printed,
    ]);
    const a = new FindingBlock(
      'a.md',
      encoded[0].meta,
      encoded[0].head,
      store.subarray(1, 1 + encoded[0].printed.length),
    );
    const b = new FindingBlock(
      'b.md',
      encoded[1].meta,
      encoded[1].head,
      store.subarray(1 + encoded[0].printed.length + 2),
    );
    const chunks = renderJsonReport([a, b], stats);
    const ranges = chunks.filter((chunk) => chunk instanceof Uint8Array);
    expect(ranges).toHaveLength(1);
    expect(ranges[0].buffer).toBe(store.buffer);
    expect(Buffer.from(ranges[0]).equals(store.subarray(1))).toBe(true);
    expect(formatJson([a, b] as unknown as Finding[], stats)).toBe(reference(sortFindings([...plainA, ...plainB])));
    // Another finding between them: two ranges and the finding printed between.
    const between = finding('a.mdx', 1, 'merge-conflict-marker');
    expect(formatJson([a, between, b] as unknown as Finding[], stats)).toBe(
      reference(sortFindings([...plainA, between, ...plainB])),
    );
  });

  it('rewrite a severity a rule setting changes in a whole block, or decline when the order could change', () => {
    const withNested = [
      ...plainA,
      finding('a.md', 4, 'no-hard-tabs', {
        aliases: ['MD010'],
        nested: { severity: 'warning', list: [{ severity: 'warning' }] },
      }),
    ];
    const block = wholeBlock('a.md', withNested);
    const tabs = block.meta.kinds.map((kind) => (kind[0] === 'no-hard-tabs' ? ('error' as const) : undefined));
    const changed = block.withSeverities(tabs)!;
    const expected = sortFindings(
      withNested.map((f) => (f.rule === 'no-hard-tabs' ? { ...f, severity: 'error' as const } : f)),
    );
    expect(formatJson([changed] as unknown as Finding[], stats)).toBe(reference(expected));
    expect(formatTextReport([changed])).toBe(formatText(expected));
    expect(materializeFindings([changed])).toEqual(expected);
    expect(block.holds('error')).toBe(true);
    expect(
      wholeBlock('c.md', [finding('c.md', 1, 'line-length')])
        .withSeverities(['error'])!
        .holds('error'),
    ).toBe(true);
    // One rule stored with two severities: changing it could reorder the findings.
    const mixed = wholeBlock('m.md', [
      finding('m.md', 1, 'line-length'),
      { ...finding('m.md', 1, 'line-length'), severity: 'info' },
    ]);
    expect(mixed.withSeverities(mixed.meta.kinds.map(() => 'error' as const))).toBeUndefined();
  });
});
