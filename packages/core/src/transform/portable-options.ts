/**
 * Plugin options may hold absolute paths into node_modules: `reactCompilerPreset()` from
 * @vitejs/plugin-react v6 names its babel preset by the file's absolute path. Fingerprinted as
 * they are, they tie the cache key to this checkout (a CI cache restored elsewhere never hits)
 * and say nothing of the version. Each becomes `<package>@<version>/<path in the package>`.
 */
import path from 'node:path';
import { fingerprintOptions } from '../cache/hash.js';
import { toRepoRelative } from '../internal/paths.js';
import { packageOfFile } from './factory-package.js';

const NODE_MODULES = /[\\/]node_modules[\\/]/;

function portablePath(text: string): string {
  if (!path.isAbsolute(text) || !NODE_MODULES.test(text)) return text;
  const found = packageOfFile(text);
  if (!found) return text;
  return `${found.name}@${found.version}/${toRepoRelative(found.dir, text)}`;
}

/** A copy of plain objects and arrays with node_modules paths made portable; anything else is kept as is. */
export function portableOptions(value: unknown, seen = new WeakMap<object, unknown>()): unknown {
  if (typeof value === 'string') return portablePath(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return seen.get(value);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) out.push(portableOptions(item, seen));
    return out;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const [key, item] of Object.entries(value)) out[key] = portableOptions(item, seen);
  return out;
}

/** A babel preset or plugin entry in @rolldown/plugin-babel's object form whose file is in node_modules. */
function isPackagedPresetEntry(value: Record<string, unknown>): boolean {
  const entry = value.preset ?? value.plugin;
  const name = Array.isArray(entry) ? entry[0] : entry;
  return typeof name === 'string' && path.isAbsolute(name) && NODE_MODULES.test(name);
}

/**
 * True when the options hold a function the user wrote. Functions inside a preset entry that
 * names a file in node_modules (`reactCompilerPreset()`'s environment hook) are that package's
 * code, versioned with it through the path: warning about their captured values would only
 * teach users to ignore the warning.
 */
export function hasUserFunctions(value: unknown, seen = new WeakSet<object>()): boolean {
  if (typeof value === 'function') return true;
  if (value === null || typeof value !== 'object' || seen.has(value)) return false;
  seen.add(value);
  if (Array.isArray(value)) return value.some((item) => hasUserFunctions(item, seen));
  const record = value as Record<string, unknown>;
  if (isPackagedPresetEntry(record)) return false;
  return Object.values(record).some((item) => hasUserFunctions(item, seen));
}

/** A plugin's options as the cache key sees them: node_modules paths made portable, and whether the user wrote functions into them. */
export function optionsFingerprint(options: unknown): { fingerprint: string; hasFunctions: boolean } {
  return { ...fingerprintOptions(portableOptions(options ?? null)), hasFunctions: hasUserFunctions(options) };
}
