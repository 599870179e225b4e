import type { Finding } from '../types.js';
import { summarizeFindings } from './findings.js';

function location(finding: Finding): string {
  if (!finding.line) return finding.file;
  return `${finding.file}:${finding.line}:${finding.column || 1}`;
}

/** `file:line:col  severity  message  [rule]`, one per line, then a summary line. */
export function formatText(findings: readonly Finding[], options: { color?: boolean } = {}): string {
  const paint = (code: number, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines = findings.map((finding) => {
    const severity = finding.severity === 'error' ? paint(31, 'error') : finding.severity === 'warning' ? paint(33, 'warning') : 'info';
    return `${location(finding)}  ${severity}  ${finding.message}  ${paint(2, `[${finding.rule}]`)}`;
  });
  const summary = summarizeFindings(findings);
  lines.push(
    findings.length === 0
      ? 'no findings'
      : `${findings.length} finding${findings.length === 1 ? '' : 's'}: ${summary.error} error, ${summary.warning} warning, ${summary.info} info`,
  );
  return `${lines.join('\n')}\n`;
}
