import path from 'node:path';
import type * as TS from 'typescript';
import type { TypeScriptApi } from './typescript.js';
import { WarmbuildError } from '../errors.js';
import { fromRepoRelative, toRepoRelative } from '../internal/paths.js';
import type { FactsOptions } from './module-facts.js';

/** The compiler options that govern one directory tree, from its nearest tsconfig/jsconfig. */
export interface ProjectConfig {
  /** Repo-relative config path, or undefined for the defaults. */
  file: string | undefined;
  options: TS.CompilerOptions;
  /** Directories the config includes (absolute), to pick among solution-style references. */
  wildcardDirectories: string[];
  factsOptions: FactsOptions;
}

const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];
/** TS diagnostics that are not configuration errors here: "no inputs" (we never list files). */
const IGNORED_DIAGNOSTICS = new Set([18003]);

/** Defaults for files under no tsconfig: what a bundler does. */
export function defaultCompilerOptions(ts: TypeScriptApi): TS.CompilerOptions {
  return {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowJs: true,
    resolveJsonModule: true,
    jsx: ts.JsxEmit.Preserve,
  };
}

export function factsOptionsOf(ts: TypeScriptApi, options: TS.CompilerOptions): FactsOptions {
  const verbatim = Boolean(options.verbatimModuleSyntax || (options as { preserveValueImports?: boolean }).preserveValueImports);
  const jsxFactory = options.jsx === ts.JsxEmit.React ? (options.jsxFactory ?? 'React') : undefined;
  const decoratorMetadata = Boolean(options.experimentalDecorators && options.emitDecoratorMetadata);
  return { verbatim, jsxFactory, decoratorMetadata };
}

export interface ConfigSet {
  /** The config governing a repo-relative file. Throws CONFIG_INVALID for a broken config. */
  configFor(rel: string): ProjectConfig;
  /** Repo-relative config files read so far. */
  readonly loaded: ReadonlyMap<string, ProjectConfig>;
}

export function createConfigSet(ts: TypeScriptApi, root: string, fileSet: ReadonlySet<string>): ConfigSet {
  const byDir = new Map<string, ProjectConfig>();
  const loaded = new Map<string, ProjectConfig>();
  const fallback: ProjectConfig = {
    file: undefined,
    options: defaultCompilerOptions(ts),
    wildcardDirectories: [],
    factsOptions: factsOptionsOf(ts, defaultCompilerOptions(ts)),
  };
  const host: TS.ParseConfigHost = {
    useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
    // The file list is never needed (warmbuild has its own), so skip the directory walk.
    readDirectory: () => [],
    fileExists: (file) => ts.sys.fileExists(file),
    readFile: (file) => ts.sys.readFile(file),
  };

  function fail(rel: string, message: string, hint: string, where = rel): never {
    // Messages name files absolutely; the user reads them relative to the repository.
    const relativeMessage = message.split(`${root}${path.sep}`).join('');
    throw new WarmbuildError('CONFIG_INVALID', `${where}: ${relativeMessage}`, { file: rel.replace(/ \(via .*\)$/, ''), hint });
  }

  function load(rel: string): ProjectConfig {
    const existing = loaded.get(rel);
    if (existing) return existing;
    const absolute = fromRepoRelative(root, rel);
    const read = ts.readConfigFile(absolute, (file) => ts.sys.readFile(file));
    if (read.error) {
      const at = read.error.file && read.error.start !== undefined ? read.error.file.getLineAndCharacterOfPosition(read.error.start) : undefined;
      fail(rel, ts.flattenDiagnosticMessageText(read.error.messageText, ' '), 'fix the JSON syntax of this tsconfig (comments and trailing commas are allowed)', at ? `${rel}:${at.line + 1}:${at.character + 1}` : rel);
    }
    const parsed = ts.parseJsonConfigFileContent(read.config, host, path.dirname(absolute), undefined, absolute);
    const errors = parsed.errors.filter((diagnostic) => !IGNORED_DIAGNOSTICS.has(diagnostic.code) && diagnostic.category === ts.DiagnosticCategory.Error);
    if (errors.length > 0) {
      const first = errors[0];
      const where = first.file ? toRepoRelative(root, first.file.fileName) : rel;
      const message = ts.flattenDiagnosticMessageText(first.messageText, ' ');
      const hint =
        first.code === 18000
          ? 'break the circular "extends" chain'
          : /not found|cannot find|cannot read/i.test(message)
            ? 'point "extends" at an existing file, or install the package it names'
            : 'fix this compiler option';
      fail(where === rel ? rel : `${rel} (via ${where})`, message, hint);
    }
    let config: ProjectConfig;
    const references = parsed.projectReferences ?? [];
    const solutionStyle = references.length > 0 && parsed.fileNames.length === 0 && Object.keys(parsed.wildcardDirectories ?? {}).length === 0;
    if (solutionStyle) {
      // `{ "files": [], "references": [...] }` (Vite's template): the options live in the referenced configs.
      const children = references
        .map((reference) => ts.resolveProjectReferencePath(reference))
        .map((file) => toRepoRelative(root, file))
        .filter((child) => fileSet.has(child) && child !== rel)
        .map(load);
      config = { ...(children[0] ?? { ...fallback }), file: rel, wildcardDirectories: [] };
      (config as ProjectConfig & { children?: ProjectConfig[] }).children = children;
    } else {
      const options = { ...parsed.options };
      config = {
        file: rel,
        options,
        wildcardDirectories: Object.keys(parsed.wildcardDirectories ?? {}),
        factsOptions: factsOptionsOf(ts, options),
      };
    }
    loaded.set(rel, config);
    return config;
  }

  // Iterative walk up: deep directory trees must not grow the stack.
  function nearest(start: string): ProjectConfig {
    const visited: string[] = [];
    let dir = start;
    let found: ProjectConfig | undefined;
    for (;;) {
      found = byDir.get(dir);
      if (found) break;
      visited.push(dir);
      const name = CONFIG_NAMES.map((candidate) => (dir === '' ? candidate : `${dir}/${candidate}`)).find((candidate) => fileSet.has(candidate));
      if (name) {
        found = load(name);
        break;
      }
      if (dir === '') {
        found = fallback;
        break;
      }
      dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
    }
    for (const seen of visited) byDir.set(seen, found);
    return found;
  }

  return {
    loaded,
    configFor(rel) {
      const slash = rel.lastIndexOf('/');
      const config = nearest(slash === -1 ? '' : rel.slice(0, slash));
      const children = (config as ProjectConfig & { children?: ProjectConfig[] }).children;
      if (!children || children.length === 0) return config;
      const absolute = fromRepoRelative(root, rel);
      const owner = children.find((child) => child.wildcardDirectories.some((dir) => absolute.startsWith(dir + path.sep) || absolute.startsWith(dir + '/')));
      return owner ?? config;
    },
  };
}
