/**
 * Which installed package a plugin factory comes from, so `cached(react, options)` keys on
 * `@vitejs/plugin-react`'s version although none of its plugins is named like the package
 * (`vite:react-babel`, `vite:vue`, `vite-plugin-svelte:compile`...).
 *
 * ESM gives no way to ask which module exported a function, so the factory is watched while it
 * runs: it receives a watched copy of its options, and the first time its code reads them the
 * call stack names the file. The first frame inside a `node_modules` directory is the package's
 * code; a user's own wrapper around a factory (`(o) => react(o)`) is skipped that way.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FoundPackage } from './key-inputs.js';

export interface FactoryPackage extends FoundPackage {
  name: string;
}

const FRAME_LOCATION = /\(?((?:file:\/\/|\/|[A-Za-z]:\\)[^()]*?):\d+:\d+\)?$/;

function frameFiles(stack: string | undefined): string[] {
  const files: string[] = [];
  for (const line of (stack ?? '').split('\n').slice(1)) {
    const match = FRAME_LOCATION.exec(line.trim());
    if (!match) continue;
    let file = match[1]!;
    if (file.startsWith('file://')) {
      try {
        file = fileURLToPath(file);
      } catch {
        continue;
      }
    }
    files.push(file);
  }
  return files;
}

/** The nearest package.json above `file` that has a name and a version (dist/package.json stubs have neither). */
export function packageOfFile(file: string): FactoryPackage | undefined {
  const found = manifestOfFile(file);
  return found && { name: found.manifest.name, version: found.manifest.version, dir: found.dir };
}

/** packageOfFile's manifest, parsed, for a caller that needs more of it than the name and version. */
export function manifestOfFile(
  file: string,
): { manifest: Record<string, unknown> & { name: string; version: string }; dir: string } | undefined {
  let dir = path.dirname(file);
  for (;;) {
    try {
      const parsed = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
      if (typeof parsed.name === 'string' && typeof parsed.version === 'string')
        return { manifest: parsed as Record<string, unknown> & { name: string; version: string }, dir };
    } catch {
      // no manifest at this level: keep climbing
    }
    const parent = path.dirname(dir);
    if (parent === dir || path.basename(dir) === 'node_modules') return undefined;
    dir = parent;
  }
}

/** The package of the first stack frame in a node_modules directory, outside warmbuild itself. */
function packageFromStack(stack: string | undefined): FactoryPackage | undefined {
  for (const file of frameFiles(stack)) {
    if (!file.split(/[\\/]/).includes('node_modules')) continue;
    const found = packageOfFile(file);
    if (found && !found.name.startsWith('@warmbuild/')) return found;
  }
  return undefined;
}

/**
 * A shallow copy of `options` that calls `onRead` the first time the factory reads it (an own
 * field through a getter, a missing one through a proxy prototype), then turns back into a plain
 * object: a factory may structuredClone its options or hand them to a worker, and a proxy would
 * not survive that.
 */
function watchedCopy(options: object, onRead: () => void): object {
  const values = new Map<PropertyKey, unknown>();
  const copy: Record<PropertyKey, unknown> = {};
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    onRead();
    Object.setPrototypeOf(copy, Object.prototype);
    for (const [key, value] of values)
      Object.defineProperty(copy, key, { value, writable: true, enumerable: true, configurable: true });
  };
  for (const key of Reflect.ownKeys(options)) {
    if (!Object.prototype.propertyIsEnumerable.call(options, key)) continue;
    values.set(key, (options as Record<PropertyKey, unknown>)[key]);
    Object.defineProperty(copy, key, {
      enumerable: true,
      configurable: true,
      get: () => {
        restore();
        return copy[key];
      },
      set: (value: unknown) => {
        restore();
        copy[key] = value;
      },
    });
  }
  const prototype = new Proxy(Object.prototype, {
    get(target, property, receiver) {
      restore();
      return Reflect.get(target, property, receiver) as unknown;
    },
    has(target, property) {
      restore();
      return Reflect.has(target, property);
    },
  });
  Object.setPrototypeOf(copy, prototype);
  return copy;
}

/**
 * Calls `factory(options)` and returns its result with the package the factory's code lives in.
 * The factory gets a watched shallow copy of plain-object options; without options, a watched
 * empty object (factories default a missing options argument to `{}`, so it behaves the same).
 * Other options (arrays, class instances) are passed as they are and the package stays unknown.
 */
export function callFactory<T>(
  factory: (options: unknown) => T,
  options: unknown,
): { result: T; factoryPackage: () => FactoryPackage | undefined } {
  let stack: string | undefined;
  const plain =
    options === undefined ||
    (options !== null &&
      typeof options === 'object' &&
      [Object.prototype, null].includes(Object.getPrototypeOf(options) as object | null));
  const given = plain ? watchedCopy((options as object | undefined) ?? {}, () => (stack = new Error().stack)) : options;
  const result = factory(given);
  // Asked for at build start, not now: some factories only hand their options on, to be read in a
  // later hook (vite-plugin-svelte reads them in `config`), from the package's own code all the same.
  let found: FactoryPackage | undefined;
  return { result, factoryPackage: () => (found ??= packageFromStack(stack)) };
}
