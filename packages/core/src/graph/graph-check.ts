import type { Check, CheckContext } from '../checks/types.js';
import type { Finding } from '../types.js';
import { buildModuleGraph, prepareModuleGraph, type ModuleGraph } from './build-graph.js';
import { findCycles, shortestCycle } from './cycles.js';
import { closeParsePool } from './parse-files.js';
import { debug } from '../internal/debug.js';
import type { ModuleImport } from './module-facts.js';
import { ignoredSpecifiers } from './bundler-specifiers.js';

/** Options of `circular-import`, under `options.checks['circular-import']`. */
export interface CircularImportOptions {
  /**
   * Count type-only imports (`import type`, imports used only as types) as edges.
   * @default false
   */
  includeTypeImports?: boolean;
  /**
   * Count `import()` expressions as edges.
   * @default false
   */
  dynamicImports?: boolean;
  /**
   * Known cycles, each the full module set of a component (repo-relative paths). A component
   * with exactly that set is not reported, so only new cycles fail.
   * @default []
   */
  allow?: string[][];
}

function readOptions(value: unknown): Required<CircularImportOptions> {
  const options = (value ?? {}) as CircularImportOptions;
  if (typeof options !== 'object')
    throw new TypeError(`checks['circular-import'] must be an object, got ${typeof value}`);
  const allow = options.allow ?? [];
  if (
    !Array.isArray(allow) ||
    !allow.every((set) => Array.isArray(set) && set.every((entry) => typeof entry === 'string'))
  ) {
    throw new TypeError("checks['circular-import'].allow must be an array of module path arrays");
  }
  return {
    includeTypeImports: options.includeTypeImports === true,
    dynamicImports: options.dynamicImports === true,
    allow,
  };
}

function importFinding(
  rule: string,
  file: string,
  entry: { line: number; column: number },
  message: string,
  extra: Record<string, unknown> = {},
): Finding {
  return { rule, severity: 'error', file, line: entry.line, column: entry.column, message, ...extra };
}

/** Findings of every rule but `circular-import`: broken tsconfigs, parse errors and imports that lead nowhere. */
function importFindings(graph: ModuleGraph, context: CheckContext): Finding[] {
  const findings: Finding[] = [];
  const ignored = ignoredSpecifiers(context.options.checks?.['unresolved-import']);
  if (graph.configErrors.length > 0 && !context.isRuleEnabled('config-error')) {
    context.logger.warn(
      `${graph.configErrors.length} tsconfig file(s) could not be loaded (${graph.configErrors[0].file}...); their files were checked with what TypeScript still reads from them, or with a fallback. Run with rule config-error to see why.`,
    );
  }
  for (const error of context.isRuleEnabled('config-error') ? graph.configErrors : []) {
    findings.push({
      rule: 'config-error',
      severity: 'error',
      file: error.file,
      line: error.line,
      column: error.column,
      message:
        error.fallback === error.file
          ? `${error.message}; fix: ${error.hint}. Its files were checked with the rest of its options, as tsc -p does`
          : `cannot load this config: ${error.message}; fix: ${error.hint}. Its files were checked with ${error.fallback ?? "TypeScript's defaults"} instead`,
      fallback: error.fallback ?? null,
    });
  }
  for (const module of graph.modules) {
    if (module.facts.parseError && context.isRuleEnabled('parse-error')) {
      const { line, column, message } = module.facts.parseError;
      findings.push({
        rule: 'parse-error',
        severity: 'error',
        file: module.path,
        line,
        column,
        message: `does not parse: ${message}`,
      });
    }
    module.facts.imports.forEach((entry, i) => {
      const resolution = module.resolutions[i];
      if ((resolution.status === 'unresolved' || resolution.status === 'missing-package') && ignored(entry.specifier))
        return;
      if (resolution.status === 'unresolved' && context.isRuleEnabled('unresolved-import')) {
        findings.push(
          importFinding('unresolved-import', module.path, entry, `cannot resolve "${entry.specifier}"`, {
            specifier: entry.specifier,
          }),
        );
      } else if (resolution.status === 'missing-package' && context.isRuleEnabled('missing-package')) {
        findings.push(
          importFinding('missing-package', module.path, entry, `package "${entry.specifier}" is not installed`, {
            specifier: entry.specifier,
          }),
        );
      } else if (resolution.status === 'case-mismatch' && context.isRuleEnabled('import-case-mismatch')) {
        findings.push(
          importFinding(
            'import-case-mismatch',
            module.path,
            entry,
            `"${entry.specifier}" differs in letter case from ${resolution.target} (works on macOS and Windows, fails on Linux)`,
            { specifier: entry.specifier, target: resolution.target },
          ),
        );
      }
    });
  }
  return findings;
}

/** Which imports are edges of the cycle graph: runtime ones, and type-only and `import()` ones when asked. */
function edgePredicate(options: Required<CircularImportOptions>): (entry: ModuleImport) => boolean {
  return (entry) =>
    !((entry.typeOnly || entry.kind === 'import-type') && !options.includeTypeImports) &&
    !(entry.kind === 'dynamic' && !options.dynamicImports);
}

/** The rules that read every import (or parse errors), not just the cycle graph. */
const PER_IMPORT_RULES = ['unresolved-import', 'missing-package', 'import-case-mismatch', 'parse-error'];

/** Whether the cycles are all that is asked: then the graph is built by scanning first (build-graph.ts). */
function wantsCyclesOnly(context: Pick<CheckContext, 'isRuleEnabled'>): boolean {
  return context.isRuleEnabled('circular-import') && !PER_IMPORT_RULES.some((rule) => context.isRuleEnabled(rule));
}

/** `circular-import`: one finding per strongly connected component of the runtime graph. */
export function cycleFindings(graph: ModuleGraph, rawOptions: unknown): Finding[] {
  const options = readOptions(rawOptions);
  const modules = [...graph.modules].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const indexOf = new Map(modules.map((module, i) => [module.path, i]));
  // Per edge, the first import that makes it: the witness's closing location.
  const adjacency: number[][] = modules.map(() => []);
  const edgeImport = new Map<number, { line: number; column: number; specifier: string }>();
  const edgeKey = (from: number, to: number) => from * modules.length + to;
  const isEdge = edgePredicate(options);
  modules.forEach((module, from) => {
    const targets = new Set<number>();
    module.facts.imports.forEach((entry, i) => {
      const resolution = module.resolutions[i];
      if (resolution.status !== 'file' || !isEdge(entry)) return;
      const to = indexOf.get(resolution.target);
      if (to === undefined || targets.has(to)) return;
      targets.add(to);
      adjacency[from].push(to);
      edgeImport.set(edgeKey(from, to), entry);
    });
  });
  const allowed = new Set(options.allow.map((set) => [...set].sort().join('\n')));
  const findings: Finding[] = [];
  for (const component of findCycles(adjacency)) {
    const names = component.map((node) => modules[node].path);
    if (allowed.has(names.join('\n'))) continue;
    let cycle = shortestCycle(adjacency, component);
    // Start the witness at its first module (by path), so the closing import is deterministic.
    const ring = cycle.slice(0, -1);
    const first = ring.indexOf(Math.min(...ring));
    cycle = [...ring.slice(first), ...ring.slice(0, first), ring[first]];
    const closingFrom = cycle[cycle.length - 2];
    const closing = edgeImport.get(edgeKey(closingFrom, cycle[cycle.length - 1]))!;
    const witness = cycle.map((node) => modules[node].path);
    findings.push({
      rule: 'circular-import',
      severity: 'error',
      file: modules[closingFrom].path,
      line: closing.line,
      column: closing.column,
      message:
        names.length === 1
          ? `${names[0]} imports itself`
          : `circular import among ${names.length} modules: ${witness.join(' -> ')}${names.length > witness.length - 1 ? ` (and ${names.length - witness.length + 1} more in the component)` : ''}`,
      modules: names,
      cycle: witness,
    });
  }
  return findings;
}

export const moduleGraphCheck: Check = {
  id: 'module-graph',
  rules: [
    {
      id: 'circular-import',
      severity: 'error',
      description: 'Strongly connected component of the runtime import graph',
    },
    { id: 'unresolved-import', severity: 'error', description: 'Relative or aliased import that resolves to no file' },
    {
      id: 'missing-package',
      severity: 'error',
      description: 'Bare package import that is not installed',
      enabledByDefault: false,
    },
    {
      id: 'import-case-mismatch',
      severity: 'error',
      description: 'Import whose letter case differs from the file on disk',
    },
    { id: 'parse-error', severity: 'error', description: 'JS/TS file that does not parse' },
    {
      id: 'config-error',
      severity: 'error',
      description:
        'tsconfig/jsconfig that cannot be loaded (its files keep what TypeScript still parses from it, as tsc -p does; unparsable JSON falls back to the nearest loadable one)',
    },
  ],
  prepare: (context) => prepareModuleGraph(context, wantsCyclesOnly(context)),
  async run(context) {
    const cycleOptions = context.options.checks?.['circular-import'];
    const options = readOptions(cycleOptions);
    // With cycles the only question, files that cannot be on one are scanned, not parsed.
    const cyclesOnly = wantsCyclesOnly(context);
    const graph = await buildModuleGraph(context, cyclesOnly ? { cyclesOnly: { isEdge: edgePredicate(options) } } : {});
    debug('module-graph', JSON.stringify(graph.stats));
    const findings = importFindings(graph, context);
    if (context.isRuleEnabled('circular-import')) findings.push(...cycleFindings(graph, cycleOptions));
    return findings;
  },
  async dispose() {
    await closeParsePool();
  },
};
