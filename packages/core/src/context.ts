import path from 'node:path';
import fs from 'node:fs';
import { cacheDisabledByEnv, createContentCache, type ContentCache, type RemoteTier } from './cache/content-cache.js';
import { remoteTierFromOptions } from './cache/remote/remote-tier.js';
import { lineArchiveKey, runArchiveKey } from './cache/remote/archive.js';
import { fingerprintOptions, hashContent } from './cache/hash.js';
import { cacheDirExclusion } from './cache/cache-dir.js';
import type { CacheStats } from './cache/cache-stats.js';
import { discoverFiles } from './files/discover.js';
import { loadFiles, readLoadedFile, releaseContent, type LoadResult, type LoadedFile } from './files/loader.js';
import { ruleAliases } from './checks/registry.js';
import { ruleSettings, selectChecks } from './checks/selection.js';
import type { Check, CheckContext, RuleMeta } from './checks/types.js';
import {
  expandItems,
  materializeFindings,
  REPORT_FINDINGS,
  sortItems,
  type ReportItem,
} from './report/report-items.js';
import { FindingBlock } from './report/stored-findings.js';
import { WarmbuildError } from './errors.js';
import { createOnceLogger, stderrLogger, type Logger } from './internal/logger.js';
import type { Finding, RuleSetting, Severity, WarmbuildOptions } from './types.js';

export interface RunChecksOptions {
  /** Rule ids or aliases; overrides `options.only`. */
  only?: string[];
  failFast?: boolean;
  /** Progress of file loading. */
  onProgress?: (done: number, total: number) => void;
}

export interface FileCounts {
  total: number;
  read: number;
  statOnly: number;
  skipped: number;
  errors: number;
}

export interface CheckRunResult {
  findings: Finding[];
  /** @internal The findings as the CLI's formatters take them (see report/report-items.ts). */
  [REPORT_FINDINGS]?: ReportItem[];
  /** Milliseconds per phase and per check id. */
  timings: Record<string, number>;
  files: FileCounts;
  /** True when fail-fast stopped the run early. */
  stoppedEarly: boolean;
}

/** The one object a plugin or the CLI drives: options, caches, discovery, checks. */
export interface WarmbuildContext {
  readonly root: string;
  readonly options: WarmbuildOptions;
  readonly cache: ContentCache;
  readonly logger: Logger;
  discover(): Promise<string[]>;
  /** Stat, and where needed read and hash, the discovered files (those ending in `wanted`, if given). */
  load(onProgress?: (done: number, total: number) => void, wanted?: readonly string[]): Promise<LoadResult>;
  runChecks(options?: RunChecksOptions): Promise<CheckRunResult>;
  /**
   * Forget the discovered file list (watch mode, after files changed): the next run discovers
   * again, seeing added and deleted files. Nothing per file needs forgetting: every run re-takes
   * the files' stats and re-reads what changed.
   */
  invalidateFileList(): void;
  stats(): CacheStats;
  close(): Promise<void>;
}

export interface CreateContextExtras {
  logger?: Logger;
  remote?: RemoteTier;
}

function resolveRoot(root: string | undefined): string {
  const resolved = path.resolve(root ?? process.cwd());
  let stat: fs.Stats;
  try {
    stat = fs.statSync(resolved);
  } catch {
    throw new WarmbuildError('OPTION_INVALID', `root ${resolved} does not exist`, {
      hint: 'pass an existing directory as root',
    });
  }
  if (!stat.isDirectory()) {
    throw new WarmbuildError('OPTION_INVALID', `root ${resolved} is not a directory`, {
      hint: 'pass the repository directory as root',
    });
  }
  return resolved;
}

export function createContext(options: WarmbuildOptions = {}, extras: CreateContextExtras = {}): WarmbuildContext {
  const root = resolveRoot(options.root);
  const logger = createOnceLogger(extras.logger ?? stderrLogger);
  const cacheOptions = options.cache === false ? { enabled: false } : (options.cache ?? {});
  // The shared remote tier comes from options.remote / WARMBUILD_REMOTE_*, unless the caller brings its own.
  const cacheOn = cacheOptions.enabled !== false && !cacheDisabledByEnv();
  const builtRemote = extras.remote || !cacheOn ? undefined : remoteTierFromOptions(options.remote, { logger });
  const cache = createContentCache({
    root,
    cacheDir: cacheOptions.cacheDir,
    enabled: cacheOptions.enabled,
    maxMemorySize: cacheOptions.maxMemorySize,
    maxDiskSize: cacheOptions.maxDiskSize,
    maxAge: cacheOptions.maxAge,
    logger,
    remote: extras.remote ?? builtRemote,
  });
  builtRemote?.attachStats(cache.counters);
  const remote = extras.remote ?? builtRemote;
  const loadedChecks = new Map<string, Promise<Check>>();
  let fileList: Promise<string[]> | undefined;
  let previousHashes: Map<string, string | undefined> | undefined;
  let runStartRecorded = false;

  const discover = () => {
    const disk = cache.disk;
    const listings = disk
      ? {
          stateFile: path.join(disk.root, 'state', `dirs-${hashContent(root).slice(0, 16)}.json`),
          writable: disk.writable,
          onCorrupt: () => cache.counters.corrupt++,
        }
      : undefined;
    // A cache under node_modules (the default) is never walked anyway: no pattern to test every path against.
    const exclusion = cache.enabled ? cacheDirExclusion(root, cache.cacheDir) : undefined;
    const cacheExclude = exclusion?.startsWith('/node_modules/') ? undefined : exclusion;
    const files = cacheExclude
      ? { ...options.files, exclude: [...(options.files?.exclude ?? []), cacheExclude] }
      : options.files;
    fileList ??= discoverFiles(root, files, listings).then((result) => result.files);
    return fileList;
  };

  const load = async (onProgress?: (done: number, total: number) => void, wanted?: readonly string[]) => {
    const all = await discover();
    const paths = wanted ? all.filter((rel) => wanted.some((ending) => rel.endsWith(ending))) : all;
    return loadFiles(paths, { root, maxFileSize: options.files?.maxFileSize, cache, onProgress });
  };

  function loadCheck(id: string, loader: () => Promise<Check>): Promise<Check> {
    let pending = loadedChecks.get(id);
    if (!pending) {
      pending = loader();
      loadedChecks.set(id, pending);
    }
    return pending;
  }

  async function runChecks(run: RunChecksOptions = {}): Promise<CheckRunResult> {
    const started = performance.now();
    const timings: Record<string, number> = {};
    // Recorded beside the run, not before it: its few writes would otherwise queue ahead of the
    // checks behind a bundler's file reads (the thread pool is shared). Awaited before the flush.
    let recording: Promise<void> | undefined;
    if (!runStartRecorded && cache.disk) {
      runStartRecorded = true;
      recording = cache.disk.recordRunStart(Date.now());
    }
    const selection = selectChecks(run.only ?? options.only, ruleAliases());
    const failFast = run.failFast ?? options.failFast ?? false;
    const checks = await Promise.all(selection.entries.map((entry) => loadCheck(entry.id, entry.load)));
    timings.discover = 0;
    const discoverStart = performance.now();
    const discovered = await discover();
    timings.discover = performance.now() - discoverStart;
    const checkCaches = new Map(
      checks.map((check) => [
        check,
        cache.namespace(check.id, [
          ...(check.salt?.(options) ?? []),
          fingerprintOptions(options.checks?.[check.id] ?? null).fingerprint,
        ]),
      ]),
    );
    const settings = ruleSettings(options.rules);
    const ruleEnabled = (checkRules: Check['rules']) => {
      // Asked once per finding (thousands on a docs repository): answer each rule once.
      const known = new Map<string, boolean>();
      return (rule: string) => {
        let enabled = known.get(rule);
        if (enabled !== undefined) return enabled;
        const meta = ruleMeta(checkRules, rule);
        const setting = settingOf(settings, rule, meta?.aliases);
        if (selection.rules) enabled = selection.rules.has(rule) && setting !== 'off';
        else if (setting) enabled = setting !== 'off';
        else enabled = meta?.enabledByDefault !== false;
        known.set(rule, enabled);
        return enabled;
      };
    };
    const ruleRequested = (checkRules: Check['rules']) => (rule: string) => {
      const setting = settingOf(settings, rule, ruleMeta(checkRules, rule)?.aliases);
      if (setting === 'off') return false;
      return setting !== undefined || !!selection.rules?.has(rule);
    };
    // One per check for the whole run (prepare and run share its answers).
    const enabledIn = new Map(checks.map((check) => [check, ruleEnabled(check.rules)]));
    for (const check of checks)
      check.prepare?.({
        root,
        paths: discovered,
        cache: checkCaches.get(check)!,
        options,
        isRuleEnabled: enabledIn.get(check)!,
      });
    const loadStart = performance.now();
    // Load only what the selected checks look at, when every one of them says what that is.
    const wanted = selection.entries.every((entry) => entry.files)
      ? selection.entries.flatMap((entry) => entry.files!)
      : undefined;
    const loaded = await load(run.onProgress, wanted);
    timings.load = performance.now() - loadStart;
    // A partial load must not drop the index rows of files it did not look at.
    cache.fileState?.setComplete(wanted === undefined);
    // Lets the remote tier fetch everything this file set needs in one request (a run archive).
    if (remote?.startRun && cache.enabled)
      remote.startRun(runArchiveKey(loaded.files, selection.rules), lineArchiveKey(root, selection.rules));

    const changed = changedSince(previousHashes, loaded.files);
    previousHashes = new Map(loaded.files.map((file) => [file.path, file.hash]));

    const abort = new AbortController();
    const findings: Finding[] = [];
    // Stored findings handed on whole (a docs run with nothing changed): no object per finding.
    const blocks: FindingBlock[] = [];
    await Promise.all(
      checks.map(async (check) => {
        const checkStart = performance.now();
        const checkOptions = options.checks?.[check.id];
        const context: CheckContext = {
          root,
          files: loaded.files,
          changed,
          cache: checkCaches.get(check)!,
          options,
          checkOptions,
          logger,
          isRuleEnabled: enabledIn.get(check)!,
          isRuleRequested: ruleRequested(check.rules),
          signal: abort.signal,
          read: (file: LoadedFile) => readLoadedFile(root, file),
        };
        const found = await check.run(context);
        const selected: Finding[] = [];
        for (const item of found) {
          if (!(item instanceof FindingBlock)) {
            if (context.isRuleEnabled(item.rule)) selected.push(item);
            continue;
          }
          const pass = blockPass(item, context.isRuleEnabled, settings);
          if (pass instanceof FindingBlock) blocks.push(pass);
          else if (pass === 'some')
            for (const finding of item.findings()) if (context.isRuleEnabled(finding.rule)) selected.push(finding);
        }
        for (const finding of settings.size > 0 ? selected : []) {
          const setting = settingOf(settings, finding.rule, finding.aliases);
          if (setting && setting !== 'off') finding.severity = setting;
        }
        // A loop, not push(...selected): a docs check can return 70,000 findings, too many to spread.
        for (const finding of selected) findings.push(finding);
        if (
          failFast &&
          (selected.some((finding) => finding.severity === 'error') || blocks.some((block) => block.holds('error')))
        )
          abort.abort();
        timings[check.id] = performance.now() - checkStart;
      }),
    );
    releaseContent(loaded.files);
    await recording;
    await cache.flush();
    timings.total = performance.now() - started;
    for (const key of Object.keys(timings)) timings[key] = Math.round(timings[key] * 100) / 100;
    let report: ReportItem[];
    if (failFast) {
      // Rare and small: the first error is looked for finding by finding.
      let sorted = sortItems([...findings, ...expandItems(blocks)], []) as Finding[];
      const firstError = sorted.find((finding) => finding.severity === 'error');
      if (firstError) sorted = [firstError];
      report = sorted;
    } else {
      report = sortItems(findings, blocks);
    }
    let plain: Finding[] | undefined;
    return {
      // Stored findings (docs) become plain objects only for a caller that reads them: the
      // CLI's reports take them as they are (REPORT_FINDINGS).
      get findings() {
        return (plain ??= materializeFindings(report));
      },
      set findings(value) {
        plain = value;
      },
      [REPORT_FINDINGS]: report,
      timings,
      stoppedEarly: abort.signal.aborted,
      files: {
        total: loaded.files.length,
        read: loaded.read,
        statOnly: loaded.statOnly,
        skipped: loaded.files.filter((file) => file.status === 'skipped').length,
        errors: loaded.files.filter((file) => file.status === 'error').length,
      },
    };
  }

  return {
    root,
    options,
    cache,
    logger,
    discover,
    load,
    runChecks,
    invalidateFileList() {
      fileList = undefined;
    },
    stats: () => cache.stats(),
    async close() {
      await Promise.all([...loadedChecks.values()].map(async (pending) => (await pending).dispose?.()));
      await cache.close();
    },
  };
}

/** A check's description of a rule, found by its id or one of its aliases. */
function ruleMeta(checkRules: readonly RuleMeta[], rule: string): RuleMeta | undefined {
  return checkRules.find((candidate) => candidate.id === rule || candidate.aliases?.includes(rule));
}

/** A rule's setting, by its id or (case-insensitively) one of its aliases. */
function settingOf(
  settings: ReadonlyMap<string, RuleSetting>,
  rule: string,
  aliases: readonly string[] | null | undefined,
): RuleSetting | undefined {
  return settings.get(rule) ?? aliases?.map((alias) => settings.get(alias.toUpperCase())).find(Boolean);
}

/**
 * A stored block as the run reports it: whole (every kind enabled; severities a rule setting
 * changes rewritten in its printed findings), not at all, or finding by finding.
 */
function blockPass(
  block: FindingBlock,
  isRuleEnabled: (rule: string) => boolean,
  settings: ReadonlyMap<string, RuleSetting>,
): FindingBlock | 'none' | 'some' {
  let enabled = 0;
  let changed: (Severity | undefined)[] | undefined;
  block.meta.kinds.forEach(([rule, severity, , aliases], kind) => {
    if (!isRuleEnabled(rule)) return;
    enabled++;
    const setting = settings.size > 0 ? settingOf(settings, rule, aliases) : undefined;
    if (setting && setting !== 'off' && setting !== severity) (changed ??= [])[kind] = setting;
  });
  if (enabled === 0) return 'none';
  if (enabled < block.meta.kinds.length) return 'some';
  return changed ? (block.withSeverities(changed) ?? 'some') : block;
}

function changedSince(
  previous: Map<string, string | undefined> | undefined,
  files: readonly LoadedFile[],
): Set<string> | undefined {
  if (!previous) return undefined;
  const changed = new Set<string>();
  const now = new Set<string>();
  for (const file of files) {
    now.add(file.path);
    if (previous.get(file.path) !== file.hash) changed.add(file.path);
  }
  for (const path of previous.keys()) if (!now.has(path)) changed.add(path);
  return changed;
}
