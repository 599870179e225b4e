import type { ImportKind, ModuleFacts } from './module-facts.js';
import type { Resolution } from './resolver.js';
import type { Probe } from './probes.js';
import type { ConfigError } from './tsconfig.js';

/** One module of the graph: its facts and where each of its imports leads (same order). */
export interface GraphModule {
  path: string;
  hash: string;
  /** The facts options (verbatim, decorator metadata, JSX factory) the facts were extracted with. */
  factsOptions: string;
  facts: ModuleFacts;
  resolutions: Resolution[];
}

/**
 * The graph snapshot as stored: modules as tuples and imports as one flat array of
 * `specifier, kind, typeOnly, line, column, status, target` (target: index of a module, a
 * path, or -1), about a third of the JSON of plain objects, which a warm run parses.
 */
type PackedModule = [
  path: string,
  hash: string,
  factsOptions: string,
  parseError: ModuleFacts['parseError'] | 0,
  imports: (string | number)[],
];

export interface PackedSnapshot {
  typescript: string;
  resolutionKey: string;
  /** Disk paths resolution looked at beyond the file list (probes.ts); null when too many to keep. */
  probes: Probe[] | null;
  /** tsconfigs that could not be loaded, as the resolutions saw them. */
  configErrors: ConfigError[];
  modules: PackedModule[];
}

/** What a snapshot records besides its modules. */
export interface SnapshotInputs {
  probes: Probe[] | undefined;
  configErrors: ConfigError[];
}

const KINDS: readonly ImportKind[] = ['import', 'export', 'side-effect', 'dynamic', 'require', 'import-type'];
const STATUSES: readonly Resolution['status'][] = [
  'file',
  'case-mismatch',
  'external',
  'builtin',
  'asset',
  'unresolved',
  'missing-package',
];
const FIELDS = 7;

export function packSnapshot(
  typescript: string,
  resolutionKey: string,
  modules: readonly GraphModule[],
  inputs: SnapshotInputs,
): PackedSnapshot {
  const indexOf = new Map(modules.map((module, i) => [module.path, i]));
  return {
    typescript,
    resolutionKey,
    probes: inputs.probes ?? null,
    configErrors: inputs.configErrors,
    modules: modules.map((module) => {
      const imports: (string | number)[] = [];
      module.facts.imports.forEach((entry, i) => {
        const resolution = module.resolutions[i];
        const target = 'target' in resolution ? (indexOf.get(resolution.target) ?? resolution.target) : -1;
        imports.push(
          entry.specifier,
          KINDS.indexOf(entry.kind),
          entry.typeOnly ? 1 : 0,
          entry.line,
          entry.column,
          STATUSES.indexOf(resolution.status),
          target,
        );
      });
      return [module.path, module.hash, module.factsOptions, module.facts.parseError ?? 0, imports];
    }),
  };
}

/** The modules of a stored snapshot, or undefined when it is not one this version wrote. */
export function unpackSnapshot(snapshot: PackedSnapshot): GraphModule[] | undefined {
  if (!Array.isArray(snapshot.modules)) return undefined;
  // An entry of another shape (an older warmbuild) is a miss, not an error.
  if (!snapshot.modules.every((module) => Array.isArray(module) && module.length === 5)) return undefined;
  const paths = snapshot.modules.map((module) => module[0]);
  const modules: GraphModule[] = [];
  for (const [path, hash, factsOptions, parseError, packed] of snapshot.modules) {
    if (typeof path !== 'string' || !Array.isArray(packed) || packed.length % FIELDS !== 0) return undefined;
    const facts: ModuleFacts = { imports: [] };
    if (parseError) facts.parseError = parseError;
    const resolutions: Resolution[] = [];
    for (let at = 0; at < packed.length; at += FIELDS) {
      const kind = KINDS[packed[at + 1] as number];
      const status = STATUSES[packed[at + 5] as number];
      if (!kind || !status) return undefined;
      facts.imports.push({
        specifier: packed[at] as string,
        kind,
        typeOnly: packed[at + 2] === 1,
        line: packed[at + 3] as number,
        column: packed[at + 4] as number,
      });
      const target = packed[at + 6];
      if (status === 'file' || status === 'case-mismatch') {
        resolutions.push({ status, target: typeof target === 'number' ? paths[target] : (target as string) });
      } else {
        resolutions.push({ status });
      }
    }
    modules.push({ path, hash, factsOptions, facts, resolutions });
  }
  return modules;
}
