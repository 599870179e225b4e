import type { Finding } from '../types.js';
import { codeFrame, createFrameSource, indexLines, type FrameText } from './code-frame.js';
import { formatLocation, summarizeFindings } from './findings.js';
import { escapeControlCharacters, escapeControlCharactersInSource } from '../internal/escape-control.js';

/** Each distinct string escaped once: a repository's findings share a few files and rules. */
function memoized(escapeText: (text: string) => string): (text: string) => string {
  const known = new Map<string, string>();
  return (text) => {
    let out = known.get(text);
    if (out === undefined) {
      out = escapeText(text);
      known.set(text, out);
    }
    return out;
  };
}

export interface TextFormatOptions {
  color?: boolean;
  /** Repository root: when set, located findings get a code frame read from the file. */
  root?: string;
  /** At most this many findings get a frame (the rest print one line each). @default 100 */
  maxFrames?: number;
}

/** `file:line:col  severity  message  [rule]`, one per finding (with a code frame when located), then a summary line. */
export function formatText(findings: readonly Finding[], options: TextFormatOptions = {}): string {
  const paint = (code: number, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const raw = options.root ? createFrameSource(options.root) : undefined;
  // Names, messages (which quote specifiers) and source lines are the repository's text: a
  // terminal must print them, never act on them.
  const escaped = new Map<string, FrameText | undefined>();
  const source = raw
    ? (file: string) => {
        if (!escaped.has(file)) {
          const content = raw(file);
          const text = content === undefined ? undefined : escapeControlCharactersInSource(content.text);
          // Escaping keeps line breaks, so the line index changes only when a control was escaped.
          escaped.set(file, content === undefined || text === undefined ? undefined : text === content.text ? content : indexLines(text));
        }
        return escaped.get(file);
      }
    : undefined;
  let frames = options.maxFrames ?? 100;
  const fileName = memoized(escapeControlCharacters);
  const ruleLabel = memoized((rule) => paint(2, `[${escapeControlCharacters(rule)}]`));
  const lines = findings.map((finding) => {
    const severity = finding.severity === 'error' ? paint(31, 'error') : finding.severity === 'warning' ? paint(33, 'warning') : 'info';
    const file = fileName(finding.file);
    let text = `${formatLocation(file, finding.line, finding.column)}  ${severity}  ${escapeControlCharacters(finding.message)}  ${ruleLabel(finding.rule)}`;
    if (source && finding.line > 0 && frames > 0) {
      const content = source(finding.file);
      const frame = content === undefined ? '' : codeFrame(content, finding.line, finding.column, { color: options.color });
      if (frame) {
        frames--;
        text += `\n${frame}\n`;
      }
    }
    return text;
  });
  const summary = summarizeFindings(findings);
  lines.push(
    findings.length === 0
      ? 'no findings'
      : `${findings.length} finding${findings.length === 1 ? '' : 's'}: ${summary.error} error, ${summary.warning} warning, ${summary.info} info`,
  );
  return `${lines.join('\n')}\n`;
}
