import fs from 'node:fs';
import { hashContent } from '../cache/hash.js';

/** Context calls whose answers depend on the module graph or that leave output besides the result. */
const UNREPLAYABLE_CALLS = new Set(['emitFile', 'setAssetSource', 'load', 'resolve', 'getModuleInfo', 'getModuleIds']);

/** Fields of a transform/load result that survive JSON and can be handed back as they were. */
const REPLAYABLE_FIELDS = new Set(['code', 'map', 'moduleSideEffects', 'moduleType', 'syntheticNamedExports', 'meta']);

/** What a hook call did besides returning its result, seen through the context proxy. */
export interface CallRecord {
  watchFiles: Set<string>;
  warnings: unknown[];
  /** The first call that makes this result unsafe to replay, if any. */
  bypass: string | undefined;
  /**
   * The JSON of the combined source map of earlier plugins, when the call asked for it (Svelte's
   * compile does): a hit must see the same one, or the replayed map would point at stale positions.
   */
  combinedMap: string | undefined;
}

export function newCallRecord(): CallRecord {
  return { watchFiles: new Set(), warnings: [], bypass: undefined, combinedMap: undefined };
}

/**
 * The plugin context as the wrapped hook sees it: every member of the real one (methods bound to
 * it, so private fields keep working), with the calls that matter to the cache recorded.
 */
export function recordingContext(context: unknown, record: CallRecord): unknown {
  if (context === null || typeof context !== 'object') return context;
  return new Proxy(context, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof property !== 'string' || typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (property === 'addWatchFile') {
        return (file: unknown) => {
          if (typeof file === 'string') record.watchFiles.add(file);
          else record.bypass ??= 'addWatchFile(non-string)';
          return method.call(target, file);
        };
      }
      if (property === 'warn') {
        return (warning: unknown, ...rest: unknown[]) => {
          if (rest.length === 0 && isPlainJson(warning)) record.warnings.push(warning);
          else record.bypass ??= 'warn(with position or a lazy log)';
          return method.call(target, warning, ...rest);
        };
      }
      if (property === 'getCombinedSourcemap') {
        return () => {
          const map = method.call(target);
          try {
            record.combinedMap = JSON.stringify(map ?? null);
          } catch {
            record.bypass ??= property;
          }
          return map;
        };
      }
      if (UNREPLAYABLE_CALLS.has(property)) {
        return (...args: unknown[]) => {
          record.bypass ??= property;
          return method.apply(target, args);
        };
      }
      return method.bind(target);
    },
  });
}

/** True for values JSON keeps exactly: null, booleans, finite numbers, strings, arrays and plain objects of them. */
export function isPlainJson(value: unknown, depth = 0): boolean {
  if (depth > 64) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isPlainJson(item, depth + 1));
  if (typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(value as Record<string, unknown>).every(
    (item) => item === undefined || isPlainJson(item, depth + 1),
  );
}

/**
 * The storable form of a hook result, or a reason it cannot be stored. Source maps may be class
 * instances (magic-string's SourceMap): their JSON form is what the bundler reads from them.
 */
export function storableResult(result: unknown): { value: unknown } | { reason: string } {
  if (result === null || result === undefined) return { value: null };
  if (typeof result === 'string') return { value: result };
  if (typeof result !== 'object') return { reason: `returned a ${typeof result}` };
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(result as Record<string, unknown>)) {
    if (value === undefined) continue;
    if (!REPLAYABLE_FIELDS.has(field)) return { reason: `returned \`${field}\`` };
    if (field === 'map' && value !== null && typeof value === 'object') {
      let json: string;
      try {
        json = JSON.stringify(value);
      } catch {
        return { reason: 'returned a source map that is not JSON' };
      }
      out.map = JSON.parse(json) as unknown;
      continue;
    }
    if (field === 'meta' && !isPlainJson(value)) {
      // Svelte puts its compiled CSS, with a magic-string SourceMap, in meta for its CSS module's load.
      const json = sourceMapsAsJson(value);
      if (json === undefined) return { reason: 'returned `meta` that is not plain JSON' };
      out.meta = json;
      continue;
    }
    if (!isPlainJson(value)) return { reason: `returned \`${field}\` that is not plain JSON` };
    out[field] = value;
  }
  return { value: out };
}

/** Content hash of a watched file, `'absent'` when it cannot be read. */
export function hashWatchedFile(file: string): string {
  try {
    return hashContent(fs.readFileSync(file));
  } catch {
    return 'absent';
  }
}

function looksLikeSourceMap(value: object): boolean {
  const map = value as { mappings?: unknown; sources?: unknown };
  return typeof map.mappings === 'string' && Array.isArray(map.sources);
}

/**
 * `value` in JSON form when everything in it is plain JSON except source map objects (class
 * instances whose JSON form is what a bundler reads from them); undefined otherwise.
 */
export function sourceMapsAsJson(value: unknown, depth = 0): unknown {
  if (depth > 64) return undefined;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const json = sourceMapsAsJson(item, depth + 1);
      if (json === undefined) return undefined;
      out.push(json);
    }
    return out;
  }
  if (typeof value !== 'object') return undefined;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    if (!looksLikeSourceMap(value)) return undefined;
    try {
      return JSON.parse(JSON.stringify(value)) as unknown;
    } catch {
      return undefined;
    }
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    const json = sourceMapsAsJson(item, depth + 1);
    if (json === undefined) return undefined;
    out[key] = json;
  }
  return out;
}
