import fs from 'node:fs';
import { fromRepoRelative } from '../internal/paths.js';

/** Lines around a 1-based position with a caret under the column, like Babel's and Vite's frames. */
export function codeFrame(source: string, line: number, column: number, options: { context?: number; color?: boolean } = {}): string {
  const lines = source.split(/\r?\n/);
  // A final newline does not start a line worth showing.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  if (line < 1 || line > lines.length) return '';
  const context = options.context ?? 1;
  const first = Math.max(1, line - context);
  const last = Math.min(lines.length, line + context);
  const width = String(last).length;
  const paint = (code: number, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const out: string[] = [];
  for (let at = first; at <= last; at++) {
    const text = lines[at - 1].replace(/\t/g, '  ');
    const marker = at === line ? paint(31, '>') : ' ';
    out.push(`${marker} ${String(at).padStart(width)} | ${text.length > 160 ? `${text.slice(0, 160)}…` : text}`);
    if (at === line && column > 0) {
      const prefix = lines[at - 1].slice(0, column - 1).replace(/\t/g, '  ');
      out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.min(prefix.length, 160))}${paint(31, '^')}`);
    }
  }
  return out.join('\n');
}

/** Reads each file once for all its findings; a file that cannot be read gets no frame. */
export function createFrameSource(root: string): (file: string) => string | undefined {
  const memo = new Map<string, string | undefined>();
  return (file) => {
    if (!memo.has(file)) {
      let text: string | undefined;
      try {
        const absolute = fromRepoRelative(root, file);
        text = fs.statSync(absolute).size <= 4 * 1024 * 1024 ? fs.readFileSync(absolute, 'utf8') : undefined;
      } catch {
        // Deleted or unreadable since the run: the finding still prints, without a frame.
        text = undefined;
      }
      memo.set(file, text);
    }
    return memo.get(file);
  };
}
