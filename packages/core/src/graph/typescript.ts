import fs from 'node:fs';
import { isAscii } from 'node:buffer';
import path from 'node:path';
import vm from 'node:vm';
import { createRequire, Module } from 'node:module';
import { WarmbuildError } from '../errors.js';

export type TypeScriptApi = typeof import('typescript');

export interface LoadedTypeScript {
  ts: TypeScriptApi;
  version: string;
  /** Absolute path of the module that was loaded (handed to parse workers). */
  modulePath: string;
  /**
   * V8 code cache of the compiler to store for the next run, when none was given or V8
   * rejected it; produced after use, so it holds the functions this kind of run compiles.
   */
  createCodeCache?: () => Buffer;
}

const loaded = new Map<string, LoadedTypeScript>();

/** Throws unless `version` has the JS compiler API warmbuild drives (5.x; 7 is the Go port, without it). */
export function assertSupportedTypeScript(version: string, modulePath: string): void {
  const major = Number(version.split('.')[0]);
  if (major >= 7) {
    throw new WarmbuildError(
      'TYPESCRIPT_UNSUPPORTED',
      `typescript ${version} has no JavaScript compiler API (TypeScript 7 is the native port); warmbuild needs typescript >=5.0.0 <7`,
      { file: modulePath, hint: 'install typescript@5.9 as a dev dependency (pnpm add -D typescript@5.9)' },
    );
  }
  if (!(major >= 5)) {
    throw new WarmbuildError(
      'TYPESCRIPT_UNSUPPORTED',
      `typescript ${version} is too old; warmbuild needs typescript >=5.0.0 <7`,
      {
        file: modulePath,
        hint: 'install typescript@5.9 as a dev dependency (pnpm add -D typescript@5.9)',
      },
    );
  }
}

function resolveFrom(base: string): string | undefined {
  try {
    return createRequire(base).resolve('typescript');
  } catch {
    return undefined;
  }
}

/**
 * Where the TypeScript compiler of the user's project (a peer dependency) is, and its version,
 * without loading it: a warm run needs only the version for its cache keys. Resolved from the
 * repository root; warmbuild's own copy only when the project has none. 7+ has no JS API.
 */
export function locateTypeScript(root: string): { modulePath: string; version: string } {
  const modulePath = resolveFrom(path.join(root, 'package.json')) ?? resolveFrom(import.meta.url);
  if (!modulePath) {
    throw new WarmbuildError(
      'TYPESCRIPT_MISSING',
      'the module graph checks need the TypeScript compiler API and typescript is not installed',
      {
        hint: 'install typescript@5.9 as a dev dependency (pnpm add -D typescript@5.9)',
      },
    );
  }
  const version = readVersion(modulePath);
  assertSupportedTypeScript(version, modulePath);
  return { modulePath, version };
}

/**
 * Load the compiler found by `locateTypeScript`. Compiling its 9 MB of JavaScript is most of what
 * this takes; with `codeCache` (V8 code cache from an earlier run, keyed by compiler and Node
 * versions) V8 skips that (`pnpm bench graph`: "warmbuild cold" against "warmbuild cold, no
 * compile cache either"). A rejected or broken cache only costs the normal compile.
 */
export function loadTypeScript(root: string, codeCache?: Buffer): LoadedTypeScript {
  const cached = loaded.get(root);
  if (cached) return cached;
  const { modulePath, version } = locateTypeScript(root);
  const { ts, createCodeCache } = requireWithCodeCache(modulePath, codeCache);
  assertSupportedTypeScript(ts.version ?? version, modulePath);
  const result: LoadedTypeScript = { ts, version: ts.version ?? version, modulePath, createCodeCache };
  loaded.set(root, result);
  return result;
}

function requireWithCodeCache(
  modulePath: string,
  codeCache: Buffer | undefined,
): { ts: TypeScriptApi; createCodeCache?: () => Buffer } {
  const plainRequire = createRequire(import.meta.url);
  // Another copy already loaded in this process (a test, a plugin): share it.
  const existing = plainRequire.cache[modulePath];
  if (existing?.loaded) return { ts: existing.exports as TypeScriptApi };
  let source: string;
  try {
    source = readSource(modulePath);
  } catch {
    return { ts: plainRequire(modulePath) as TypeScriptApi };
  }
  const script = new vm.Script(Module.wrap(source), { filename: modulePath, cachedData: codeCache });
  const module = { exports: {} as unknown, loaded: false, id: modulePath, filename: modulePath };
  const run = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: unknown,
    filename: string,
    dirname: string,
  ) => void;
  run.call(module.exports, module.exports, createRequire(modulePath), module, modulePath, path.dirname(modulePath));
  module.loaded = true;
  const reused = codeCache !== undefined && !script.cachedDataRejected;
  return { ts: module.exports as TypeScriptApi, createCodeCache: reused ? undefined : () => script.createCachedData() };
}

/**
 * The compiler's source as a string. typescript.js is plain ASCII, and for ASCII bytes latin1
 * decoding gives the same string as UTF-8 without the validating pass over 9 MB that
 * readFileSync(path, 'utf8') makes. Anything non-ASCII is decoded as UTF-8.
 */
function readSource(modulePath: string): string {
  const bytes = fs.readFileSync(modulePath);
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

function readVersion(modulePath: string): string {
  // package.json is next to lib/ (typescript/lib/typescript.js); read it before loading megabytes of compiler.
  let dir = path.dirname(modulePath);
  for (let i = 0; i < 4; i++) {
    const candidate = path.join(dir, 'package.json');
    try {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'typescript' && pkg.version) return pkg.version;
    } catch {
      // not here: one level up
    }
    dir = path.dirname(dir);
  }
  return '0.0.0';
}
