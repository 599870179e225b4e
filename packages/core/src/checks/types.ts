import type { ContentCache } from '../cache/content-cache.js';
import type { LoadedFile } from '../files/loader.js';
import type { Logger } from '../internal/logger.js';
import type { ReportItem } from '../report/report-items.js';
import type { Severity, WarmbuildOptions } from '../types.js';

/** A rule a check can report. Ids are part of the JSON contract. */
export interface RuleMeta {
  id: string;
  /** Other tools' names for the same rule (markdownlint's `MD013`...). */
  aliases?: string[];
  severity: Severity;
  description: string;
  /** Rules off by default run only when named in `only`. @default true */
  enabledByDefault?: boolean;
}

/** What a check sees. One per check per run. */
export interface CheckContext {
  root: string;
  /** Every discovered file with its hash; content only when it was read this run. */
  files: readonly LoadedFile[];
  /** Files changed since the previous run in this process (watch mode), or undefined for a full run. */
  changed: ReadonlySet<string> | undefined;
  /** A cache view namespaced and salted for this check. */
  cache: ContentCache;
  options: WarmbuildOptions;
  /** The check's own options (`options.checks[id]`). */
  checkOptions: unknown;
  logger: Logger;
  isRuleEnabled(rule: string): boolean;
  /**
   * Whether the user asked for this rule by name (`only`, or a `rules` setting other than
   * `'off'`), as opposed to it being on by default: a check whose rules are on only where the
   * repository opted in (the docs style rules) runs them anyway when asked.
   */
  isRuleRequested?(rule: string): boolean;
  /** Aborted when fail-fast saw an error; long checks should stop early. */
  signal: AbortSignal;
  /** Content and hash of a file, from memory when loaded this run, else from disk. */
  read(file: LoadedFile): Promise<{ content: Buffer; hash: string }>;
}

/** What a check sees before files are loaded (see `Check.prepare`). */
export interface PrepareContext {
  root: string;
  /** Discovered repo-relative paths, not yet stat-ed or read. */
  paths: readonly string[];
  /** The same cache view the check's `run` gets. */
  cache: ContentCache;
  options: WarmbuildOptions;
  /** Whether a rule of this check is on (selection, rule settings, defaults), as `run` will see it. */
  isRuleEnabled(rule: string): boolean;
}

export interface Check {
  id: string;
  rules: readonly RuleMeta[];
  /** Anything besides file content that results depend on (tool versions, option fingerprints). */
  salt?(options: WarmbuildOptions): readonly (string | number | boolean | undefined)[];
  /**
   * Called after discovery, before files are loaded: where a check starts slow work its `run`
   * will need (cache reads, worker threads) so it overlaps with loading. Must not throw.
   */
  prepare?(context: PrepareContext): void;
  /** Findings, and stored blocks of findings handed on whole (see report/stored-findings.ts). */
  run(context: CheckContext): Promise<ReportItem[]>;
  /** Release workers and other resources. */
  dispose?(): Promise<void>;
}

/** Registry row: rule ids and wanted files are known without loading the check module. */
export interface CheckEntry {
  id: string;
  rules: readonly string[];
  /**
   * File name endings (`.ts`, `.md`, `package.json`) the check looks at. A run whose
   * selected checks all declare them stats and loads only matching files.
   * @default undefined (every discovered file)
   */
  files?: readonly string[];
  /** Other tools' names for its rules (`MD013` -> `line-length`), accepted by `--only`. */
  aliases?: Readonly<Record<string, string>>;
  load(): Promise<Check>;
}
