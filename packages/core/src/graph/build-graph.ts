import { hashParts } from '../cache/hash.js';
import { debug } from '../internal/debug.js';
import type { CheckContext, PrepareContext } from '../checks/types.js';
import type { ContentCache } from '../cache/content-cache.js';
import type { LoadedFile } from '../files/loader.js';
import { isModuleFile, type FactsOptions, type ModuleFacts } from './module-facts.js';
import { parseFiles, startParseWorkers } from './parse-files.js';
import { createResolver, type Resolution } from './resolver.js';
import { createConfigSet } from './tsconfig.js';
import { loadTypeScript, locateTypeScript } from './typescript.js';
import { openCompileCache } from './compile-cache.js';
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

/** Average module size assumed before files are stat-ed (the bench app averages 1.8 KB). */
const ASSUMED_MODULE_BYTES = 2048;

/** Snapshot reads started by `prepareModuleGraph`, taken by the run that follows. */
const earlySnapshots = new WeakMap<ContentCache, Promise<PackedSnapshot | undefined>>();

/**
 * Before files are loaded: start reading the snapshot and, when there is none (a cold cache)
 * and the repository is large, start the parse workers, so their start-up (a thread and a
 * compiler each) overlaps with loading instead of following it.
 */
export function prepareModuleGraph({ root, paths, cache }: PrepareContext): void {
  let modules = 0;
  for (const rel of paths) if (isModuleFile(rel)) modules++;
  if (modules === 0) return;
  const snapshot = cache.getJson<PackedSnapshot>(cache.key('module-graph-snapshot')).catch(() => undefined);
  earlySnapshots.set(cache, snapshot);
  void snapshot.then((found) => {
    if (found) return;
    try {
      startParseWorkers(locateTypeScript(root).modulePath, modules * ASSUMED_MODULE_BYTES);
    } catch {
      // No usable TypeScript: the run reports it.
    }
  });
}

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
  const early = earlySnapshots.get(context.cache);
  earlySnapshots.delete(context.cache);
  const snapshot = await (early ?? context.cache.getJson<PackedSnapshot>(snapshotKey));
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
    // A cold cache parses everything: workers load their compilers while this thread loads its own.
    if (!snapshotModules) startParseWorkers(located.modulePath, stale.reduce((sum, i) => sum + moduleFiles[i].size, 0));
    // Compiled code of the compiler: from the machine-level cache (shared by every checkout and
    // kept when the project cache is cleared), else from the project cache.
    const codeCacheKey = context.cache.key('v8-code-cache', located.version, process.version, process.arch);
    const machineCodeCache = openCompileCache(located.modulePath);
    const machineCode = machineCodeCache?.read();
    const code = machineCode ?? (await context.cache.get(codeCacheKey));
    const typescript = loadTypeScript(context.root, code);
    debug('module-graph', `compiler code: ${code === undefined ? 'not cached' : typescript.createCodeCache ? 'cache rejected by V8' : machineCode ? 'machine cache' : 'project cache'}`);
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
    // Resolution needs only a file's own facts: each file is resolved as soon as they are known,
    // so with parse workers this thread resolves while they parse.
    const resolveModule = (i: number) => {
      const file = moduleFiles[i];
      const moduleFacts = facts[i]!;
      const resolutions = moduleFacts.imports.map((entry) => resolver.resolve(file.path, entry.specifier, entry.kind));
      modules[i] = { path: file.path, hash: hashes[i], factsOptions: optionKeys[i], facts: moduleFacts, resolutions };
      stats.resolvedFiles++;
    };
    for (const i of stale) if (facts[i]) resolveModule(i);
    if (misses.length > 0) {
      misses.sort((a, b) => a.index - b.index);
      const parsed = await parseFiles(
        typescript,
        misses.map((miss) => ({ path: moduleFiles[miss.index].path, content: miss.content, options: miss.options })),
        {
          onResult: (j, result) => {
            facts[misses[j].index] = result;
            resolveModule(misses[j].index);
          },
        },
      );
      stats.parsed = misses.length;
      // On a cold cache the snapshot written below holds every file's facts (with hash and
      // options); per-file entries would cost thousands of writes for nothing. Incremental runs
      // write them, so facts of other branches and configurations accumulate.
      if (snapshotModules !== undefined) {
        await Promise.all(misses.map((miss, j) => context.cache.setJson(factsKey(moduleFiles[miss.index], hashes[miss.index], miss.options), parsed[j])));
      }
    }
    await context.cache.setJson(snapshotKey, packSnapshot(typescript.version, resolutionKey, modules));
    if (typescript.createCodeCache) {
      const code = typescript.createCodeCache();
      if (!machineCodeCache?.write(code)) await context.cache.set(codeCacheKey, code);
    }
  } else if (snapshot && snapshot.modules.length !== modules.length) {
    // Files were removed: keep the snapshot to the current set.
    await context.cache.setJson(snapshotKey, packSnapshot(located.version, resolutionKey, modules));
  }
  return { modules, typescriptVersion: located.version, stats };
}
