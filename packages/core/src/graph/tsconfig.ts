import path from 'node:path';
import type * as TS from 'typescript';
import type { TypeScriptApi } from './typescript.js';
import { fromRepoRelative, toRepoRelative } from '../internal/paths.js';
import type { FactsOptions } from './module-facts.js';
import type { ProbeRecorder } from './probes.js';
import { findWorkspacePackages, workspaceLinkTarget } from './workspace-packages.js';

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
/** "The root value of a tsconfig.json file must be an object": valid JSON, but no options at all. */
const ROOT_NOT_AN_OBJECT = 5092;

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
  const verbatim = Boolean(
    options.verbatimModuleSyntax || (options as { preserveValueImports?: boolean }).preserveValueImports,
  );
  const jsxFactory = options.jsx === ts.JsxEmit.React ? (options.jsxFactory ?? 'React') : undefined;
  const decoratorMetadata = Boolean(options.experimentalDecorators && options.emitDecoratorMetadata);
  return { verbatim, jsxFactory, decoratorMetadata };
}

/**
 * A tsconfig/jsconfig that could not be loaded (syntax, circular or missing `extends`, a package
 * not installed, an invalid option). Located in that file; the files it governs use `fallback`:
 * itself when TypeScript still parsed its options, as `tsc -p` would run with them.
 */
export interface ConfigError {
  file: string;
  line: number;
  column: number;
  message: string;
  /** How to fix it. */
  hint: string;
  /**
   * The config its files were checked with: the file itself (the options TypeScript still parsed
   * from it), else the nearest loadable ancestor, else undefined for TypeScript's defaults.
   */
  fallback: string | undefined;
}

export interface ConfigSet {
  /** The config governing a repo-relative file; one TypeScript cannot read at all is passed over (see `errors`). */
  configFor(rel: string): ProjectConfig;
  /** Repo-relative config files read so far. */
  readonly loaded: ReadonlyMap<string, ProjectConfig>;
  /** Configs met so far that could not be loaded, one per file. */
  readonly errors: readonly ConfigError[];
  /**
   * The file set's workspace packages (findWorkspacePackages), read on first use and once per set:
   * `extends` of a package not linked yet and the resolver's bare specifiers both ask.
   */
  workspacePackages(): ReadonlyMap<string, string>;
}

export function createConfigSet(
  ts: TypeScriptApi,
  root: string,
  fileSet: ReadonlySet<string>,
  disk: Pick<ProbeRecorder, 'fileExists' | 'readFile'>,
): ConfigSet {
  const byDir = new Map<string, ProjectConfig>();
  const loaded = new Map<string, ProjectConfig>();
  const broken = new Map<string, ConfigError>();
  const errors: ConfigError[] = [];
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
    // Through the probe recorder: an `extends` into node_modules is an input of the snapshot.
    // A workspace package not linked yet (a fresh clone) is read from its directory, as the
    // install would link it: `"extends": "@pnpm/tsconfig"` must not wait for `pnpm install`.
    fileExists: (file) =>
      disk.fileExists(file) || linkedInWorkspace(file, (target) => disk.fileExists(target)) === true,
    readFile: (file) => disk.readFile(file) ?? linkedInWorkspace(file, (target) => disk.readFile(target)),
  };
  let packages: Map<string, string> | undefined;
  const workspacePackages = () => (packages ??= findWorkspacePackages(root, fileSet));
  function linkedInWorkspace<T>(file: string, read: (target: string) => T): T | undefined {
    if (!file.includes('node_modules')) return undefined;
    const target = workspaceLinkTarget(workspacePackages(), root, file);
    return target === undefined ? undefined : read(target);
  }

  /** Why a config cannot be loaded, located in it, or undefined when it loads. */
  function problemOf(
    rel: string,
    source: TS.TsConfigSourceFile,
    diagnostic: TS.Diagnostic,
    hint: string,
  ): Omit<ConfigError, 'fallback'> {
    // Messages name files absolutely; the user reads them relative to the repository.
    const message = ts
      .flattenDiagnosticMessageText(diagnostic.messageText, ' ')
      .split(`${root}${path.sep}`)
      .join('')
      .replace(/\.$/, '');
    const inThisFile =
      diagnostic.file && toRepoRelative(root, diagnostic.file.fileName) === rel && diagnostic.start !== undefined;
    // An `extends` that cannot be followed comes without a place: the "extends" key is the place.
    const extendsKey = source.text.search(/"extends"\s*:/);
    const start = inThisFile
      ? diagnostic.start!
      : extendsKey !== -1 && !inThisFile && /extends|circularity|cannot read|not found/i.test(message)
        ? extendsKey
        : undefined;
    const at = start === undefined ? undefined : source.getLineAndCharacterOfPosition(start);
    const via = diagnostic.file && !inThisFile ? toRepoRelative(root, diagnostic.file.fileName) : undefined;
    return {
      file: rel,
      line: at ? at.line + 1 : 1,
      column: at ? at.character + 1 : 1,
      message: via ? `${message} (in ${via})` : message,
      hint,
    };
  }

  /**
   * The parsed config and its first error. Without `parsed` it cannot be read at all (a JSON
   * syntax error, a root that is not an object): its files use the nearest loadable ancestor.
   * With both, it is what `tsc -p` runs with despite the error: an option this TypeScript rejects
   * is dropped, and an `extends` that cannot be followed (missing file, package not installed,
   * circular chain) leaves the config's own options plus whatever part of the chain did load.
   * TypeScript's own parse detects the circular chain, so a cycle of `extends` cannot loop here.
   */
  function check(rel: string): { parsed?: TS.ParsedCommandLine; problem?: Omit<ConfigError, 'fallback'> } {
    const absolute = fromRepoRelative(root, rel);
    const source = ts.readJsonConfigFile(absolute, (file) => disk.readFile(file));
    const syntax = (source as { parseDiagnostics?: TS.Diagnostic[] }).parseDiagnostics ?? [];
    // TypeScript recovers some options from broken JSON, but which ones depends on where the
    // error falls: the ancestor's complete config is the sounder guess.
    if (syntax.length > 0)
      return {
        problem: problemOf(
          rel,
          source,
          syntax[0],
          'fix the JSON syntax of this tsconfig (comments and trailing commas are allowed)',
        ),
      };
    const parsed = ts.parseJsonSourceFileConfigFileContent(source, host, path.dirname(absolute), undefined, absolute);
    const first = parsed.errors.find(
      (diagnostic) => !IGNORED_DIAGNOSTICS.has(diagnostic.code) && diagnostic.category === ts.DiagnosticCategory.Error,
    );
    if (!first) return { parsed };
    const message = ts.flattenDiagnosticMessageText(first.messageText, ' ');
    if (first.code === ROOT_NOT_AN_OBJECT)
      return {
        problem: problemOf(rel, source, first, 'make this tsconfig a JSON object ({ "compilerOptions": ... })'),
      };
    if (first.code === 18000)
      return { parsed, problem: problemOf(rel, source, first, 'break the circular "extends" chain') };
    if (/not found|cannot find|cannot read/i.test(message))
      return {
        parsed,
        problem: problemOf(rel, source, first, 'point "extends" at an existing file, or install the package it names'),
      };
    return {
      parsed,
      problem: problemOf(
        rel,
        source,
        first,
        'fix this compiler option (or upgrade TypeScript if the option is newer than it)',
      ),
    };
  }

  /** The config in `rel`, or undefined when it cannot be loaded (recorded in `errors`). */
  function load(rel: string, fallbackFile: () => string | undefined): ProjectConfig | undefined {
    const existing = loaded.get(rel);
    if (existing) return existing;
    if (broken.has(rel)) return undefined;
    const { parsed, problem } = check(rel);
    if (problem) {
      // A config TypeScript could still parse is used as tsc uses it (its fallback is itself).
      const error = { ...problem, fallback: parsed ? rel : fallbackFile() };
      broken.set(rel, error);
      errors.push(error);
    }
    if (!parsed) return undefined;
    let config: ProjectConfig;
    const references = parsed.projectReferences ?? [];
    const solutionStyle =
      references.length > 0 &&
      parsed.fileNames.length === 0 &&
      Object.keys(parsed.wildcardDirectories ?? {}).length === 0;
    if (solutionStyle) {
      // `{ "files": [], "references": [...] }` (Vite's template): the options live in the referenced configs.
      const children = references
        .map((reference) => ts.resolveProjectReferencePath(reference))
        .map((file) => toRepoRelative(root, file))
        .filter((child) => fileSet.has(child) && child !== rel)
        .map((child) => load(child, () => rel))
        .filter((child): child is ProjectConfig => child !== undefined);
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
      const name = CONFIG_NAMES.map((candidate) => (dir === '' ? candidate : `${dir}/${candidate}`)).find((candidate) =>
        fileSet.has(candidate),
      );
      // A config TypeScript cannot read at all is passed over: its files fall back to the nearest ancestor's.
      const parent = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
      found = name ? load(name, () => (dir === '' ? undefined : nearest(parent).file)) : undefined;
      if (found) break;
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
    errors,
    workspacePackages,
    configFor(rel) {
      const slash = rel.lastIndexOf('/');
      const config = nearest(slash === -1 ? '' : rel.slice(0, slash));
      const children = (config as ProjectConfig & { children?: ProjectConfig[] }).children;
      if (!children || children.length === 0) return config;
      const absolute = fromRepoRelative(root, rel);
      const owner = children.find((child) =>
        child.wildcardDirectories.some(
          (dir) => absolute.startsWith(`${dir}${path.sep}`) || absolute.startsWith(`${dir}/`),
        ),
      );
      return owner ?? config;
    },
  };
}
