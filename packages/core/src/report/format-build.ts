import { escapeControlCharacters } from '../internal/escape-control.js';
import type { Finding } from '../types.js';
import { formatLocation } from './findings.js';

/**
 * Findings grouped by rule, one `file:line:column  message` line each, under a headline:
 * what the bundler prints once per build (a warning block or the error that fails the build).
 */
export function formatBuildFindings(findings: readonly Finding[], headline: string): string {
  const byRule = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = byRule.get(finding.rule) ?? [];
    group.push(finding);
    byRule.set(finding.rule, group);
  }
  const lines = [headline];
  for (const [rule, group] of [...byRule].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    lines.push(`  ${rule} (${group.length})`);
    // Names and messages are the repository's text: the terminal prints them, never acts on them.
    for (const finding of group) {
      lines.push(
        `    ${escapeControlCharacters(formatLocation(finding.file, finding.line, finding.column))}  ${escapeControlCharacters(finding.message)}`,
      );
    }
  }
  return lines.join('\n');
}

export function countLabel(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
