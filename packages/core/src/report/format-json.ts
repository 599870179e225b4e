import type { Finding } from '../types.js';

/** The JSON contract: `{ findings: [...], stats: {...} }`, paths repo-relative. */
export interface JsonReport {
  findings: Finding[];
  stats: Record<string, unknown>;
}

export function formatJson(findings: Finding[], stats: Record<string, unknown>): string {
  const report: JsonReport = { findings, stats };
  return `${JSON.stringify(report, null, 2)}\n`;
}
