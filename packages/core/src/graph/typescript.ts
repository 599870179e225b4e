import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { WarmbuildError } from '../errors.js';

export type TypeScriptApi = typeof import('typescript');

export interface LoadedTypeScript {
  ts: TypeScriptApi;
  version: string;
  /** Absolute path of the module that was loaded (handed to parse workers). */
  modulePath: string;
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
    throw new WarmbuildError('TYPESCRIPT_UNSUPPORTED', `typescript ${version} is too old; warmbuild needs typescript >=5.0.0 <7`, {
      file: modulePath,
      hint: 'install typescript@5.9 as a dev dependency (pnpm add -D typescript@5.9)',
    });
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
    throw new WarmbuildError('TYPESCRIPT_MISSING', 'the module graph checks need the TypeScript compiler API and typescript is not installed', {
      hint: 'install typescript@5.9 as a dev dependency (pnpm add -D typescript@5.9)',
    });
  }
  const version = readVersion(modulePath);
  assertSupportedTypeScript(version, modulePath);
  return { modulePath, version };
}

/** Load the compiler found by `locateTypeScript` (about 200 ms, so only when something must be parsed or resolved). */
export function loadTypeScript(root: string): LoadedTypeScript {
  const cached = loaded.get(root);
  if (cached) return cached;
  const { modulePath, version } = locateTypeScript(root);
  const ts = createRequire(import.meta.url)(modulePath) as TypeScriptApi;
  assertSupportedTypeScript(ts.version ?? version, modulePath);
  const result = { ts, version: ts.version ?? version, modulePath };
  loaded.set(root, result);
  return result;
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
