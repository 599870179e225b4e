import type { Finding } from '../types.js';
import { renderJsonReport } from './report-items.js';

/** The JSON contract: `{ findings: [...], stats: {...} }`, paths repo-relative. */
export interface JsonReport {
  findings: Finding[];
  stats: Record<string, unknown>;
}

/** The report's text: `JSON.stringify(report, null, 2)`, with stored findings as they were stored. */
export function formatJson(findings: Finding[], stats: Record<string, unknown>): string {
  return Buffer.concat(
    renderJsonReport(findings, stats).map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk)),
  ).toString('utf8');
}
