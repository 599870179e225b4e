import path from 'node:path';
import type { Finding } from '../types.js';

/**
 * Asks the bundler whether it resolves a specifier (aliases, virtual modules, its own resolver
 * plugins): true when it does. `importer` is absolute.
 */
export type SpecifierResolver = (specifier: string, importer: string) => Promise<boolean>;

/** The rules whose findings say "nothing answers this specifier": the bundler may know better. */
const RESOLUTION_RULES = new Set(['unresolved-import', 'missing-package']);

/**
 * Findings without the unresolved imports the bundler resolves: TypeScript cannot see a
 * bundler's aliases and virtual modules, the bundler can. A resolver that fails keeps the finding.
 */
export async function dropBundlerResolved(
  findings: readonly Finding[],
  root: string,
  resolve: SpecifierResolver,
): Promise<Finding[]> {
  const answers = new Map<string, Promise<boolean>>();
  const resolved = await Promise.all(
    findings.map((finding) => {
      if (!RESOLUTION_RULES.has(finding.rule) || typeof finding.specifier !== 'string') return false;
      const importer = path.join(root, ...finding.file.split('/'));
      const key = `${importer}\0${finding.specifier}`;
      let answer = answers.get(key);
      if (!answer) {
        answer = resolve(finding.specifier, importer).catch(() => false);
        answers.set(key, answer);
      }
      return answer;
    }),
  );
  return findings.filter((_, i) => !resolved[i]);
}

/** Rollup, Rolldown and `vite build`: the plugin context's `this.resolve` (null when nothing resolves it). */
export function rollupResolver(context: {
  resolve?(source: string, importer?: string, options?: { skipSelf?: boolean }): Promise<unknown>;
}): SpecifierResolver | undefined {
  if (typeof context.resolve !== 'function') return undefined;
  return async (specifier, importer) => (await context.resolve!(specifier, importer, { skipSelf: true })) != null;
}

interface WebpackResolverLike {
  resolve(
    context: object,
    path: string,
    request: string,
    resolveContext: object,
    callback: (error: unknown, result?: string | false) => void,
  ): void;
}

/** webpack and Rspack: the compiler's normal-module resolver, with the configuration's `resolve` options (aliases). */
export function webpackResolver(compiler: {
  resolverFactory?: { get(type: string, options?: object): WebpackResolverLike };
}): SpecifierResolver | undefined {
  let resolver: WebpackResolverLike | undefined;
  try {
    resolver = compiler.resolverFactory?.get('normal', {});
  } catch {
    // An older or partial resolver factory: findings stay as the engine found them.
    resolver = undefined;
  }
  if (!resolver || typeof resolver.resolve !== 'function') return undefined;
  const found = resolver;
  return (specifier, importer) =>
    new Promise((resolve) => {
      found.resolve({}, path.dirname(importer), specifier, {}, (error, result) =>
        resolve(!error && typeof result === 'string' && result !== ''),
      );
    });
}
