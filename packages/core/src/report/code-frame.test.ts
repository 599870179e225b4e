import { describe, expect, it } from 'vitest';
import { codeFrame } from './code-frame.js';

describe('codeFrame', () => {
  it('shows the line with a caret under the column and one line around it', () => {
    expect(codeFrame("import a from './a';\nimport b from './b';\nexport {};\n", 2, 15)).toBe(
      ["  1 | import a from './a';", "> 2 | import b from './b';", '    |               ^', '  3 | export {};'].join('\n'),
    );
  });

  it('gives nothing for a line outside the file', () => {
    expect(codeFrame('one\n', 5, 1)).toBe('');
  });
});
