import { hashParts } from '../cache/hash.js';
import { debug } from '../internal/debug.js';
import type { CheckContext, PrepareContext } from '../checks/types.js';
import type { ContentCache } from '../cache/content-cache.js';
import type { LoadedFile } from '../files/loader.js';
import { isModuleFile, type FactsOptions, type ModuleFacts, type ModuleImport } from './module-facts.js';
import { parseFiles, startParseWorkers } from './parse-files.js';
import { createResolver, modeClass, type Resolution, type Resolver } from './resolver.js';
import { createConfigSet, type ConfigError, type ConfigSet } from './tsconfig.js';
import {
  createProbeRecorder,
  MAX_PROBES,
  probesUnchanged,
  validProbes,
  type Probe,
  type ProbeRecorder,
} from './probes.js';
import { loadTypeScript, locateTypeScript, type LoadedTypeScript } from './typescript.js';
import { findCycles } from './cycles.js';
import { scanModuleReferences } from './scan-imports.js';
import { openCompileCache } from './compile-cache.js';
import { packSnapshot, unpackSnapshot, type GraphModule, type PackedSnapshot } from './snapshot-codec.js';

export type { GraphModule } from './snapshot-codec.js';

export interface GraphStats {
  modules: number;
  parsed: number;
  /** Files whose references were scanned without parsing (runs that want cycles only). */
  scanned: number;
  factsFromCache: number;
  resolvedFiles: number;
  snapshotReused: number;
  typescriptLoaded: boolean;
  /** Disk paths outside the file list the snapshot's resolutions depend on (re-stat-ed when warm). */
  probes: number;
}

export interface GraphRequest {
  /**
   * Set when the caller wants the runtime cycles and nothing else (no rule reads every import,
   * no parse errors): files are scanned for references, and only those the scan leaves in a
   * cycle are parsed. `isEdge` says which parsed imports are edges of the caller's graph.
   */
  cyclesOnly?: { isEdge: (entry: ModuleImport) => boolean };
}

export interface ModuleGraph {
  modules: GraphModule[];
  /** tsconfigs that could not be loaded; the files they govern used what TypeScript still parsed from them, or a fallback (`ConfigError.fallback`). */
  configErrors: ConfigError[];
  typescriptVersion: string;
  stats: GraphStats;
}

/** `factsOptions` of a module whose facts come from scanModuleReferences (a superset, not flagged). */
const SCANNED = '~scanned';

function factsOptionsKey(options: FactsOptions): string {
  return `${options.verbatim ? 'v' : '-'}${options.decoratorMetadata ? 'm' : '-'}${options.jsxFactory ?? ''}`;
}

/** Files whose change can change how any specifier resolves. */
const RESOLUTION_INPUT =
  /(?:^|\/)(?:[tj]sconfig[^/]*\.json|package\.json|pnpm-workspace\.yaml|pnpm-lock\.yaml|package-lock\.json|yarn\.lock|bun\.lockb?)$/;

/** Average module size assumed before files are stat-ed (the bench app averages 1.8 KB). */
const ASSUMED_MODULE_BYTES = 2048;

/** Snapshot reads started by `prepareModuleGraph`, taken by the run that follows. */
const earlySnapshots = new WeakMap<ContentCache, Promise<PackedSnapshot | undefined>>();

/**
 * Before files are loaded: start reading the snapshot and, when there is none (a cold cache)
 * and the repository is large, start the parse workers, so their start-up (a thread and a
 * compiler each) overlaps with loading instead of following it.
 */
export function prepareModuleGraph({ root, paths, cache }: PrepareContext, cyclesOnly = false): void {
  let modules = 0;
  for (const rel of paths) if (isModuleFile(rel)) modules++;
  if (modules === 0) return;
  const snapshot = cache.getJson<PackedSnapshot>(cache.key('module-graph-snapshot')).catch(() => undefined);
  earlySnapshots.set(cache, snapshot);
  void snapshot.then((found) => {
    // With cycles alone, only the files the scan leaves on a cycle are parsed: too few to know yet.
    if (found || cyclesOnly) return;
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
export async function buildModuleGraph(context: CheckContext, request: GraphRequest = {}): Promise<ModuleGraph> {
  const { cyclesOnly } = request;
  const okFiles = context.files.filter((file) => file.status === 'ok' && file.hash);
  const moduleFiles = okFiles.filter((file) => !file.binary && isModuleFile(file.path));
  const emptyStats: GraphStats = {
    modules: 0,
    parsed: 0,
    scanned: 0,
    factsFromCache: 0,
    resolvedFiles: 0,
    snapshotReused: 0,
    typescriptLoaded: false,
    probes: 0,
  };
  // A repository without JS/TS needs no compiler (and may not have one installed).
  if (moduleFiles.length === 0) return { modules: [], configErrors: [], typescriptVersion: '', stats: emptyStats };
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
  // Its resolutions hold while the file list, the configs and every path they probed on disk
  // (gitignored files, node_modules) are as they were.
  const previousProbes =
    snapshot && snapshotModules && snapshot.typescript === located.version ? validProbes(snapshot.probes) : undefined;
  const resolutionCurrent =
    snapshot?.resolutionKey === resolutionKey &&
    previousProbes !== undefined &&
    probesUnchanged(context.root, previousProbes);
  if (snapshot && snapshotModules && snapshot.typescript === located.version) {
    for (const module of snapshotModules) {
      if (resolutionCurrent) reusable.set(module.path, module);
      else previousFacts.set(module.path, module);
    }
  }
  const previousInputs = {
    probes: resolutionCurrent ? previousProbes : [],
    configErrors: resolutionCurrent && Array.isArray(snapshot?.configErrors) ? snapshot.configErrors : [],
  };
  let configErrors = previousInputs.configErrors;
  const stats: GraphStats = { ...emptyStats, modules: moduleFiles.length, probes: previousProbes?.length ?? 0 };
  const modules: GraphModule[] = new Array(moduleFiles.length);
  const stale: number[] = [];
  moduleFiles.forEach((file, i) => {
    const previous = reusable.get(file.path);
    // Scanned facts (a superset, see scan-imports.ts) serve only a run that wants cycles alone.
    if (previous && previous.hash === file.hash && (cyclesOnly || previous.factsOptions !== SCANNED)) {
      modules[i] = previous;
      stats.snapshotReused++;
    } else {
      stale.push(i);
    }
  });

  if (stale.length > 0) {
    const compiler = lazyCompiler(
      context,
      located,
      okFiles,
      !snapshotModules && !cyclesOnly ? stale.reduce((sum, i) => sum + moduleFiles[i].size, 0) : undefined,
    );
    const facts = new Array<ModuleFacts | undefined>(moduleFiles.length);
    const hashes = new Array<string>(moduleFiles.length);
    const optionKeys = new Array<string>(moduleFiles.length);
    const factsKey = (file: LoadedFile, hash: string, options: FactsOptions, version: string) =>
      context.cache.key('facts', hash, file.path.slice(file.path.lastIndexOf('.')), version, factsOptionsKey(options));
    // Resolution needs only a file's own facts: each file is resolved as soon as they are known,
    // so with parse workers this thread resolves while they parse.
    const resolveModule = (i: number, resolver: Resolver) => {
      const file = moduleFiles[i];
      const moduleFacts = facts[i]!;
      const resolutions = moduleFacts.imports.map((entry) => resolver.resolve(file.path, entry.specifier, entry.kind));
      modules[i] = { path: file.path, hash: hashes[i], factsOptions: optionKeys[i], facts: moduleFacts, resolutions };
      stats.resolvedFiles++;
    };

    /** Bytes already read by the scan (cycles only), not read again for a parse. */
    const scannedContent = new Map<number, { content: Buffer; hash: string }>();
    /** Full facts of these modules: from the last snapshot, the facts cache, or a parse. */
    const parseModules = async (indices: readonly number[]) => {
      if (indices.length === 0) return;
      const { typescript, configs, resolver } = await compiler.get();
      const misses: { index: number; content: Buffer; options: FactsOptions }[] = [];
      await Promise.all(
        indices.map(async (i) => {
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
          const cached = snapshotModules
            ? await context.cache.getJson<ModuleFacts>(factsKey(file, file.hash!, options, typescript.version))
            : undefined;
          if (cached) {
            facts[i] = cached;
            hashes[i] = file.hash!;
            stats.factsFromCache++;
            return;
          }
          const { content, hash } = scannedContent.get(i) ?? (await context.read(file));
          hashes[i] = hash;
          misses.push({ index: i, content, options });
        }),
      );
      for (const i of indices) if (facts[i]) resolveModule(i, resolver);
      if (misses.length === 0) return;
      misses.sort((a, b) => a.index - b.index);
      const parsed = await parseFiles(
        typescript,
        misses.map((miss) => ({ path: moduleFiles[miss.index].path, content: miss.content, options: miss.options })),
        {
          onResult: (j, result) => {
            facts[misses[j].index] = result;
            resolveModule(misses[j].index, resolver);
          },
        },
      );
      stats.parsed += misses.length;
      // On a cold cache the snapshot written below holds every file's facts (with hash and
      // options); per-file entries would cost thousands of writes for nothing. Incremental runs
      // write them, so facts of other branches and configurations accumulate.
      if (snapshotModules !== undefined) {
        await Promise.all(
          misses.map((miss, j) =>
            context.cache.setJson(
              factsKey(moduleFiles[miss.index], hashes[miss.index], miss.options, typescript.version),
              parsed[j],
            ),
          ),
        );
      }
    };

    if (cyclesOnly) {
      // Only cycles are wanted: scan the changed files for references without parsing, and parse
      // just the ones the scan leaves inside a cycle (see pruneToCycles).
      // New resolution inputs (no snapshot, a tsconfig or the file list changed): load the compiler
      // and each file's tsconfig now, so that a broken one is reported even when nothing imports.
      if (!resolutionCurrent) {
        const { configs } = await compiler.get();
        for (const i of stale) configs.configFor(moduleFiles[i].path);
      }
      const unsure: number[] = [];
      const unresolved: number[] = [];
      await Promise.all(
        stale.map(async (i) => {
          const read = await context.read(moduleFiles[i]);
          const { content, hash } = read;
          scannedContent.set(i, read);
          const scanned = scanModuleReferences(content.toString('utf8'));
          if (!scanned) return unsure.push(i);
          facts[i] = scanned;
          hashes[i] = hash;
          optionKeys[i] = SCANNED;
          stats.scanned++;
          // An edit that kept a file's references keeps their resolutions: no compiler needed.
          const resolutions = reuseResolutions(snapshotModules && reusable.get(moduleFiles[i].path), scanned);
          if (resolutions)
            modules[i] = { path: moduleFiles[i].path, hash, factsOptions: SCANNED, facts: scanned, resolutions };
          else unresolved.push(i);
        }),
      );
      if (unresolved.length > 0) {
        const { resolver } = await compiler.get();
        for (const i of unresolved) resolveModule(i, resolver);
      }
      await parseModules(unsure);
      await parseModules(pruneToCycles(modules, cyclesOnly.isEdge));
    } else {
      await parseModules(stale);
    }
    const inputs = compiler.loaded ? mergeInputs(previousInputs, await compiler.get()) : previousInputs;
    configErrors = inputs.configErrors;
    stats.probes = inputs.probes?.length ?? -1;
    await context.cache.setJson(snapshotKey, packSnapshot(located.version, resolutionKey, modules, inputs));
    stats.typescriptLoaded = compiler.loaded;
    await compiler.storeCodeCache();
  } else if (snapshot && snapshot.modules.length !== modules.length) {
    // Files were removed: keep the snapshot to the current set.
    await context.cache.setJson(snapshotKey, packSnapshot(located.version, resolutionKey, modules, previousInputs));
  }
  return { modules, configErrors, typescriptVersion: located.version, stats };
}

/** The snapshot's inputs after a run that resolved some files: the kept ones plus this run's. */
function mergeInputs(
  previous: { probes: Probe[] | undefined; configErrors: ConfigError[] },
  compiler: Compiler,
): { probes: Probe[] | undefined; configErrors: ConfigError[] } {
  const configErrors = new Map(previous.configErrors.map((error) => [error.file, error]));
  for (const error of compiler.configs.errors) configErrors.set(error.file, error);
  const now = compiler.disk.probes();
  let probes: Probe[] | undefined;
  if (previous.probes && now) {
    const merged = new Map(previous.probes);
    for (const [key, state] of now) merged.set(key, state);
    probes = merged.size > MAX_PROBES ? undefined : [...merged];
  }
  return { probes, configErrors: [...configErrors.values()] };
}

interface Compiler {
  typescript: LoadedTypeScript;
  configs: ConfigSet;
  resolver: Resolver;
  /** Every disk path the configs and the resolver looked at beyond the file list. */
  disk: ProbeRecorder;
}

/**
 * The compiler, tsconfigs and resolver, loaded on first use: a run that wants cycles only may
 * need none of them (an edit that kept its imports). Also stores the compiler's V8 code cache.
 */
function lazyCompiler(
  context: CheckContext,
  located: { modulePath: string; version: string },
  okFiles: readonly LoadedFile[],
  coldParseBytes: number | undefined,
) {
  let loaded: Promise<Compiler> | undefined;
  const codeCacheKey = context.cache.key('v8-code-cache', located.version, process.version, process.arch);
  const machineCodeCache = openCompileCache(located.modulePath);
  // A cold cache parses everything: workers load their compilers while this thread loads its own.
  if (coldParseBytes !== undefined) startParseWorkers(located.modulePath, coldParseBytes);
  const load = async (): Promise<Compiler> => {
    // Compiled code of the compiler: from the machine-level cache (shared by every checkout and
    // kept when the project cache is cleared), else from the project cache.
    const machineCode = machineCodeCache?.read();
    const code = machineCode ?? (await context.cache.get(codeCacheKey));
    const typescript = loadTypeScript(context.root, code);
    debug(
      'module-graph',
      `compiler code: ${code === undefined ? 'not cached' : typescript.createCodeCache ? 'cache rejected by V8' : machineCode ? 'machine cache' : 'project cache'}`,
    );
    const fileSet = new Set(okFiles.map((file) => file.path));
    const disk = createProbeRecorder(context.root);
    const configs = createConfigSet(typescript.ts, context.root, fileSet, disk);
    return { typescript, configs, disk, resolver: createResolver(typescript.ts, context.root, fileSet, configs, disk) };
  };
  return {
    get: () => (loaded ??= load()),
    get loaded() {
      return loaded !== undefined;
    },
    async storeCodeCache() {
      const typescript = loaded && (await loaded).typescript;
      if (!typescript?.createCodeCache) return;
      const code = typescript.createCodeCache();
      if (!machineCodeCache?.write(code)) await context.cache.set(codeCacheKey, code);
    },
  };
}

/**
 * Resolutions for a rescanned file from its previous module, when every reference it has now
 * was resolved then (same specifier, same mode; the snapshot's resolution inputs unchanged).
 */
function reuseResolutions(previous: GraphModule | undefined, facts: ModuleFacts): Resolution[] | undefined {
  if (!previous) return undefined;
  const known = new Map<string, Resolution>();
  previous.facts.imports.forEach((entry, i) => {
    known.set(`${modeClass(entry.kind)}\0${entry.specifier}`, previous.resolutions[i]);
  });
  const resolutions: Resolution[] = [];
  for (const entry of facts.imports) {
    const resolution = known.get(`${modeClass(entry.kind)}\0${entry.specifier}`);
    if (!resolution) return undefined;
    resolutions.push(resolution);
  }
  return resolutions;
}

/**
 * Scanned modules that may lie on a cycle, to be parsed. Scanned facts are a superset of the
 * parsed ones (every reference counts as an edge), so this graph holds every edge of the real
 * one: a module outside all of its cycles is outside the real cycles too. Once these are parsed,
 * every cycle left runs through parsed modules only, so the components found then are exact.
 */
function pruneToCycles(modules: readonly GraphModule[], isEdge: (entry: ModuleImport) => boolean): number[] {
  const indexOf = new Map(modules.map((module, i) => [module.path, i]));
  const adjacency = modules.map((module) => {
    const scanned = module.factsOptions === SCANNED;
    const targets: number[] = [];
    module.facts.imports.forEach((entry, i) => {
      const resolution = module.resolutions[i];
      if (resolution.status !== 'file' || !(scanned || isEdge(entry))) return;
      const to = indexOf.get(resolution.target);
      if (to !== undefined) targets.push(to);
    });
    return targets;
  });
  const toParse: number[] = [];
  for (const component of findCycles(adjacency))
    for (const node of component) if (modules[node].factsOptions === SCANNED) toParse.push(node);
  return toParse.sort((a, b) => a - b);
}
