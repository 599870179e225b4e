import type { Finding } from '@warmbuild/core';
import { COMMENT_MARKER } from './constants.js';
import type { Mode } from './benchmark.js';
import type { Comparison } from './sample-statistics.js';

export interface ComparedRow {
  command: string;
  mode: Mode;
  comparison: Comparison;
  /** Flattened build-report stats of the last measured run. */
  reportStats: Record<string, number> | undefined;
}

export interface CacheLine {
  matchedKey: string | undefined;
  /** Restored from an entry with the same lockfile and config (else a looser fallback). */
  hit: boolean;
  restoreMs: number;
  restoredBytes: number;
  restoreError: string | undefined;
  /** What the post step will do: the key it saves under, or why it will not save. */
  saveKey: string | undefined;
  saveSkipped: string | undefined;
}

export interface ReportInput {
  rows: ComparedRow[];
  /** A sentence when there is no comparison (missing or unparsable baseline); undefined when compared. */
  noComparison: string | undefined;
  baselineLabel: string | undefined;
  threshold: number;
  minDeltaMs: number;
  cache: CacheLine;
  findings: Finding[] | undefined;
  failure: { command: string; mode: Mode; exitCode: number | null } | undefined;
  /** Reference-workload times, when both runs calibrated: baseline samples were scaled by `scale`. */
  machine?: { baselineMs: number; currentMs: number; scale: number } | undefined;
}

export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`;
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${bytes} B`;
}

const VERDICTS = {
  regressed: '🔴 regressed',
  improved: '🟢 faster',
  unchanged: '⚪ unchanged',
  inconclusive: '⚪ too few runs to judge',
  'no-baseline': '– no comparison',
} as const;

function code(text: string): string {
  // Backticks in a command would end the code span; pipes would end the table cell.
  return `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

/** Long shell lines would swamp the table; the job log and report.json keep them whole. */
function shortCommand(command: string): string {
  return command.length > 60 ? `${command.slice(0, 57)}…` : command;
}

function tableRow(row: ComparedRow): string {
  const c = row.comparison;
  const base = c.baselineMedian === undefined ? '–' : `${formatMs(c.baselineMedian)} ± ${formatMs(c.baselineMad)}`;
  const current = `${formatMs(c.currentMedian)} ± ${formatMs(c.currentMad)}`;
  const delta = c.deltaPercent === undefined ? '–' : `${c.deltaPercent >= 0 ? '+' : ''}${c.deltaPercent.toFixed(1)}%`;
  const interval =
    c.interval && Number.isFinite(c.interval.low)
      ? `${c.interval.low.toFixed(2)}×–${c.interval.high.toFixed(2)}×`
      : '–';
  return `| ${code(shortCommand(row.command))} | ${row.mode} | ${base} | ${current} | ${delta} | ${interval} | ${VERDICTS[c.verdict]} |`;
}

function cacheSentence(cache: CacheLine): string {
  let restore: string;
  if (cache.restoreError) restore = `restore failed (${cache.restoreError}), built without restored caches`;
  else if (!cache.matchedKey) restore = 'miss, nothing restored';
  else
    restore = `${cache.hit ? 'hit' : 'fallback (different lockfile or config)'} ${code(cache.matchedKey)}, ${formatBytes(cache.restoredBytes)} in ${formatMs(cache.restoreMs)}`;
  const save = cache.saveKey
    ? `saved at the end of the job as ${code(cache.saveKey)}`
    : `not saved: ${cache.saveSkipped ?? 'unknown reason'}`;
  return `**Cache:** ${restore}; ${save}.`;
}

function findingsSentence(findings: Finding[] | undefined): string {
  if (findings === undefined)
    return '**Checks:** no build report (`node_modules/.cache/warmbuild/report.json`) was written, so no findings to show.';
  if (findings.length === 0) return '**Checks:** no findings.';
  const count = (severity: Finding['severity']) => findings.filter((finding) => finding.severity === severity).length;
  const byRule = new Map<string, number>();
  for (const finding of findings) byRule.set(finding.rule, (byRule.get(finding.rule) ?? 0) + 1);
  const rules = [...byRule]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([rule, n]) => `${code(rule)} ×${n}`);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const lines = [
    `**Checks:** ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('info'), 'note')} (${rules.join(', ')}).`,
  ];
  const shown = findings.filter((finding) => finding.severity !== 'info').slice(0, 10);
  if (shown.length > 0) {
    lines.push(
      '',
      ...shown.map(
        (f) =>
          `- ${f.severity} ${code(f.line > 0 ? `${f.file}:${f.line}:${f.column}` : f.file)} ${f.message} (${f.rule})`,
      ),
    );
    if (findings.length > shown.length) lines.push(`- … and ${findings.length - shown.length} more in the job log`);
  }
  return lines.join('\n');
}

function reportStatsSentence(rows: ComparedRow[]): string | undefined {
  const warm = rows.find((row) => row.mode === 'warm' && row.reportStats);
  if (!warm?.reportStats) return undefined;
  const interesting = Object.entries(warm.reportStats)
    .filter(([name]) => /hit|miss|memory|rss|total|duration/i.test(name))
    .slice(0, 8)
    .map(([name, value]) => `${name} ${Number.isInteger(value) ? value : value.toFixed(2)}`);
  return interesting.length > 0
    ? `**Build report (warm, last run of ${code(shortCommand(warm.command))}):** ${interesting.join(' · ')}`
    : undefined;
}

/** The markdown of the sticky comment and the job summary (the same text for both). */
export function renderReport(input: ReportInput): string {
  const out = [COMMENT_MARKER, '## warmbuild performance', ''];
  const regressed = input.rows.filter((row) => row.comparison.verdict === 'regressed');
  if (input.failure) {
    out.push(
      `❌ ${code(input.failure.command)} failed in a ${input.failure.mode} run (exit code ${input.failure.exitCode ?? 'none'}); see the job log for its output.`,
      '',
    );
  }
  if (input.rows.length > 0) {
    out.push(
      regressed.length > 0
        ? `**${regressed.length} regression${regressed.length > 1 ? 's' : ''}** beyond the threshold.`
        : 'No regression beyond the threshold.',
      '',
    );
    out.push(
      '| Command | Mode | Baseline (median ± MAD) | This run (median ± MAD) | Δ | 95% interval of ratio | Verdict |',
    );
    out.push('| --- | --- | --- | --- | --- | --- | --- |');
    for (const row of input.rows) out.push(tableRow(row));
    out.push('');
    out.push(
      input.noComparison
        ? `**No comparison:** ${input.noComparison}`
        : `Baseline: ${input.baselineLabel ?? 'previous run'}.`,
    );
    if (input.machine && !input.noComparison) {
      const m = input.machine;
      out.push(
        `Machine speed: the reference workload took ${formatMs(m.currentMs)} here and ${formatMs(m.baselineMs)} in the baseline's run, so baseline times are scaled ×${m.scale.toFixed(2)} before comparing.`,
      );
    }
    out.push(
      `A change is flagged only when the whole 95% bootstrap interval of the ratio of medians lies beyond ±${input.threshold}% and the medians differ by more than ${formatMs(input.minDeltaMs)}.`,
      '',
    );
  } else if (!input.failure) {
    out.push('No `command` input: caches were restored for the build steps that follow; nothing was benchmarked.', '');
  }
  out.push(cacheSentence(input.cache), '');
  const stats = reportStatsSentence(input.rows);
  if (stats) out.push(stats, '');
  out.push(findingsSentence(input.findings), '');
  return out.join('\n');
}
