import type { Finding, Severity } from '../types.js';

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Stable order: file, line, column, rule, severity, message. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

/** Sorted in place by compareFindings. Two runs over the same tree print the same bytes. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(compareFindings);
}

export interface FindingSummary {
  error: number;
  warning: number;
  info: number;
  byRule: Record<string, number>;
}

export function summarizeFindings(findings: readonly Finding[]): FindingSummary {
  const summary: FindingSummary = { error: 0, warning: 0, info: 0, byRule: {} };
  for (const finding of findings) {
    summary[finding.severity]++;
    summary.byRule[finding.rule] = (summary.byRule[finding.rule] ?? 0) + 1;
  }
  return summary;
}

/** `file:line:column`, or the file alone when the finding has no position (a column of 0 prints as 1). */
export function formatLocation(file: string, line: number, column: number): string {
  return line ? `${file}:${line}:${column || 1}` : file;
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((finding) => finding.severity === 'error');
}
