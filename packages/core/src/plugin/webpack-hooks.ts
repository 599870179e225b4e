import { isWarmbuildError } from '../errors.js';
import { toRepoRelative } from '../internal/paths.js';
import type { BuildError, BuildOutcome, BuildSession } from './build-session.js';
import { webpackResolver } from './bundler-resolve.js';

// Structural types of the few webpack/rspack APIs used here: the engine never imports a bundler.
interface AsyncHook<T extends unknown[]> {
  tapPromise(name: string, fn: (...args: T) => Promise<void>): void;
}
interface SyncHook<T extends unknown[]> {
  tap(name: string, fn: (...args: T) => void): void;
}
interface ModuleLike {
  resource?: string;
}
interface ConnectionLike {
  module?: ModuleLike | null;
  dependency?: { type?: string } | null;
}
interface CompilationLike {
  compiler: unknown;
  fileDependencies: { add(file: string): void };
  hooks: { finishModules: AsyncHook<[Iterable<ModuleLike>]> };
  errors: unknown[];
  warnings: unknown[];
  moduleGraph?: { getOutgoingConnections?(module: ModuleLike): Iterable<ConnectionLike> };
}
type ErrorClass = new (message: string) => Error;
export interface WebpackLikeCompiler {
  context: string;
  options: { mode?: string; output?: { path?: string } };
  webpack?: { version?: string; rspackVersion?: string; WebpackError?: ErrorClass };
  modifiedFiles?: ReadonlySet<string>;
  resolverFactory?: Parameters<typeof webpackResolver>[0]['resolverFactory'];
  removedFiles?: ReadonlySet<string>;
  hooks: {
    run: AsyncHook<[WebpackLikeCompiler]>;
    watchRun: AsyncHook<[WebpackLikeCompiler]>;
    afterCompile: AsyncHook<[CompilationLike]>;
    thisCompilation: SyncHook<[CompilationLike]>;
    watchClose: SyncHook<[]>;
    shutdown?: AsyncHook<[]>;
  };
}

const NAME = 'warmbuild';

/** Dependency types that do not run the target while the importer initialises. */
const LAZY_DEPENDENCY = /import\(\)|context|worker|url|asset/;

/** Taken at `finishModules`, before module concatenation merges modules into one. */
function collectModuleGraph(
  compilation: CompilationLike,
  modules: Iterable<ModuleLike>,
): Map<string, string[]> | undefined {
  const moduleGraph = compilation.moduleGraph;
  if (!moduleGraph?.getOutgoingConnections) return undefined;
  const graph = new Map<string, string[]>();
  for (const module of modules) {
    if (!module.resource) continue;
    const targets: string[] = [];
    for (const connection of moduleGraph.getOutgoingConnections(module)) {
      const resource = connection.module?.resource;
      if (!resource || LAZY_DEPENDENCY.test(connection.dependency?.type ?? '')) continue;
      targets.push(resource);
    }
    graph.set(module.resource, targets);
  }
  return graph;
}

function toBundlerError(ErrorType: ErrorClass, text: string, at?: { file: string; loc?: BuildError['loc'] }): Error {
  const error = new ErrorType(text);
  // The message lists every finding with its location; a stack would only add noise.
  Object.assign(error, { hideStack: true });
  // WebpackError's own fields: stats print them as `ERROR in <file> <line>:<column>`.
  if (at)
    Object.assign(error, {
      file: at.file,
      ...(at.loc ? { loc: { start: { line: at.loc.line, column: at.loc.column } } } : {}),
    });
  return error;
}

/** The build error for webpack: its file repo-relative, and the frame in the message (stats print no frames). */
function webpackError(ErrorType: ErrorClass, error: BuildError, root: string): Error {
  const [first, ...rest] = error.message.split('\n');
  const message = error.frame ? [first, '', error.frame, '', ...rest].join('\n') : error.message;
  return toBundlerError(ErrorType, message, { file: toRepoRelative(root, error.id), loc: error.loc });
}

/** webpack and rspack: checks start with the compile, findings land in the compilation's errors and warnings. */
export function applyWebpackHooks(
  compiler: WebpackLikeCompiler,
  session: BuildSession,
  bundler: 'webpack' | 'rspack',
  bundleGraph: boolean,
): void {
  // Rspack's `webpack.version` is the webpack API level it mirrors; its own version is `rspackVersion`.
  const bundlerVersion =
    bundler === 'rspack' ? (compiler.webpack?.rspackVersion ?? compiler.webpack?.version) : compiler.webpack?.version;
  const base = {
    root: compiler.context,
    bundlerVersion,
    outputDirs: compiler.options.output?.path ? [compiler.options.output.path] : [],
  };
  let watching = false;
  session.setLogger({
    warn: (message) => process.stderr.write(`warmbuild: ${message}\n`),
  });

  compiler.hooks.run.tapPromise(NAME, async () => {
    session.begin({ ...base, mode: 'build' });
  });
  compiler.hooks.watchRun.tapPromise(NAME, async (watched) => {
    const first = !watching;
    watching = true;
    const changed = first ? undefined : [...(watched.modifiedFiles ?? []), ...(watched.removedFiles ?? [])];
    session.begin({ ...base, mode: 'watch', watchCheckedFiles: true }, changed);
  });
  if (bundleGraph) {
    compiler.hooks.thisCompilation.tap(NAME, (compilation) => {
      compilation.hooks.finishModules.tapPromise(NAME, async (modules) => {
        const graph = collectModuleGraph(compilation, modules);
        if (graph) session.setBundleGraph(graph);
      });
    });
  }
  compiler.hooks.afterCompile.tapPromise(NAME, async (compilation) => {
    // Child compilations (html-webpack-plugin, workers) are part of the parent's build.
    if (compilation.compiler !== compiler) return;
    let outcome: BuildOutcome;
    try {
      outcome = await session.finish({ resolve: webpackResolver(compiler) });
    } catch (error) {
      compilation.errors.push(
        new (compiler.webpack?.WebpackError ?? Error)(
          isWarmbuildError(error) ? error.format() : String((error as Error)?.message ?? error),
        ),
      );
      return;
    }
    const ErrorType = compiler.webpack?.WebpackError ?? Error;
    if (outcome.error)
      compilation.errors.push(webpackError(ErrorType, outcome.error, session.root ?? compiler.context));
    // webpack watches only the bundle's files; the checked ones (docs, configs) must re-trigger checks too.
    for (const file of outcome.checkedFiles ?? []) compilation.fileDependencies.add(file);
    // Each compilation starts empty, so fixed findings disappear on the next rebuild.
    if (outcome.warningText) compilation.warnings.push(toBundlerError(ErrorType, outcome.warningText));
  });
  compiler.hooks.watchClose.tap(NAME, () => {
    void session.close();
  });
  compiler.hooks.shutdown?.tapPromise(NAME, () => session.close());
}
