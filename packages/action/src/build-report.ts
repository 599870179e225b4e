import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from '@warmbuild/core';
import { BUILD_REPORT_PATH } from './constants.js';

/**
 * What the action takes from `node_modules/.cache/warmbuild/report.json` (written by the
 * warmbuild plugins, or by `warmbuild check --format json`). The file is optional and owned
 * by another part of warmbuild, so it is read loosely: numeric fields become stats, a
 * `findings` array becomes findings, anything else is ignored.
 */
export interface BuildReport {
  /** Numeric leaves, flattened with dots: `cache.hits`, `timings.total`, `peakMemory`. */
  stats: Record<string, number>;
  findings: Finding[];
}

export function buildReportPath(root: string): string {
  return path.join(root, BUILD_REPORT_PATH);
}

/** The report, or undefined when absent or unparsable (a build without the plugin). */
export function readBuildReport(root: string): BuildReport | undefined {
  let raw: string;
  try {
    raw = fs.readFileSync(buildReportPath(root), 'utf8');
  } catch {
    return undefined; // no plugin in this build: wall times alone are still a benchmark
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const stats: Record<string, number> = {};
  flattenNumbers(parsed as Record<string, unknown>, '', stats, 0);
  const findings = Array.isArray((parsed as { findings?: unknown }).findings)
    ? ((parsed as { findings: unknown[] }).findings.filter(isFinding) as Finding[])
    : [];
  return { stats, findings };
}

function flattenNumbers(
  value: Record<string, unknown>,
  prefix: string,
  out: Record<string, number>,
  depth: number,
): void {
  for (const [key, child] of Object.entries(value)) {
    if (key === 'findings' || Object.keys(out).length >= 64) continue;
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof child === 'number' && Number.isFinite(child)) out[name] = child;
    else if (child && typeof child === 'object' && !Array.isArray(child) && depth < 2) {
      flattenNumbers(child as Record<string, unknown>, name, out, depth + 1);
    }
  }
}

function isFinding(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  const finding = value as Partial<Finding>;
  return (
    typeof finding.rule === 'string' &&
    typeof finding.file === 'string' &&
    typeof finding.message === 'string' &&
    (finding.severity === 'error' || finding.severity === 'warning' || finding.severity === 'info')
  );
}
