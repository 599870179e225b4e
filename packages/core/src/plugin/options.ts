import type { Severity, WarmbuildOptions } from '../types.js';

/** Which findings fail a production build. */
export type FailOn = 'error' | 'warning' | 'never';

export const FAIL_ON_VALUES: readonly FailOn[] = ['error', 'warning', 'never'];

/** Options of the bundler plugins (`@warmbuild/vite-plugin`, `@warmbuild/webpack-plugin`, and the other variants). */
export interface WarmbuildPluginOptions extends WarmbuildOptions {
  /**
   * Run the configured checks during the build, in parallel with bundling.
   * @default true
   */
  check?: boolean;
  /**
   * Which findings fail `vite build` and webpack (non-watch) builds: `'error'` fails on errors,
   * `'warning'` on errors and warnings, `'never'` only reports.
   * In dev and watch modes the same level decides what shows in the Vite overlay and in webpack's errors.
   * @default 'error'
   */
  failOn?: FailOn;
  /**
   * Removed: use `rules` (the engine's option, the same values: `'error'`, `'warning'`, `'info'`
   * or `'off'` per rule), which also applies to the bundler-graph cycles of `bundleGraph`.
   * Passing `severity` throws a TypeError that says so.
   */
  severity?: never;
  /**
   * Feed the bundler's own module graph (Rollup/Vite/Rolldown `getModuleInfo`, webpack's
   * `compilation.moduleGraph`) into the cycle check for the modules in the bundle.
   * @default false
   */
  bundleGraph?: boolean;
  /**
   * Show failing findings in the Vite error overlay during `vite dev`.
   * @default true
   */
  overlay?: boolean;
  /**
   * Run the checks in a worker thread, on another core than the bundler. `'auto'` does so for
   * bundlers whose work is JavaScript on the main thread (webpack, Rollup, Vite 5-7 on Rollup); for
   * the native ones (Vite 8 / Rolldown, esbuild, Rspack) the main thread mostly waits on native threads, so the
   * checks run there and save the worker's start-up. Check options that hold functions cannot
   * cross into a worker: then they run in the bundler's thread.
   * @default 'auto'
   */
  worker?: boolean | 'auto';
  /**
   * Write the build report at the end of every build. A string is the report path (relative to the root).
   * @default true ('<cacheDir>/report.json')
   */
  report?: boolean | string;
}

/** Check the options a user can get wrong at the boundary, naming the option. */
export function validatePluginOptions(options: WarmbuildPluginOptions): void {
  if (options.failOn !== undefined && !FAIL_ON_VALUES.includes(options.failOn)) {
    throw new TypeError(
      `warmbuild: failOn must be one of ${FAIL_ON_VALUES.map((v) => `'${v}'`).join(', ')}, got ${JSON.stringify(options.failOn)}`,
    );
  }
  // One rule vocabulary for the CLI config and the plugins: `severity` was the plugins' copy of `rules`.
  const removed = (options as { severity?: unknown }).severity;
  if (removed !== undefined) {
    const merged =
      removed && typeof removed === 'object'
        ? { ...(removed as Record<string, unknown>), ...options.rules }
        : undefined;
    throw new TypeError(
      `warmbuild: the plugin option severity was removed; use rules: ${merged ? JSON.stringify(merged) : '{ ... }'} instead ` +
        "(the engine's per-rule setting, the same values: 'error', 'warning', 'info' or 'off')",
    );
  }
  if (options.worker !== undefined && typeof options.worker !== 'boolean' && options.worker !== 'auto') {
    throw new TypeError(`warmbuild: worker must be true, false or 'auto', got ${JSON.stringify(options.worker)}`);
  }
  if (options.report !== undefined && typeof options.report !== 'boolean' && typeof options.report !== 'string') {
    throw new TypeError(`warmbuild: report must be a boolean or a path, got ${typeof options.report}`);
  }
}

/** True when a finding of this severity fails the build under `failOn`. */
export function isFailing(severity: Severity, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  if (failOn === 'warning') return severity === 'error' || severity === 'warning';
  return severity === 'error';
}

/** Bundlers whose main thread is busy with JavaScript work: checks go to a worker under `worker: 'auto'`. */
const MAIN_THREAD_BUNDLERS = new Set(['webpack', 'rollup']);

export function usesWorker(worker: WarmbuildPluginOptions['worker'], bundler: string): boolean {
  if (worker === undefined || worker === 'auto') return MAIN_THREAD_BUNDLERS.has(bundler);
  return worker;
}
