// The public API of @warmbuild/core, hand-picked. Adapters and the Action import from here only.
export { createContext } from './context.js';
export type { WarmbuildContext, CheckRunResult, RunChecksOptions, FileCounts, CreateContextExtras } from './context.js';
export type {
  Finding,
  Severity,
  WarmbuildOptions,
  RemoteCacheOptions,
  CacheOptions,
  DiskCacheOptions,
  LoaderOptions,
  LargeFileOptions,
} from './types.js';
export { WarmbuildError, isWarmbuildError } from './errors.js';
export type { WarmbuildErrorCode } from './errors.js';
export { createContentCache, defaultCacheDir, cacheDisabledByEnv } from './cache/content-cache.js';
export type { ContentCache, ContentCacheOptions, RemoteTier } from './cache/content-cache.js';
export { createRemoteTier, remoteTierFromOptions } from './cache/remote/remote-tier.js';
export type { RemoteCacheTier, CreateRemoteTierOptions } from './cache/remote/remote-tier.js';
export { resolveRemoteConfig, isUntrustedEvent } from './cache/remote/config.js';
export type { RemoteConfig } from './cache/remote/config.js';
export { hashContent, hashParts, fingerprintOptions, HASH_ALGORITHM } from './cache/hash.js';
export type { CacheStats } from './cache/cache-stats.js';
export type { PruneOptions, PruneResult, DiskUsage } from './cache/disk-store.js';
export { discoverFiles } from './files/discover.js';
export { loadFiles } from './files/loader.js';
export type { LoadedFile, LoadResult } from './files/loader.js';
export { sortFindings, summarizeFindings, hasErrors } from './report/findings.js';
export type { CircularImportOptions } from './graph/graph-check.js';
export type { UnresolvedImportOptions } from './graph/bundler-specifiers.js';
export type { ModuleFacts, ModuleImport, ImportKind } from './graph/module-facts.js';
export { formatText } from './report/format-text.js';
export { formatJson } from './report/format-json.js';
export { formatSarif } from './report/format-sarif.js';
export type { Logger } from './internal/logger.js';
export { WARMBUILD_VERSION, CACHE_FORMAT_VERSION } from './version.js';
// The bundler plugin (unplugin factory, build session) is the `@warmbuild/core/plugin` entry, so the
// CLI and the Action do not load unplugin; the report's shape is public here for its readers.
export type { WarmbuildPluginOptions, FailOn } from './plugin/options.js';
export type { BuildReport } from './plugin/build-report.js';
export { BUILD_REPORT_VERSION } from './plugin/build-report.js';
export { cached, wrapPlugins, transformCacheTotals, formatStatsLine } from './transform/index.js';
export type {
  CacheablePlugin,
  PluginInput,
  TransformCacheOptions,
  TransformCacheStats,
  TransformHookOptions,
} from './transform/index.js';
