import fs from 'node:fs';
import path from 'node:path';
import type { CacheStats } from '../cache/cache-stats.js';
import { peakRssBytes } from '../cache/cache-stats.js';
import type { FileCounts } from '../context.js';
import { writeFileAtomicSync } from '../internal/atomic-write.js';
import { summarizeFindings, type FindingSummary } from '../report/findings.js';
import type { Finding } from '../types.js';
import { WARMBUILD_VERSION } from '../version.js';
import type { FailOn } from './options.js';

export const BUILD_REPORT_VERSION = 1;
/** Findings listed in full in the report; the summary always counts all of them. */
export const REPORT_MAX_FINDINGS = 200;

/** `report.json`, written at the end of every build (the Action reads it). */
export interface BuildReport {
  reportVersion: typeof BUILD_REPORT_VERSION;
  warmbuildVersion: string;
  /** `vite`, `webpack`, `rollup`, `rolldown`, `esbuild` or `rspack`. */
  bundler: string;
  bundlerVersion: string | undefined;
  /** `build` (one-off), `watch` (webpack/rollup watch, `vite build --watch`) or `dev` (the Vite dev server). */
  mode: 'build' | 'watch' | 'dev';
  startedAt: string;
  finishedAt: string;
  /** From build start to this report, milliseconds. */
  durationMs: number;
  checks: {
    enabled: boolean;
    /** Milliseconds per phase (`discover`, `load`, `total`) and per check id. */
    timings: Record<string, number>;
    files: FileCounts | undefined;
    /** How long the build waited for checks after bundling was done (0 when they finished first). */
    waitedMs: number;
    /** True when the checks ran in a worker thread (option `worker`). */
    worker: boolean;
    /**
     * The worker's start-up, on the first build of a process: milliseconds from spawning it (when the
     * plugin is created) until it had loaded the engine and the selected checks. It overlaps the
     * bundler's own start-up and is not part of `timings.total`. Absent for checks in the bundler's thread.
     */
    startupMs?: number;
  };
  /** Counts over every finding, and whether they failed the build. */
  summary: FindingSummary & {
    total: number;
    failOn: FailOn;
    /** True when findings failed (or, in dev and watch, would fail) the build. */
    failed: boolean;
  };
  /**
   * Up to 200 findings, errors first: an array of `Finding`, as in `warmbuild check --format json`
   * (the Action reads both the same way).
   */
  findings: Finding[];
  /** Statistics of the content-hash cache for this process. */
  cache: CacheStats;
  memory: { peakRssBytes: number };
  /** Present when `bundleGraph` is on and the bundler has a module graph. */
  bundleGraph?: { modules: number; edges: number; cycles: number };
  /** The message of a bundler error that ended the build, if any. */
  buildError?: string;
  /** Sections other features add (the transform cache adds `transformCache`). */
  [section: string]: unknown;
}

export interface BuildReportInput {
  bundler: string;
  bundlerVersion?: string;
  mode: BuildReport['mode'];
  startedAt: number;
  checksEnabled: boolean;
  timings: Record<string, number>;
  files: FileCounts | undefined;
  waitedMs: number;
  worker: boolean;
  startupMs?: number;
  findings: readonly Finding[];
  failOn: FailOn;
  failed: boolean;
  cache: CacheStats;
  bundleGraph?: BuildReport['bundleGraph'];
  buildError?: string;
  extra?: Record<string, unknown>;
}

export function createBuildReport(input: BuildReportInput): BuildReport {
  const now = Date.now();
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const items = [...input.findings].sort((a, b) => rank[a.severity] - rank[b.severity]).slice(0, REPORT_MAX_FINDINGS);
  return {
    ...input.extra,
    reportVersion: BUILD_REPORT_VERSION,
    warmbuildVersion: WARMBUILD_VERSION,
    bundler: input.bundler,
    bundlerVersion: input.bundlerVersion,
    mode: input.mode,
    startedAt: new Date(input.startedAt).toISOString(),
    finishedAt: new Date(now).toISOString(),
    durationMs: now - input.startedAt,
    checks: {
      enabled: input.checksEnabled,
      timings: input.timings,
      files: input.files,
      waitedMs: Math.round(input.waitedMs * 100) / 100,
      worker: input.worker,
      ...(input.startupMs === undefined ? {} : { startupMs: input.startupMs }),
    },
    summary: {
      ...summarizeFindings(input.findings),
      total: input.findings.length,
      failOn: input.failOn,
      failed: input.failed,
    },
    findings: items,
    cache: input.cache,
    memory: { peakRssBytes: Math.max(peakRssBytes(), input.cache.peakRssBytes) },
    ...(input.bundleGraph ? { bundleGraph: input.bundleGraph } : {}),
    ...(input.buildError ? { buildError: input.buildError } : {}),
  };
}

/**
 * Write the report atomically (temp file + rename), creating its directory. Throws on I/O errors.
 * Synchronous on purpose: the bundler is waiting on this hook anyway, and at the end of a webpack
 * build the four thread-pool round trips of an async write cost far more than writing a few
 * kilobytes directly.
 */
export async function writeBuildReport(file: string, report: BuildReport): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomicSync(file, `${JSON.stringify(report, null, 2)}\n`);
}
