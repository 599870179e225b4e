import fs from 'node:fs';
import { escapeControlCharactersInSource } from '../internal/escape-control.js';
import { fromRepoRelative } from '../internal/paths.js';

/** Display width of a line in a frame; longer lines are cut with an ellipsis. */
const MAX_WIDTH = 160;

/**
 * A file's text with the offsets of its line starts, computed once: a file with many findings
 * gets many frames, and each frame needs only its few lines, not the whole file split again.
 */
export interface FrameText {
  readonly text: string;
  /** Offset just past each '\n' (0 first); a final newline does not start a line worth showing. */
  readonly starts: readonly number[];
}

export function indexLines(text: string): FrameText {
  const starts = [0];
  for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', newline + 1))
    starts.push(newline + 1);
  if (starts.length > 1 && starts[starts.length - 1] === text.length) starts.pop();
  return { text, starts };
}

/** 1-based line `line`, without its '\n' or '\r\n' (a lone '\r' is not a line ending here). */
export function lineAt(source: FrameText, line: number): string {
  const start = source.starts[line - 1];
  const next = source.starts[line];
  if (next === undefined) {
    // The last line: up to a final newline, if there is one.
    const end = source.text.endsWith('\n') ? source.text.length - 1 : source.text.length;
    return source.text.slice(start, source.text[end - 1] === '\r' && end < source.text.length ? end - 1 : end);
  }
  const end = source.text[next - 2] === '\r' ? next - 2 : next - 1;
  return source.text.slice(start, end);
}

function display(text: string): string {
  if (text.length > MAX_WIDTH) return `${text.slice(0, MAX_WIDTH).replace(/\t/g, '  ').slice(0, MAX_WIDTH)}…`;
  const expanded = text.replace(/\t/g, '  ');
  return expanded.length > MAX_WIDTH ? `${expanded.slice(0, MAX_WIDTH)}…` : expanded;
}

/** Lines around a 1-based position with a caret under the column, like Babel's and Vite's frames. */
export function codeFrame(
  source: string | FrameText,
  line: number,
  column: number,
  options: { context?: number; color?: boolean } = {},
): string {
  const indexed = typeof source === 'string' ? indexLines(source) : source;
  const lineCount = indexed.starts.length;
  if (line < 1 || line > lineCount) return '';
  const context = options.context ?? 1;
  const first = Math.max(1, line - context);
  const last = Math.min(lineCount, line + context);
  const width = String(last).length;
  const paint = (code: number, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const out: string[] = [];
  for (let at = first; at <= last; at++) {
    const raw = lineAt(indexed, at);
    const marker = at === line ? paint(31, '>') : ' ';
    out.push(`${marker} ${String(at).padStart(width)} | ${display(raw)}`);
    if (at === line && column > 0) {
      // A tab shows as two columns; past the display width only the width matters.
      const before = Math.min(column - 1, raw.length);
      const indent =
        before > MAX_WIDTH ? MAX_WIDTH : Math.min(raw.slice(0, before).replace(/\t/g, '  ').length, MAX_WIDTH);
      out.push(`  ${' '.repeat(width)} | ${' '.repeat(indent)}${paint(31, '^')}`);
    }
  }
  return out.join('\n');
}

/**
 * Reads and indexes each file once for all its findings; a file that cannot be read gets no frame.
 * Frames are printed to a terminal: the source's control characters are escaped (line breaks and
 * tabs kept), as the repository's text must be printed, never acted on.
 */
export function createFrameSource(root: string): (file: string) => FrameText | undefined {
  const memo = new Map<string, FrameText | undefined>();
  return (file) => {
    if (!memo.has(file)) {
      let text: FrameText | undefined;
      try {
        const absolute = fromRepoRelative(root, file);
        text =
          fs.statSync(absolute).size <= 4 * 1024 * 1024
            ? indexLines(escapeControlCharactersInSource(fs.readFileSync(absolute, 'utf8')))
            : undefined;
      } catch {
        // Deleted or unreadable since the run: the finding still prints, without a frame.
        text = undefined;
      }
      memo.set(file, text);
    }
    return memo.get(file);
  };
}
