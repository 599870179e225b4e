import path from 'node:path';
import { toRepoRelative } from '../internal/paths.js';
import type { BuildError, BuildSession } from './build-session.js';

// Structural slice of esbuild's PluginBuild: the engine never imports a bundler.
interface PartialMessage {
  text: string;
  location?: { file: string; line: number; column: number; lineText?: string } | null;
}
interface Metafile {
  inputs: Record<string, { imports: { path: string; kind: string; external?: boolean; original?: string }[] }>;
}
export interface EsbuildLikeBuild {
  initialOptions: { absWorkingDir?: string; outdir?: string; outfile?: string; metafile?: boolean };
  esbuild?: { version?: string };
  onStart(callback: () => void | Promise<void>): void;
  onEnd(
    callback: (result: {
      errors: unknown[];
      metafile?: Metafile;
    }) => Promise<{ errors?: PartialMessage[]; warnings?: PartialMessage[] } | undefined>,
  ): void;
  onDispose?(callback: () => void): void;
}

/** Static imports between the bundle's inputs; metafile paths are relative to the working directory. */
function metafileGraph(metafile: Metafile, workingDir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const absolute = (file: string) => path.resolve(workingDir, file);
  for (const [file, input] of Object.entries(metafile.inputs)) {
    const targets = input.imports
      .filter((entry) => !entry.external && entry.kind === 'import-statement')
      .map((entry) => absolute(entry.path));
    graph.set(absolute(file), targets);
  }
  return graph;
}

/** `importer\0specifier` of every import esbuild resolved, importers absolute. */
function metafileResolved(metafile: Metafile, workingDir: string): Set<string> {
  const resolved = new Set<string>();
  for (const [file, input] of Object.entries(metafile.inputs)) {
    const importer = path.resolve(workingDir, file);
    for (const entry of input.imports) if (entry.original !== undefined) resolved.add(`${importer}\0${entry.original}`);
  }
  return resolved;
}

/** The build error as an esbuild message: its location (esbuild's column is 0-based) makes esbuild print the file, position and line. */
function esbuildMessage(error: BuildError, workingDir: string): PartialMessage {
  const location = error.loc && {
    file: toRepoRelative(workingDir, error.id),
    line: error.loc.line,
    column: error.loc.column - 1,
    lineText: error.lineText,
  };
  return { text: error.message, location };
}

/** esbuild: checks start at `onStart`; `onEnd` returns failing findings as errors (which fail the build) and the rest as warnings. */
export function applyEsbuildHooks(
  build: EsbuildLikeBuild,
  session: BuildSession,
  root: string | undefined,
  bundleGraph: boolean,
): void {
  let builds = 0;
  const workingDir = build.initialOptions.absWorkingDir ?? process.cwd();
  // The metafile is esbuild's module graph: the cycle check uses it, and it says which specifiers
  // esbuild resolved (`build.resolve` is refused once the build is over, where findings arrive).
  if (bundleGraph || session.checksEnabled) build.initialOptions.metafile = true;
  const outputs = [build.initialOptions.outdir, build.initialOptions.outfile].filter((value): value is string =>
    Boolean(value),
  );
  build.onStart(() => {
    session.begin({
      root: root ?? build.initialOptions.absWorkingDir,
      mode: builds++ === 0 ? 'build' : 'watch',
      bundlerVersion: build.esbuild?.version,
      outputDirs: outputs,
    });
  });
  build.onEnd(async (result) => {
    if (bundleGraph && result.metafile) session.setBundleGraph(metafileGraph(result.metafile, workingDir));
    const resolved = result.metafile && metafileResolved(result.metafile, workingDir);
    const outcome = await session.finish({
      buildError: result.errors.length ? `${result.errors.length} esbuild errors` : undefined,
      // What esbuild resolved (its plugins, aliases, externals) in the bundled files.
      resolve: resolved && (async (specifier, importer) => resolved.has(`${importer}\0${specifier}`)),
    });
    const warnings = session.takeNewWarningText(outcome);
    return {
      errors: outcome.error ? [esbuildMessage(outcome.error, workingDir)] : [],
      warnings: warnings ? [{ text: warnings }] : [],
    };
  });
  build.onDispose?.(() => {
    void session.close();
  });
}
