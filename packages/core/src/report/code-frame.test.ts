import { describe, expect, it } from 'vitest';
import { codeFrame, indexLines } from './code-frame.js';

describe('codeFrame', () => {
  it('shows the line with a caret under the column and one line around it', () => {
    expect(codeFrame("import a from './a';\nimport b from './b';\nexport {};\n", 2, 15)).toBe(
      ["  1 | import a from './a';", "> 2 | import b from './b';", '    |               ^', '  3 | export {};'].join(
        '\n',
      ),
    );
  });

  it('gives nothing for a line outside the file', () => {
    expect(codeFrame('one\n', 5, 1)).toBe('');
  });
});

describe('codeFrame from a line index', () => {
  /** The frame as it was built before the line index: the whole text split on every call. */
  function splitFrame(source: string, line: number, column: number): string {
    const lines = source.split(/\r?\n/);
    if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
    if (line < 1 || line > lines.length) return '';
    const first = Math.max(1, line - 1);
    const last = Math.min(lines.length, line + 1);
    const width = String(last).length;
    const out: string[] = [];
    for (let at = first; at <= last; at++) {
      const text = lines[at - 1].replace(/\t/g, '  ');
      out.push(
        `${at === line ? '>' : ' '} ${String(at).padStart(width)} | ${text.length > 160 ? `${text.slice(0, 160)}…` : text}`,
      );
      if (at === line && column > 0) {
        const prefix = lines[at - 1].slice(0, column - 1).replace(/\t/g, '  ');
        out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.min(prefix.length, 160))}^`);
      }
    }
    return out.join('\n');
  }

  it('gives the same frames as splitting the text, for CRLF, lone CR, tabs, long lines and final newlines', () => {
    const pieces = ['a', '\t', 'word ', '\r\n', '\n', '\r', 'x'.repeat(170), '\t'.repeat(90), ''];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 300; round++) {
      let text = '';
      const parts = Math.floor(random() * 12);
      for (let i = 0; i < parts; i++) text += pieces[Math.floor(random() * pieces.length)];
      const indexed = indexLines(text);
      for (let line = 0; line <= indexed.starts.length + 1; line++) {
        for (const column of [0, 1, 2, 5, 150, 200]) {
          expect(codeFrame(indexed, line, column), JSON.stringify({ text, line, column })).toBe(
            splitFrame(text, line, column),
          );
        }
      }
    }
  });
});
