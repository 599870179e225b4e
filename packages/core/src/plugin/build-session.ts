import path from 'node:path';
import {
  createCheckRunner,
  preloadEngine,
  spawnCheckWorker,
  type CheckRun,
  type CheckRunner,
  type CheckWorker,
} from '../checks/check-runner.js';
import { stderrLogger, type Logger } from '../internal/logger.js';
import { escapesRoot, toRepoRelative } from '../internal/paths.js';
import { escapeControlCharacters } from '../internal/escape-control.js';
import { codeFrame, createFrameSource, lineAt } from '../report/code-frame.js';
import type { Finding } from '../types.js';
import { createBuildReport, writeBuildReport, type BuildReport } from './build-report.js';
import { dropBundlerResolved, type SpecifierResolver } from './bundler-resolve.js';
import { findBundleCycles, type ModuleGraph } from '../graph/bundle-cycles.js';
import { countLabel, formatBuildFindings } from '../report/format-build.js';
import { locateImport } from '../graph/locate-import.js';
import { isFailing, usesWorker, validatePluginOptions, type FailOn, type WarmbuildPluginOptions } from './options.js';

export interface BuildSetup {
  /** Root detected from the bundler config; `options.root` wins. */
  root?: string;
  mode: BuildReport['mode'];
  bundlerVersion?: string;
  /** Hand back the checked files' paths, for a watcher that only sees the bundle's files. */
  watchCheckedFiles?: boolean;
  /** Absolute directories the bundler writes to: kept out of the checks. */
  outputDirs?: readonly string[];
}

/** What the adapter does at the end of a build. */
export interface BuildOutcome {
  findings: Finding[];
  /** Absolute paths of the checked files, with `watchCheckedFiles` (webpack watch mode). */
  checkedFiles?: string[];
  /** Findings at or above `failOn`: they fail a one-off build and fill the overlay / webpack errors. */
  failing: Finding[];
  /** Errors and warnings below `failOn`: printed once as a grouped warning. */
  warnings: Finding[];
  /** The text of the error that fails the build, when `failing` is not empty: every failing finding, for a terminal. */
  errorText: string | undefined;
  /** The same error as bundlers take one (Rollup/Vite `this.error`, the Vite overlay, webpack's WebpackError). */
  error: BuildError | undefined;
  /** The grouped warning block, when `warnings` is not empty. */
  warningText: string | undefined;
}

/**
 * The error that fails a build, shaped as Rollup and Vite report one (`this.error({ message, id,
 * loc, frame })`, see Vite's pluginContainer `_formatLog`): it points at the first failing finding
 * that has a position (else the first one); the message also counts the others, lists them, and
 * says where the report is.
 */
export interface BuildError {
  message: string;
  /** Absolute path of the finding's file. */
  id: string;
  /** Where in `id`; 1-based line and column, the numbers the message and the CLI print. */
  loc?: { file: string; line: number; column: number };
  /** The lines around `loc` with a caret (report/code-frame.ts), when the file can be read. */
  frame?: string;
  /** The source line at `loc` (esbuild draws its own frame from it), when the file can be read. */
  lineText?: string;
}

export interface BuildSession {
  readonly failOn: FailOn;
  readonly checksEnabled: boolean;
  /** The repository root, once a build began. */
  readonly root: string | undefined;
  /** True for a file the build or warmbuild writes (output dirs, a custom cache dir or report path). */
  isOwnOutput(file: string): boolean;
  /** Route warmbuild's own warnings into the bundler's logger. */
  setLogger(logger: Logger): void;
  /**
   * The engine under the bundler (`'rollup'` or `'rolldown'` for Vite), known once its config is
   * resolved: decides `worker: 'auto'`. Ignored once checks started or when `worker` is set.
   */
  setEngine(engine: string): void;
  /** A build (or rebuild) starts: checks begin in the background. `changed` are absolute paths seen by the watcher. */
  begin(setup: BuildSetup, changed?: readonly string[]): void;
  /** Re-check after file changes without a bundler build (the Vite dev server). */
  recheck(changed: readonly string[], details?: { resolve?: SpecifierResolver }): Promise<BuildOutcome>;
  /** The bundler's module graph, absolute ids; used by the cycle check when `bundleGraph` is on. */
  setBundleGraph(graph: ReadonlyMap<string, readonly string[]>): void;
  /** Wait for the checks, write the report, and say what to do. Once per build; later calls get the same answer. */
  finish(details?: { buildError?: unknown; resolve?: SpecifierResolver }): Promise<BuildOutcome>;
  /** The warning block if it differs from the one printed last (watch mode prints each set once). */
  takeNewWarningText(outcome: BuildOutcome): string | undefined;
  /** Add a section to every report (the transform cache adds its statistics). */
  addReportSection(name: string, section: () => unknown): void;
  close(): Promise<void>;
}

export interface BuildSessionHost {
  bundler: string;
}

function toModulePath(root: string, id: string): string | undefined {
  if (id.startsWith('\0') || id.includes('\0')) return undefined;
  const clean = id.replace(/[?#].*$/, '');
  if (!path.isAbsolute(clean)) return undefined;
  const rel = toRepoRelative(root, clean);
  if (escapesRoot(rel) || rel.split('/').includes('node_modules')) return undefined;
  return rel;
}

export function createBuildSession(options: WarmbuildPluginOptions, host: BuildSessionHost): BuildSession {
  validatePluginOptions(options);
  const failOn = options.failOn ?? 'error';
  const checksEnabled = options.check !== false;
  let target: Logger = stderrLogger;
  const logger: Logger = { warn: (message) => target.warn(message), info: (message) => target.info?.(message) };
  let runner: CheckRunner | undefined;
  let owned: string[] = [];
  let setup: BuildSetup = { mode: 'build' };
  let run: Promise<CheckRun | undefined> = Promise.resolve(undefined);
  let startedAt = Date.now();
  let graph: ModuleGraph | undefined;
  let finishing: Promise<BuildOutcome> | undefined;
  let closing: Promise<void> | undefined;
  let lastWarningText: string | undefined;
  const sections = new Map<string, () => unknown>();
  // Started now, while the bundler loads its config, so the build does not wait for it to boot.
  // Vite runs on Rollup (a busy JS main thread) or on Rolldown (native threads): under 'auto' the
  // choice waits for setEngine(), which Vite's configResolved calls, still before the build starts.
  const engineUnknown = host.bundler === 'vite' && (options.worker === undefined || options.worker === 'auto');
  let useWorker = checksEnabled && !engineUnknown && usesWorker(options.worker, host.bundler);
  let spare: CheckWorker | undefined = useWorker ? spawnCheckWorker({ only: options.only }) : undefined;
  // Checks in this thread: their modules load now too, overlapping the bundler's start-up like the worker's.
  let preload = checksEnabled && !spare && !engineUnknown ? preloadEngine(options.only) : undefined;
  let engineSet = !engineUnknown;

  function ensureRunner(): CheckRunner {
    if (runner) return runner;
    const root = path.resolve(options.root ?? setup.root ?? process.cwd());
    const exclude = [...(options.files?.exclude ?? [])];
    // What the build and warmbuild itself write is not checked (and must not re-trigger a watcher's re-check).
    const configuredCacheDir = options.cache === false ? undefined : options.cache?.cacheDir;
    owned = [
      ...(setup.outputDirs ?? []).map((dir) => path.resolve(root, dir)),
      ...(configuredCacheDir ? [path.resolve(root, configuredCacheDir)] : []),
      ...(typeof options.report === 'string' ? [path.resolve(root, options.report)] : []),
    ];
    for (const target of owned) {
      const rel = toRepoRelative(root, target);
      if (rel && !escapesRoot(rel)) exclude.push(rel, `${rel}/**`);
    }
    // Only plain data crosses into the worker: the plugin's own options stay here.
    const {
      failOn: _failOn,
      bundleGraph: _bundleGraph,
      overlay: _overlay,
      report: _report,
      check: _check,
      worker: _worker,
      ...engine
    } = options;
    runner = createCheckRunner(
      { ...engine, root, files: { ...options.files, exclude } },
      logger,
      useWorker ? (spare ?? spawnCheckWorker({ only: engine.only })) : undefined,
      preload,
    );
    spare = undefined;
    return runner;
  }

  function startChecks(changed: readonly string[] | undefined): void {
    const active = ensureRunner();
    const relative = changed?.map((file) => toRepoRelative(active.root, file));
    // One run at a time: the context compares each run with the one before (incremental re-checks).
    const previous = run;
    const withPaths = setup.watchCheckedFiles === true;
    run = previous.catch(() => undefined).then(() => active.run(relative, { checks: checksEnabled, withPaths }));
    // Handled in finish(); this keeps an abandoned run from being an unhandled rejection.
    run.catch(() => undefined);
  }

  function mergeBundleCycles(findings: Finding[]): { findings: Finding[]; summary?: BuildReport['bundleGraph'] } {
    if (!options.bundleGraph || !graph) return { findings };
    // `only` without the rule leaves cycles out, whichever graph they would come from.
    if (options.only?.length && !options.only.includes('circular-import')) return { findings };
    // The engine applies `rules` to its own findings; these cycles are the plugin's, so it applies them here.
    const setting = options.rules?.['circular-import'];
    if (setting === 'off') return { findings };
    const root = ensureRunner().root;
    // Same default severity as the parse-cache rule.
    const cycles = findBundleCycles(graph, setting ?? 'error', (from, to) => locateImport(root, from, to));
    // For modules in the bundle the bundler's graph is what ships: a parse-cache cycle whose members are
    // all in the bundle is replaced; one through files the bundle does not ship (tests, scripts) stays.
    const bundled = graph;
    const kept = findings.filter((finding) => {
      if (finding.rule !== 'circular-import' || finding.graph === 'bundler') return true;
      const members = [finding.modules, finding.members, finding.cycle].find(Array.isArray) as string[] | undefined;
      return !(members ?? [finding.file]).every((member) => bundled.has(member));
    });
    let edges = 0;
    for (const targets of graph.values()) edges += targets.length;
    return { findings: [...kept, ...cycles], summary: { modules: graph.size, edges, cycles: cycles.length } };
  }

  function decide(findings: Finding[], reportFile: string | undefined): BuildOutcome {
    const failing = findings.filter((finding) => isFailing(finding.severity, failOn));
    const warnings = findings.filter((finding) => finding.severity !== 'info' && !isFailing(finding.severity, failOn));
    const fix = `(fix them, or set failOn: '${failOn === 'error' ? 'never' : 'error'}' to report without failing)`;
    return {
      findings,
      failing,
      warnings,
      errorText: failing.length
        ? `${formatBuildFindings(failing, `warmbuild: ${countLabel(failing.length, 'finding')} at or above failOn '${failOn}':`)}\n${fix}`
        : undefined,
      error: failing.length ? toBuildError(failing, reportFile, fix) : undefined,
      warningText: warnings.length
        ? formatBuildFindings(warnings, `warmbuild: ${countLabel(warnings.length, 'warning')}`)
        : undefined,
    };
  }

  function toBuildError(failing: Finding[], reportFile: string | undefined, fix: string): BuildError {
    const root = ensureRunner().root;
    // A position gives the bundler something to point at (Vite's overlay links it, with a frame).
    const first = failing.find((finding) => finding.line > 0) ?? failing[0];
    const others = failing.filter((finding) => finding !== first);
    const id = path.join(root, ...first.file.split('/'));
    const at = first.line > 0 ? `${first.file}:${first.line}:${first.column || 1}` : first.file;
    const lines = [`${first.rule}: ${escapeControlCharacters(at)}  ${escapeControlCharacters(first.message)}`];
    const counted = `${countLabel(failing.length, 'finding')} at or above failOn '${failOn}'`;
    if (others.length)
      lines.push(formatBuildFindings(others, `${counted}; the ${countLabel(others.length, 'other')}:`));
    else lines.push(`(${counted})`);
    if (reportFile) {
      const rel = toRepoRelative(root, reportFile);
      lines.push(`report: ${escapesRoot(rel) ? reportFile : rel}`);
    }
    lines.push(fix);
    const error: BuildError = { message: lines.join('\n'), id };
    if (first.line > 0) {
      error.loc = { file: id, line: first.line, column: first.column || 1 };
      // The frame is printed by the bundler's terminal too: createFrameSource escapes the source's control characters.
      const text = createFrameSource(root)(first.file);
      const frame = text ? codeFrame(text, first.line, first.column || 1, { context: 2 }) : '';
      if (frame) error.frame = frame;
      if (text && text.starts[first.line - 1] !== undefined) {
        error.lineText = lineAt(text, first.line).replace(/\r$/, '');
      }
    }
    return error;
  }

  async function complete(buildError: unknown, resolve: SpecifierResolver | undefined): Promise<BuildOutcome> {
    const active = ensureRunner();
    const waitStart = performance.now();
    const checked = await run;
    const result = checked?.result;
    const waitedMs = performance.now() - waitStart;
    // What TypeScript could not resolve, the bundler may (aliases, virtual modules): it has the last word.
    const engineFindings =
      resolve && result ? await dropBundlerResolved(result.findings, active.root, resolve) : (result?.findings ?? []);
    const merged = mergeBundleCycles(engineFindings);
    // A failed run (usage error) threw above; here `checked` is only missing when nothing ran.
    const stats = options.report === false ? undefined : (checked ?? (await active.run(undefined, { checks: false })));
    const file =
      stats &&
      (typeof options.report === 'string'
        ? path.resolve(active.root, options.report)
        : path.join(stats.cacheDir, 'report.json'));
    const outcome = decide(merged.findings, file);
    if (checked?.paths) outcome.checkedFiles = checked.paths.map((file) => path.join(active.root, ...file.split('/')));
    if (stats && file) {
      const extra: Record<string, unknown> = {};
      for (const [name, section] of sections) extra[name] = section();
      const report = createBuildReport({
        bundler: host.bundler,
        bundlerVersion: setup.bundlerVersion,
        mode: setup.mode,
        startedAt,
        checksEnabled,
        timings: result?.timings ?? {},
        files: result?.files,
        waitedMs,
        worker: active.inWorker,
        startupMs: checked?.startupMs,
        findings: outcome.findings,
        failOn,
        failed: outcome.failing.length > 0,
        cache: stats.stats,
        bundleGraph: merged.summary,
        buildError: buildError === undefined ? undefined : String((buildError as Error)?.message ?? buildError),
        extra,
      });
      try {
        await writeBuildReport(file, report);
      } catch (error) {
        // An unwritable cache directory was already reported once by the cache itself; say it only once.
        if (stats.diskWritable) {
          logger.warn(
            `could not write the build report ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); the build goes on without it (fix: make the directory writable, or set report: false)`,
          );
        }
      }
    }
    return outcome;
  }

  return {
    failOn,
    checksEnabled,
    get root() {
      return runner?.root;
    },
    isOwnOutput(file) {
      return owned.some((target) => file === target || !path.relative(target, file).startsWith('..'));
    },
    setLogger(next) {
      target = next;
    },
    setEngine(engine) {
      if (engineSet || runner) return;
      engineSet = true;
      useWorker = checksEnabled && usesWorker('auto', engine);
      if (useWorker) spare = spawnCheckWorker({ only: options.only });
      else if (checksEnabled) preload = preloadEngine(options.only);
    },
    begin(nextSetup, changed) {
      setup = { ...setup, ...nextSetup };
      startedAt = Date.now();
      graph = undefined;
      finishing = undefined;
      startChecks(changed);
    },
    recheck(changed, details) {
      startedAt = Date.now();
      finishing = undefined;
      startChecks(changed);
      return this.finish(details);
    },
    setBundleGraph(absolute) {
      const { root } = ensureRunner();
      const relative = new Map<string, string[]>();
      for (const [id, targets] of absolute) {
        const from = toModulePath(root, id);
        if (!from) continue;
        const edges = relative.get(from) ?? [];
        for (const targetId of targets) {
          const to = toModulePath(root, targetId);
          if (to && !edges.includes(to)) edges.push(to);
        }
        relative.set(from, edges);
      }
      graph = relative;
    },
    finish(details = {}) {
      finishing ??= complete(details.buildError, details.resolve);
      return finishing;
    },
    takeNewWarningText(outcome) {
      if (outcome.warningText === lastWarningText) return undefined;
      lastWarningText = outcome.warningText;
      return outcome.warningText;
    },
    addReportSection(name, section) {
      sections.set(name, section);
    },
    close() {
      // webpack calls this from watchClose and again from shutdown: the second call waits for the first.
      closing ??= (async () => {
        await run.catch(() => undefined);
        const active = runner;
        // A later build (another `vite build` with the same plugin object) gets a fresh runner.
        runner = undefined;
        run = Promise.resolve(undefined);
        await spare?.terminate();
        spare = undefined;
        await active?.close();
      })().finally(() => {
        closing = undefined;
      });
      return closing;
    },
  };
}
