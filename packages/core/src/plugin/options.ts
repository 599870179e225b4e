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
   * Change the severity of a rule's findings for the build, or drop them with `'off'`.
   * @default {}
   */
  severity?: Record<string, Severity | 'off'>;
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
    throw new TypeError(`warmbuild: failOn must be one of ${FAIL_ON_VALUES.map((v) => `'${v}'`).join(', ')}, got ${JSON.stringify(options.failOn)}`);
  }
  for (const [rule, level] of Object.entries(options.severity ?? {})) {
    if (!['error', 'warning', 'info', 'off'].includes(level)) {
      throw new TypeError(`warmbuild: severity.${rule} must be 'error', 'warning', 'info' or 'off', got ${JSON.stringify(level)}`);
    }
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
