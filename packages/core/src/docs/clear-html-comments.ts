/**
 * markdownlint's clearHtmlCommentText (helpers.cjs), which its line rules (MD009, MD010, MD013)
 * see instead of the raw text: the content of every HTML comment CommonMark would accept
 * becomes `.` (spaces and line endings kept, a run of spaces before a line ending too), so
 * trailing spaces and tabs inside comments are not findings and a comment reads as one word.
 * Textual, as markdownlint's is: a comment inside a code block is cleared too. Lengths and line
 * numbers do not change. `text` has `\n` line endings.
 *
 * markdownlint rebuilds the whole string per comment; this writes each piece once (a 2 MB block
 * of comments stays linear). Its searches only look forward of what it already cleared, so they
 * run on the original text; the one look back, whether the comment's line starts with `|`, asks
 * whether that `|` sat inside an earlier cleared comment.
 */
export function clearHtmlComments(text: string): string {
  const pieces: string[] = [];
  /** Content ranges [start, end) already cleared, in order. */
  const clearedStarts: number[] = [];
  const clearedEnds: number[] = [];
  let written = 0;
  let tableLine = -1;
  let tablePipe = -1;
  let i = 0;
  while ((i = text.indexOf('<!--', i)) !== -1) {
    const j = text.indexOf('-->', i + 2);
    // An unterminated comment is text.
    if (j === -1) break;
    if (j > i + 4) {
      const content = text.slice(i + 4, j);
      const lineStart = text.lastIndexOf('\n', i) + 1;
      const isBlock = text.slice(lineStart, i).trim().length === 0;
      let isValid = isBlock;
      if (!isValid) {
        if (tableLine !== lineStart) {
          // Position of the `|` after the line's leading spaces, if there is one before the comment.
          tableLine = lineStart;
          let p = lineStart;
          while (p < i && text.charCodeAt(p) === 0x20) p++;
          tablePipe = p < i && text.charCodeAt(p) === 0x7c ? p : -1;
        }
        const couldBeTable = tablePipe !== -1 && !insideCleared(clearedStarts, clearedEnds, tablePipe);
        const spansTableCells = couldBeTable && content.includes('\n');
        isValid = !(
          spansTableCells ||
          content.startsWith('>') ||
          content.startsWith('->') ||
          content.endsWith('-') ||
          content.includes('--')
        );
      }
      if (isValid) {
        pieces.push(
          text.slice(written, i + 4),
          content.replace(/[^ \r\n]/g, '.').replace(/(?<=^|[^ ]) +[\r\n]/g, (run) => run.replace(/[^\r\n]/g, '.')),
        );
        written = j;
        clearedStarts.push(i + 4);
        clearedEnds.push(j);
      }
    }
    i = j + 3;
  }
  if (written === 0) return text;
  pieces.push(text.slice(written));
  return pieces.join('');
}

function insideCleared(starts: readonly number[], ends: readonly number[], position: number): boolean {
  // The last range starting at or before `position`.
  let low = 0;
  let high = starts.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (starts[middle] <= position) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found !== -1 && position < ends[found];
}
