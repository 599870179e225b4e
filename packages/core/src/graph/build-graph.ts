import { hashParts } from '../cache/hash.js';
import type { CheckContext } from '../checks/types.js';
import type { LoadedFile } from '../files/loader.js';
import { isModuleFile, type FactsOptions, type ModuleFacts } from './module-facts.js';
import { parseFiles } from './parse-files.js';
import { createResolver, type Resolution } from './resolver.js';
import { createConfigSet } from './tsconfig.js';
import { loadTypeScript, locateTypeScript } from './typescript.js';
import { packSnapshot, unpackSnapshot, type GraphModule, type PackedSnapshot } from './snapshot-codec.js';

export type { GraphModule } from './snapshot-codec.js';

export interface GraphStats {
  modules: number;
  parsed: number;
  factsFromCache: number;
  resolvedFiles: number;
  snapshotReused: number;
  typescriptLoaded: boolean;
}

export interface ModuleGraph {
  modules: GraphModule[];
  typescriptVersion: string;
  stats: GraphStats;
}


function factsOptionsKey(options: FactsOptions): string {
  return `${options.verbatim ? 'v' : '-'}${options.decoratorMetadata ? 'm' : '-'}${options.jsxFactory ?? ''}`;
}

/** Files whose change can change how any specifier resolves. */
const RESOLUTION_INPUT = /(?:^|\/)(?:[tj]sconfig[^/]*\.json|package\.json|pnpm-workspace\.yaml|pnpm-lock\.yaml|package-lock\.json|yarn\.lock|bun\.lockb?)$/;

/**
 * The module graph of a repository. A warm run with nothing changed reads one snapshot entry
 * and neither loads TypeScript nor parses; an edited file is parsed and resolved alone. A changed
 * tsconfig, package.json, lockfile or file list re-resolves everything (facts stay cached).
 */
export async function buildModuleGraph(context: CheckContext): Promise<ModuleGraph> {
  const okFiles = context.files.filter((file) => file.status === 'ok' && file.hash);
  const moduleFiles = okFiles.filter((file) => !file.binary && isModuleFile(file.path));
  const emptyStats: GraphStats = { modules: 0, parsed: 0, factsFromCache: 0, resolvedFiles: 0, snapshotReused: 0, typescriptLoaded: false };
  // A repository without JS/TS needs no compiler (and may not have one installed).
  if (moduleFiles.length === 0) return { modules: [], typescriptVersion: '', stats: emptyStats };
  const located = locateTypeScript(context.root);
  const resolutionKey = hashParts([
    located.version,
    okFiles.map((file) => file.path).join('\n'),
    ...okFiles.filter((file) => RESOLUTION_INPUT.test(file.path)).map((file) => `${file.path}:${file.hash}`),
  ]);
  const snapshotKey = context.cache.key('module-graph-snapshot');
  const snapshot = await context.cache.getJson<PackedSnapshot>(snapshotKey);
  const snapshotModules = snapshot ? unpackSnapshot(snapshot) : undefined;
  const reusable = new Map<string, GraphModule>();
  // Facts of an outdated snapshot (other tsconfig or file list) are still good for unchanged files.
  const previousFacts = new Map<string, GraphModule>();
  if (snapshot && snapshotModules && snapshot.typescript === located.version) {
    for (const module of snapshotModules) {
      if (snapshot.resolutionKey === resolutionKey) reusable.set(module.path, module);
      else previousFacts.set(module.path, module);
    }
  }
  const stats: GraphStats = { modules: moduleFiles.length, parsed: 0, factsFromCache: 0, resolvedFiles: 0, snapshotReused: 0, typescriptLoaded: false };
  const modules: GraphModule[] = new Array(moduleFiles.length);
  const stale: number[] = [];
  moduleFiles.forEach((file, i) => {
    const previous = reusable.get(file.path);
    if (previous && previous.hash === file.hash) {
      modules[i] = previous;
      stats.snapshotReused++;
    } else {
      stale.push(i);
    }
  });

  if (stale.length > 0) {
    const codeCacheKey = context.cache.key('v8-code-cache', located.version, process.version, process.arch);
    const typescript = loadTypeScript(context.root, await context.cache.get(codeCacheKey));
    stats.typescriptLoaded = true;
    const fileSet = new Set(okFiles.map((file) => file.path));
    const configs = createConfigSet(typescript.ts, context.root, fileSet);
    const resolver = createResolver(typescript.ts, context.root, fileSet, configs);
    const factsKey = (file: LoadedFile, hash: string, options: FactsOptions) =>
      context.cache.key('facts', hash, file.path.slice(file.path.lastIndexOf('.')), typescript.version, factsOptionsKey(options));
    const facts = new Array<ModuleFacts | undefined>(moduleFiles.length);
    const hashes = new Array<string>(moduleFiles.length);
    const optionKeys = new Array<string>(moduleFiles.length);
    const misses: { index: number; content: Buffer; options: FactsOptions }[] = [];
    await Promise.all(
      stale.map(async (i) => {
        const file = moduleFiles[i];
        const options = configs.configFor(file.path).factsOptions;
        const optionsKey = factsOptionsKey(options);
        optionKeys[i] = optionsKey;
        const previous = previousFacts.get(file.path);
        if (previous && previous.hash === file.hash && previous.factsOptions === optionsKey) {
          facts[i] = previous.facts;
          hashes[i] = file.hash!;
          stats.factsFromCache++;
          return;
        }
        // No snapshot at all means a cold cache: skip thousands of lookups that would all miss.
        const cached = snapshotModules ? await context.cache.getJson<ModuleFacts>(factsKey(file, file.hash!, options)) : undefined;
        if (cached) {
          facts[i] = cached;
          hashes[i] = file.hash!;
          stats.factsFromCache++;
          return;
        }
        const { content, hash } = await context.read(file);
        hashes[i] = hash;
        misses.push({ index: i, content, options });
      }),
    );
    if (misses.length > 0) {
      misses.sort((a, b) => a.index - b.index);
      const parsed = await parseFiles(
        typescript,
        misses.map((miss) => ({ path: moduleFiles[miss.index].path, content: miss.content, options: miss.options })),
      );
      stats.parsed = misses.length;
      // On a cold cache the snapshot written below holds every file's facts (with hash and
      // options); per-file entries would cost thousands of writes for nothing. Incremental runs
      // write them, so facts of other branches and configurations accumulate.
      const writePerFile = snapshotModules !== undefined;
      await Promise.all(
        misses.map(async (miss, j) => {
          facts[miss.index] = parsed[j];
          if (writePerFile) await context.cache.setJson(factsKey(moduleFiles[miss.index], hashes[miss.index], miss.options), parsed[j]);
        }),
      );
    }
    for (const i of stale) {
      const file = moduleFiles[i];
      const moduleFacts = facts[i]!;
      const resolutions = moduleFacts.imports.map((entry) => resolver.resolve(file.path, entry.specifier, entry.kind));
      modules[i] = { path: file.path, hash: hashes[i], factsOptions: optionKeys[i], facts: moduleFacts, resolutions };
      stats.resolvedFiles++;
    }
    await context.cache.setJson(snapshotKey, packSnapshot(typescript.version, resolutionKey, modules));
    if (typescript.createCodeCache) await context.cache.set(codeCacheKey, typescript.createCodeCache());
  } else if (snapshot && snapshot.modules.length !== modules.length) {
    // Files were removed: keep the snapshot to the current set.
    await context.cache.setJson(snapshotKey, packSnapshot(located.version, resolutionKey, modules));
  }
  return { modules, typescriptVersion: located.version, stats };
}
