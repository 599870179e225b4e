import type { BuildSession } from './build-session.js';

// Structural slice of esbuild's PluginBuild: the engine never imports a bundler.
interface PartialMessage {
  text: string;
  location?: { file: string; line: number; column: number } | null;
}
export interface EsbuildLikeBuild {
  initialOptions: { absWorkingDir?: string; outdir?: string; outfile?: string };
  esbuild?: { version?: string };
  onStart(callback: () => void | Promise<void>): void;
  onEnd(callback: (result: { errors: unknown[] }) => Promise<{ errors?: PartialMessage[]; warnings?: PartialMessage[] } | void>): void;
  onDispose?(callback: () => void): void;
}

/** esbuild: checks start at `onStart`; `onEnd` returns failing findings as errors (which fail the build) and the rest as warnings. */
export function applyEsbuildHooks(build: EsbuildLikeBuild, session: BuildSession, root: string | undefined): void {
  let builds = 0;
  const outputs = [build.initialOptions.outdir, build.initialOptions.outfile].filter((value): value is string => Boolean(value));
  build.onStart(() => {
    session.begin({
      root: root ?? build.initialOptions.absWorkingDir,
      mode: builds++ === 0 ? 'build' : 'watch',
      bundlerVersion: build.esbuild?.version,
      outputDirs: outputs,
    });
  });
  build.onEnd(async (result) => {
    const outcome = await session.finish({ buildError: result.errors.length ? `${result.errors.length} esbuild errors` : undefined });
    const warnings = session.takeNewWarningText(outcome);
    return {
      errors: outcome.errorText ? [{ text: outcome.errorText }] : [],
      warnings: warnings ? [{ text: warnings }] : [],
    };
  });
  build.onDispose?.(() => {
    void session.close();
  });
}
