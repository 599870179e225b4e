import type { Finding, Severity } from '../types.js';
import { codeFrame, createFrameSource, escapeFrameText, type FrameText } from './code-frame.js';
import { formatLocation } from './findings.js';
import type { ReportItem } from './report-items.js';
import { FindingBlock } from './stored-findings.js';
import { escapeControlCharacters } from '../internal/escape-control.js';

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
  return formatTextReport(findings, options);
}

/** formatText for a run's report items: a stored block's findings are read from its sort keys and messages. */
export function formatTextReport(items: readonly ReportItem[], options: TextFormatOptions = {}): string {
  return Buffer.concat(renderTextReport(items, options)).toString('utf8');
}

/** A chunk of text report is turned into bytes at about this many lines. */
const CHUNK_LINES = 1024;

/**
 * The text report as chunks of bytes, to be written in order. Lines are turned into bytes a
 * chunk at a time instead of being kept until the end: tens of thousands of line strings kept
 * alive outlast the young generation, and copying them there cost more than printing them.
 */
export function renderTextReport(items: readonly ReportItem[], options: TextFormatOptions = {}): Buffer[] {
  const paint = (code: number, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const raw = options.root ? createFrameSource(options.root) : undefined;
  // Names, messages (which quote specifiers) and source lines are the repository's text: a
  // terminal must print them, never act on them.
  const escaped = new Map<string, FrameText | undefined>();
  const source = raw
    ? (file: string) => {
        if (!escaped.has(file)) {
          const content = raw(file);
          escaped.set(file, content && escapeFrameText(content));
        }
        return escaped.get(file);
      }
    : undefined;
  let frames = options.maxFrames ?? 100;
  const fileName = memoized(escapeControlCharacters);
  const ruleLabel = memoized((rule) => paint(2, `[${escapeControlCharacters(rule)}]`));
  const severityLabel: Record<string, string> = {
    error: paint(31, 'error'),
    warning: paint(33, 'warning'),
    info: 'info',
  };
  const counts = { error: 0, warning: 0, info: 0 };
  let total = 0;
  const chunks: Buffer[] = [];
  // Lines of the chunk being built, joined once (a string grown line by line is a tree of
  // pieces that must be flattened again before it can be encoded).
  let pending: string[] = [];
  const print = (file: string, line: number, column: number, severity: Severity, message: string, rule: string) => {
    if (severity in counts) counts[severity]++;
    const name = fileName(file);
    let text = `${formatLocation(name, line, column)}  ${severityLabel[severity] ?? 'info'}  ${escapeControlCharacters(message)}  ${ruleLabel(rule)}`;
    if (source && line > 0 && frames > 0) {
      const content = source(file);
      const frame = content === undefined ? '' : codeFrame(content, line, column, { color: options.color });
      if (frame) {
        frames--;
        text += `\n${frame}\n`;
      }
    }
    pending.push(text);
    total++;
    if (pending.length === CHUNK_LINES) {
      pending.push('');
      chunks.push(Buffer.from(pending.join('\n')));
      pending = [];
    }
  };
  for (const item of items) {
    if (item instanceof FindingBlock) {
      const kinds = item.meta.kinds;
      for (let i = 0; i < item.length; i++) {
        const [rule, severity] = kinds[item.kindAt(i)];
        print(item.file, item.lineAt(i), item.columnAt(i), severity, item.message(i), rule);
      }
    } else {
      print(item.file, item.line, item.column, item.severity, item.message, item.rule);
    }
  }
  pending.push(
    total === 0
      ? 'no findings'
      : `${total} finding${total === 1 ? '' : 's'}: ${counts.error} error, ${counts.warning} warning, ${counts.info} info`,
    '',
  );
  chunks.push(Buffer.from(pending.join('\n')));
  return chunks;
}
