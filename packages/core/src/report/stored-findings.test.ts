import { describe, expect, it } from 'vitest';
import type { Finding } from '../types.js';
import { formatJson } from './format-json.js';
import { sortFindings } from './findings.js';
import { encodeBlock, FindingBlock, materializeFindings, renderJsonReport, type StoredFinding, type BlockMeta } from './stored-findings.js';

function block(file: string, findings: Finding[]): StoredFinding[] {
  const { meta, payload } = encodeBlock(findings, findings.map((_, i) => i % 2));
  return new FindingBlock(file, JSON.parse(meta) as BlockMeta, Buffer.from(payload)).findings();
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
  const plainA = [finding('a.md', 3, 'line-length', { aliases: ['MD013'] }), finding('a.md', 1, 'broken-link', { target: 'x.md', resolved: 'x.md' }), finding('a.md', 2, 'no-hard-tabs', { aliases: ['MD010'] })];
  const plainB = [finding('b.md', 5, 'line-length', { aliases: ['MD013'] }), finding('b.md', 5, 'line-length', { aliases: ['MD013'], endLine: 7 })];

  it('keep every field, sorted, and read back as the plain objects', () => {
    const stored = block('a.md', plainA);
    expect(stored.map((f) => [f.line, f.rule, f.severity, f.message])).toEqual(sortFindings([...plainA]).map((f) => [f.line, f.rule, f.severity, f.message]));
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
});
