#!/usr/bin/env node
// Bundles, after tsc, three entries into one file each: the plugin's check worker
// (dist/checks/check-worker.js -> check-worker.bundle.js), the CLI (dist/cli/main.js ->
// main.bundle.js; bin.js imports it for `check` and `cache`) and the markdown linter both import
// when a markdown file changed (docs/lint-scheduler.js -> lint-scheduler.bundle.js). A worker thread starts with an empty module
// cache: unbundled it resolves and loads ~80 ES modules (ours and our dependencies') before its first
// run, on a machine where the bundler is busy on the other core; as one file it starts sooner and
// with less CPU (the start-up is `checks.startupMs` of the build report: `pnpm bench plugins`
// prints it as "check start-up").
// check-runner.ts falls back to the unbundled worker when the bundle is missing or older.
// The CLI pays the same start-up on every `warmbuild check` (~45 modules before a warm docs check
// starts): bin.js uses main.bundle.js under the same rule (missing or older: main.js), which
// lowers the CPU of every warm check (`pnpm bench docs`, row "warmbuild warm").
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');

/**
 * Our modules find files next to themselves (`new URL('./parse-worker.js', import.meta.url)`, the
 * package.json for the version): inside the bundle each keeps pointing at its own compiled file.
 * With `markdownIt`, markdown-parser.js imports markdown-it's ES modules (bundled with it) instead
 * of requiring its CommonJS build: one file either way, and the bundled one loads with less CPU
 * (unbundled, the CommonJS build stays the faster: its ES modules are ~50 files).
 */
const MARKDOWN_IT_REQUIRE = "const MarkdownIt = createRequire(import.meta.url)('markdown-it');";
function rewriteSources(outfile, { markdownIt = false } = {}) {
  const parser = path.join(dist, 'docs', 'markdown-parser.js');
  return {
    name: 'rewrite-sources',
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /\.js$/ }, async (args) => {
        if (!args.path.startsWith(dist + path.sep)) return undefined;
        let text = await fs.promises.readFile(args.path, 'utf8');
        if (markdownIt && args.path === parser) {
          if (!text.includes(MARKDOWN_IT_REQUIRE))
            throw new Error(
              `${parser}: no "${MARKDOWN_IT_REQUIRE}" line to bundle markdown-it from; update build-worker.mjs`,
            );
          text = `import MarkdownIt from 'markdown-it';\n${text.replace(MARKDOWN_IT_REQUIRE, '')}`;
        }
        if (!text.includes('import.meta.url')) return { contents: text, loader: 'js' };
        const relative = path.relative(path.dirname(outfile), args.path).split(path.sep).join('/');
        const specifier = JSON.stringify(relative.startsWith('.') ? relative : `./${relative}`);
        return {
          contents: text.replaceAll('import.meta.url', `new URL(${specifier}, import.meta.url).href`),
          loader: 'js',
        };
      });
    },
  };
}

/**
 * Modules only a changed file needs are left out of the bundle and imported from dist/ on demand:
 * the markdown linter (markdown-it and its dependencies: a third of the bundle, which V8 would
 * otherwise parse at every start) and the parse pool (tinypool finds its own worker file).
 * Their import is rewritten to point from the bundle at the compiled module (or at its own bundle,
 * built by the same run: a bundle in use is never older than the compile). Only modules that are
 * imported with `import()` can be left out: esbuild hoists a static import of an external module
 * to the top of the bundle, which loads it at start-up (checked after each build).
 */
function leaveOut(outfile, relativeToDist) {
  const targets = new Map(
    Object.entries(relativeToDist).map(([relative, replacement]) => [
      path.join(dist, relative),
      path.join(dist, replacement),
    ]),
  );
  return {
    name: 'leave-out',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^\.\.?\// }, (args) => {
        const target = path.resolve(args.resolveDir, args.path);
        if (!targets.has(target)) return undefined;
        const relative = path.relative(path.dirname(outfile), targets.get(target)).split(path.sep).join('/');
        return { path: relative.startsWith('.') ? relative : `./${relative}`, external: true };
      });
    },
  };
}

/**
 * Bundles `entry` (relative to dist/) into `out`. Modules only a changed file needs are left out:
 * the markdown linter and the parse pool (see leaveOut).
 */
async function bundle(entry, out, { leave = LEAVE_OUT, markdownIt = false } = {}) {
  const outfile = path.join(dist, out);
  await build({
    entryPoints: [path.join(dist, entry)],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // ES module builds first (jsonc-parser's "main" is a UMD build that requires its parts at run time).
    mainFields: ['module', 'main'],
    // Bundled CommonJS dependencies call require() for Node built-ins.
    banner: {
      js: "import { createRequire as __warmbuildCreateRequire } from 'node:module';\nconst require = __warmbuildCreateRequire(import.meta.url);",
    },
    // Native binding; the user's compiler; packages imported on demand only (cold runs, include globs).
    external: ['@node-rs/xxhash', 'typescript', 'fast-glob', 'tinypool', 'yaml'],
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [rewriteSources(outfile, { markdownIt }), leaveOut(outfile, leave)],
  });
  const text = await fs.promises.readFile(outfile, 'utf8');
  for (const relative of Object.keys(leave)) {
    const name = relative.split('/').pop().replaceAll('.', '\\.');
    if (new RegExp(`^import [^\\n]*from ["'][^"']*/${name}["']`, 'm').test(text)) {
      throw new Error(
        `${outfile}: ${relative} is imported statically, so the bundle would load it at start-up; import it with import() where it is used`,
      );
    }
  }
}

// Left out -> what the bundle imports instead. lint-scheduler.js: the markdown linter (markdown-it),
// needed when a markdown file changed, as its own bundle; worker-pool.js: tinypool.
const LEAVE_OUT = {
  'files/worker-pool.js': 'files/worker-pool.js',
  'docs/lint-scheduler.js': 'docs/lint-scheduler.bundle.js',
};

await Promise.all([
  bundle('checks/check-worker.js', 'checks/check-worker.bundle.js'),
  bundle('cli/main.js', 'cli/main.bundle.js'),
  bundle('docs/lint-scheduler.js', 'docs/lint-scheduler.bundle.js', {
    leave: { 'files/worker-pool.js': 'files/worker-pool.js' },
    markdownIt: true,
  }),
]);
