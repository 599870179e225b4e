/** Severity of a finding. `error` fails `warmbuild check` (exit 1) and, by default, builds. */
export type Severity = 'error' | 'warning' | 'info';

/**
 * One problem found in the repository. The JSON output contract:
 * `file` is repo-relative with forward slashes; `line` and `column` are 1-based
 * (0 when the finding is about the whole file).
 */
export interface Finding {
  /** Stable rule id, e.g. `large-file`, `circular-import`. */
  rule: string;
  severity: Severity;
  /** Repo-relative, forward-slashed. */
  file: string;
  line: number;
  column: number;
  message: string;
  /** Other names of the rule (e.g. markdownlint's `MD013`). */
  aliases?: string[];
  /** Rule-specific data (cycle members, link target, suggestion...). */
  [extra: string]: unknown;
}

/** What `rules` may set for one rule. */
export type RuleSetting = 'off' | Severity;

/** Disk tier of the content-hash cache. */
export interface DiskCacheOptions {
  /**
   * Upper bound of the entries on disk, in bytes; the least recently used go first.
   * @default 536870912 (512 MB)
   */
  maxDiskSize?: number;
  /**
   * Entries not used for this long (milliseconds) are removed by `prune`.
   * @default 1209600000 (14 days)
   */
  maxAge?: number;
}

/** Options of the content-hash cache shared by every feature. */
export interface CacheOptions extends DiskCacheOptions {
  /**
   * Turn every cache tier off. `WARMBUILD_CACHE=0` does the same.
   * @default true
   */
  enabled?: boolean;
  /**
   * Cache directory. Relative paths are resolved against the repository root.
   * @default '<root>/node_modules/.cache/warmbuild'
   */
  cacheDir?: string;
  /**
   * Memory tier bound, in bytes of what is really held.
   * @default 67108864 (64 MB)
   */
  maxMemorySize?: number;
}

/**
 * Shared remote tier of the content-hash cache, spoken over the Turborepo Remote Cache
 * HTTP API (`/v8/artifacts/:hash`). Every field falls back to an environment variable,
 * so CI can turn it on without touching the config.
 */
export interface RemoteCacheOptions {
  /**
   * Base URL of the server (the part before `/v8/artifacts`).
   * @default process.env.WARMBUILD_REMOTE_URL (the tier is off when neither is set)
   */
  url?: string;
  /**
   * Bearer token sent as `Authorization: Bearer <token>`.
   * @default process.env.WARMBUILD_REMOTE_TOKEN
   */
  token?: string;
  /**
   * Team: sent as `teamId=` when it starts with `team_`, as `slug=` otherwise.
   * @default process.env.WARMBUILD_REMOTE_TEAM
   */
  team?: string;
  /**
   * Download only, never upload (untrusted runs such as pull requests from forks).
   * @default process.env.WARMBUILD_REMOTE_READ_ONLY is `1` or `true`, else false
   */
  readOnly?: boolean;
  /**
   * HMAC-SHA256 key: uploads carry an `x-artifact-tag` signature (Turborepo's scheme) and
   * downloads without a valid one are misses.
   * @default process.env.WARMBUILD_REMOTE_SIGNATURE_KEY
   */
  signatureKey?: string;
  /**
   * Milliseconds before a request is abandoned (the tier is then off for the run).
   * @default 10000, or process.env.WARMBUILD_REMOTE_TIMEOUT
   */
  timeout?: number;
  /**
   * Requests in flight at once, on top of the process-wide I/O limiter.
   * @default 16
   */
  concurrency?: number;
  /**
   * Uploads wait until this many are queued (or the run flushes) and then go together.
   * @default 32
   */
  batchSize?: number;
  /**
   * Largest artifact accepted from the server, in bytes: a response body or a decoded payload
   * over it is refused (a miss) before it is held in memory. Bounds what a hostile or broken
   * server can make a run allocate. Entries larger than this are not uploaded either.
   * @default 37748736 (36 MB: a few MB over the largest bundle warmbuild writes), or process.env.WARMBUILD_REMOTE_MAX_ARTIFACT_SIZE
   */
  maxArtifactSize?: number;
  /**
   * Take transform results (code that ships in your build output) from the remote even when no
   * `signatureKey` is set. Without a key, anyone who holds the token can plant code in every
   * build that reads the cache; leave this off unless the server and every token holder are as
   * trusted as your own machine.
   * @default false, or process.env.WARMBUILD_REMOTE_ALLOW_UNSIGNED is `1` or `true`
   */
  allowUnsigned?: boolean;
}

/** Which files the loader discovers and how it reads them. */
export interface LoaderOptions {
  /**
   * Globs (relative to the root) to include.
   * @default ['**']
   */
  include?: string[];
  /**
   * Globs to exclude, on top of `.gitignore` files and `node_modules`.
   * @default []
   */
  exclude?: string[];
  /**
   * Honour `.gitignore` files at every depth.
   * @default true
   */
  gitignore?: boolean;
  /**
   * Files larger than this many bytes are not read (recorded with a reason).
   * @default 10485760 (10 MB)
   */
  maxFileSize?: number;
}

/** Options of the `large-file` rule. */
export interface LargeFileOptions {
  /**
   * Files over this many bytes are reported.
   * @default 1048576 (1 MB)
   */
  maxBytes?: number;
  /**
   * Text files over this many lines are reported.
   * @default 10000
   */
  maxLines?: number;
}

/** Everything `createContext()` accepts; the CLI and every plugin build one of these. */
export interface WarmbuildOptions {
  /**
   * Repository root. Findings and cache entries are relative to it.
   * @default process.cwd()
   */
  root?: string;
  /** Cache settings. `false` is `{ enabled: false }`. */
  cache?: CacheOptions | false;
  /** File discovery and reading. */
  files?: LoaderOptions;
  /**
   * Shared remote cache tier (Turborepo Remote Cache protocol). `false` turns it off even
   * when `WARMBUILD_REMOTE_URL` is set.
   * @default configured from the WARMBUILD_REMOTE_* environment variables, off without a URL
   */
  remote?: RemoteCacheOptions | false;
  /**
   * Run only these rules (ids or aliases). Empty or absent means every enabled rule.
   * @default undefined
   */
  only?: string[];
  /**
   * Stop at the first error-severity finding.
   * @default false
   */
  failFast?: boolean;
  /** Options of the `large-file` rule. */
  largeFile?: LargeFileOptions;
  /**
   * Per-rule severity: `'off'` silences a rule; a severity replaces the rule's own and turns on
   * a rule that is off by default (e.g. `{ 'missing-package': 'error', 'line-length': 'off' }`).
   * Keys are rule ids or aliases.
   * @default {}
   */
  rules?: Record<string, RuleSetting>;
  /**
   * Per-check options, keyed by check id. Each check documents its own.
   * @default {}
   */
  checks?: Record<string, unknown>;
}
