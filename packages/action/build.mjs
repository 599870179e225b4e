#!/usr/bin/env node
// Bundles the action into dist/ (committed: a workflow runs it without installing anything).
// `node build.mjs [outdir]`; the dist-freshness test builds into a temp dir and compares bytes.
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.resolve(process.argv[2] ?? path.join(here, 'dist'));

/**
 * @warmbuild/core's index re-exports everything; the action uses only the content cache. Marking
 * core's modules side-effect free lets esbuild drop the rest, so dist/ does not change (and go
 * stale) each time a check is added to core.
 */
function coreWithoutSideEffects() {
  const coreDist = path.resolve(here, '../core/dist') + path.sep;
  return {
    name: 'core-without-side-effects',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /.*/ }, async (args) => {
        // Checks load lazily through import(); the action never runs them, so do not emit them.
        if (args.kind === 'dynamic-import' && args.importer.startsWith(coreDist))
          return { path: args.path, external: true };
        if (args.pluginData === 'inner' || !(args.importer.startsWith(coreDist) || args.path === '@warmbuild/core'))
          return undefined;
        const result = await pluginBuild.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: 'inner',
        });
        if (result.errors.length > 0 || result.external || !path.isAbsolute(result.path))
          return result.errors.length > 0 ? undefined : result;
        if (!fs.realpathSync(result.path).startsWith(coreDist)) return result;
        return { ...result, path: fs.realpathSync(result.path), sideEffects: false };
      });
    },
  };
}

fs.rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: here,
  entryPoints: { index: 'src/main.ts', post: 'src/post.ts' },
  outdir,
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The bundled CommonJS dependencies call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __warmbuildCreateRequire } from 'node:module';\nconst require = __warmbuildCreateRequire(import.meta.url);",
  },
  legalComments: 'linked',
  logLevel: 'warning',
  // The native hash binding cannot be bundled; core falls back to sha1 without it.
  external: ['@node-rs/xxhash'],
  plugins: [coreWithoutSideEffects()],
});
// dist/ sits in a "type": "module" package, but a checkout of the action has no node_modules:
// say it here too so Node never guesses.
fs.writeFileSync(path.join(outdir, 'package.json'), '{ "type": "module" }\n');
