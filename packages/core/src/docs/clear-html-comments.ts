/**
 * markdownlint's clearHtmlCommentText (helpers.cjs), which its line rules (MD009, MD010, MD013)
 * see instead of the raw text: the content of every HTML comment CommonMark would accept
 * becomes `.` (spaces and line endings kept, a run of spaces before a line ending too), so
 * trailing spaces and tabs inside comments are not findings and a comment reads as one word.
 * Textual, as markdownlint's is: a comment inside a code block is cleared too. Lengths and line
 * numbers do not change. `text` has `\n` line endings.
 */
export function clearHtmlComments(text: string): string {
  let i = 0;
  while ((i = text.indexOf('<!--', i)) !== -1) {
    const j = text.indexOf('-->', i + 2);
    // An unterminated comment is text.
    if (j === -1) break;
    if (j > i + 4) {
      const content = text.slice(i + 4, j);
      const preText = text.slice(text.lastIndexOf('\n', i) + 1, i);
      const isBlock = preText.trim().length === 0;
      const spansTableCells = /^ *\|/.test(preText) && content.includes('\n');
      const isValid =
        isBlock || !(spansTableCells || content.startsWith('>') || content.startsWith('->') || content.endsWith('-') || content.includes('--'));
      if (isValid) {
        const cleared = content.replace(/[^ \r\n]/g, '.').replace(/(?<=^|[^ ]) +[\r\n]/g, (run) => run.replace(/[^\r\n]/g, '.'));
        text = text.slice(0, i + 4) + cleared + text.slice(j);
      }
    }
    i = j + 3;
  }
  return text;
}
