// The module-graph oracle: plain TypeScript, no warmbuild code. Each file is transpiled alone
// (ts.transpileModule, isolatedModules), the imports left in its output are resolved with
// ts.resolveModuleName + ts.sys and the file's own tsconfig, and Tarjan's algorithm gives the
// strongly connected components. The same pass lists the relative and aliased specifiers of the
// *source* (type-only imports included: a broken `import type` is still broken) that plain
// TypeScript resolution cannot resolve.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire, isBuiltin } from 'node:module';

const require = createRequire(import.meta.url);
const ts = require('typescript');

export const CODE_EXTENSIONS = /\.(?:[cm]?[jt]sx?)$/;
const DECLARATION = /\.d\.[cm]?ts$|\.d\.[^/]*\.ts$/;

/**
 * Specifiers that name a file TypeScript never resolves as a module: assets a bundler loads
 * (styles, images, fonts, media, data, markup, other frameworks' components). For those, and for
 * any specifier with a `?query`, "unresolved" means "no such file", not "TypeScript cannot
 * resolve it". Deliberately this oracle's own list, not warmbuild's.
 */
export const ASSET_EXTENSIONS = new Set(
  (
    'css scss sass less styl stylus pcss postcss sss svg png jpg jpeg gif webp avif ico bmp tif tiff cur apng ' +
    'woff woff2 ttf otf eot mp3 mp4 webm ogg oga ogv wav flac aac m4a mov avi pdf txt md mdx html htm xml ' +
    'yaml yml toml json json5 jsonc wasm glsl vert frag wgsl graphql gql csv tsv vue svelte astro hbs ejs pug ' +
    'njk liquid node'
  ).split(' '),
);

export function isAssetSpecifier(specifier) {
  if (specifier.includes('?')) return true;
  const last = specifier.split('/').pop() ?? '';
  const dot = last.lastIndexOf('.');
  return dot > 0 && ASSET_EXTENSIONS.has(last.slice(dot + 1).toLowerCase());
}

const isRelative = (specifier) =>
  specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../');

/**
 * Whether a `paths` pattern makes the specifier an alias into the repository. A pattern whose
 * targets all point into node_modules (`"vite": ["./node_modules/vite"]`) names a package. The
 * catch-all `"*"` does not make a bare specifier an alias: when its substitution names no file,
 * TypeScript goes on to node_modules, so `zod` under `"*": ["./*"]` is still a package import.
 * Node built-ins (`node:fs`, `fs`) are never aliases.
 */
function matchesPaths(options, specifier) {
  if (isBuiltin(specifier)) return false;
  for (const [pattern, targets] of Object.entries(options.paths ?? {})) {
    if (pattern === '*') continue;
    const star = pattern.indexOf('*');
    if (
      star === -1
        ? pattern === specifier
        : specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1))
    ) {
      return !targets.every((target) => target.includes('node_modules/'));
    }
  }
  return false;
}

/**
 * One project's compiler options for each file. The nearest tsconfig.json / jsconfig.json
 * (ts.findConfigFile, not above the root); for a solution-style config whose own file list does
 * not hold the file, the referenced project that does (what tsserver does). A config TypeScript
 * cannot parse at all falls back to its defaults. `allowJs` is always on: warmbuild resolves JS
 * files as TypeScript does with allowJs, and a JS-only repository has no config.
 */
function createConfigs(root) {
  const parsed = new Map();
  const errors = [];
  const nearest = new Map();
  const parse = (configPath) => {
    if (parsed.has(configPath)) return parsed.get(configPath);
    let fatal;
    const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => (fatal = d) };
    let result;
    try {
      result = ts.getParsedCommandLineOfConfigFile(configPath, {}, host);
    } catch (error) {
      fatal = { messageText: String(error) };
    }
    const rel = path.relative(root, configPath);
    const serious = (result?.errors ?? []).filter((d) => d.code !== 18003 /* no inputs */);
    if (!result || fatal)
      errors.push({ file: rel, message: ts.flattenDiagnosticMessageText(fatal?.messageText ?? 'unparsable', ' ') });
    else if (serious.length > 0)
      errors.push({
        file: rel,
        message: serious.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')).join('; '),
      });
    const entry =
      result && !fatal
        ? {
            path: configPath,
            options: result.options,
            fileNames: new Set(result.fileNames.map((f) => path.resolve(f))),
            references: result.projectReferences ?? [],
          }
        : { path: configPath, options: {}, fileNames: new Set(), references: [], broken: true };
    entry.options = { ...entry.options, allowJs: true, noEmit: false };
    entry.resolutionCache = ts.createModuleResolutionCache(path.dirname(configPath), (f) => f, entry.options);
    parsed.set(configPath, entry);
    return entry;
  };
  const defaults = { path: undefined, options: { allowJs: true }, fileNames: new Set(), references: [] };
  defaults.resolutionCache = ts.createModuleResolutionCache(root, (f) => f, defaults.options);
  const findUp = (dir) => {
    if (nearest.has(dir)) return nearest.get(dir);
    let found;
    for (const name of ['tsconfig.json', 'jsconfig.json']) {
      const candidate = ts.findConfigFile(dir, ts.sys.fileExists, name);
      if (candidate && !path.relative(root, candidate).startsWith('..') && (!found || candidate.length > found.length))
        found = candidate;
    }
    nearest.set(dir, found);
    return found;
  };
  const referenced = (config, file, depth) => {
    if (depth > 4) return undefined;
    for (const reference of config.references) {
      const refPath = ts.sys.directoryExists(reference.path)
        ? path.join(reference.path, 'tsconfig.json')
        : reference.path;
      if (!ts.sys.fileExists(refPath)) continue;
      const child = parse(refPath);
      if (child.fileNames.has(file)) return child;
      const deeper = referenced(child, file, depth + 1);
      if (deeper) return deeper;
    }
    return undefined;
  };
  return {
    errors,
    forFile(file) {
      const configPath = findUp(path.dirname(file));
      if (!configPath) return defaults;
      const config = parse(configPath);
      if (config.broken) return defaults;
      if (!config.fileNames.has(file) && config.references.length > 0) return referenced(config, file, 0) ?? config;
      return config;
    },
  };
}

function specifierOf(node) {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node : undefined;
}

/** Every import of a parsed file: `{ specifier, node, kind: 'static' | 'require' | 'dynamic' | 'type' }`. */
function importsOf(sourceFile) {
  const found = [];
  const visit = (node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      specifierOf(node.moduleSpecifier)
    ) {
      found.push({ specifier: node.moduleSpecifier.text, node: node.moduleSpecifier, kind: 'static' });
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      specifierOf(node.moduleReference.expression)
    ) {
      found.push({
        specifier: node.moduleReference.expression.text,
        node: node.moduleReference.expression,
        kind: 'require',
      });
    } else if (ts.isCallExpression(node) && node.arguments.length >= 1 && specifierOf(node.arguments[0])) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword)
        found.push({ specifier: node.arguments[0].text, node: node.arguments[0], kind: 'dynamic' });
      else if (ts.isIdentifier(node.expression) && node.expression.text === 'require' && node.arguments.length === 1) {
        found.push({ specifier: node.arguments[0].text, node: node.arguments[0], kind: 'require' });
      }
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && specifierOf(node.argument.literal)) {
      found.push({ specifier: node.argument.literal.text, node: node.argument.literal, kind: 'type' });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

function scriptKind(file) {
  const ext = path.extname(file).toLowerCase();
  return (
    {
      '.ts': ts.ScriptKind.TS,
      '.mts': ts.ScriptKind.TS,
      '.cts': ts.ScriptKind.TS,
      '.tsx': ts.ScriptKind.TSX,
      '.jsx': ts.ScriptKind.JSX,
    }[ext] ?? ts.ScriptKind.JS
  );
}

/** Tarjan's strongly connected components (iterative), components of 2+ nodes or with a self-edge. */
export function tarjan(nodes, edgesOf) {
  let index = 0;
  const indexOf = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const components = [];
  for (const start of nodes) {
    if (indexOf.has(start)) continue;
    const work = [[start, 0]];
    indexOf.set(start, index);
    low.set(start, index++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const [node] = frame;
      const edges = edgesOf(node);
      if (frame[1] < edges.length) {
        const next = edges[frame[1]++];
        if (!indexOf.has(next)) {
          indexOf.set(next, index);
          low.set(next, index++);
          stack.push(next);
          onStack.add(next);
          work.push([next, 0]);
        } else if (onStack.has(next)) low.set(node, Math.min(low.get(node), indexOf.get(next)));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent), low.get(node)));
      }
      if (low.get(node) === indexOf.get(node)) {
        const component = [];
        let member;
        do {
          member = stack.pop();
          onStack.delete(member);
          component.push(member);
        } while (member !== node);
        if (component.length > 1 || edges.includes(node)) components.push(component.sort());
      }
    }
  }
  return components;
}

/**
 * Runs the oracle over `files` (repo-relative JS/TS paths, declaration files excluded).
 * Returns the SCCs without and with `import()` edges, the unresolved relative/aliased
 * specifiers, and the config errors TypeScript reported.
 */
export function runTsOracle(root, files) {
  const configs = createConfigs(root);
  const fileSet = new Set(files);
  const staticEdges = new Map();
  const dynamicEdges = new Map();
  const unresolved = [];
  const transpileErrors = [];
  const realRoot = fs.realpathSync(root);
  const toNode = (resolvedFileName) => {
    let real;
    try {
      real = fs.realpathSync(resolvedFileName);
    } catch {
      return undefined;
    }
    const rel = path.relative(realRoot, real).split(path.sep).join('/');
    return fileSet.has(rel) ? rel : undefined;
  };
  for (const rel of files) {
    const file = path.join(root, rel);
    const config = configs.forFile(file);
    let text;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const impliedFormat = ts.getImpliedNodeFormatForFile(
      file,
      config.resolutionCache.getPackageJsonInfoCache(),
      ts.sys,
      config.options,
    );
    const resolve = (specifier, kind) => {
      const mode =
        kind === 'require' ? ts.ModuleKind.CommonJS : kind === 'dynamic' ? ts.ModuleKind.ESNext : impliedFormat;
      return ts.resolveModuleName(specifier, file, config.options, ts.sys, config.resolutionCache, undefined, mode)
        .resolvedModule;
    };
    // Unresolved: the source's own imports, type-only ones included.
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKind(file));
    for (const entry of importsOf(source)) {
      const { specifier } = entry;
      const aliased = !isRelative(specifier) && (specifier.startsWith('#') || matchesPaths(config.options, specifier));
      if (!isRelative(specifier) && !aliased) continue;
      let fails;
      if (isAssetSpecifier(specifier)) {
        if (!isRelative(specifier)) continue; // an aliased asset: only the bundler knows
        const target = path.resolve(path.dirname(file), specifier.replace(/[?#].*$/, ''));
        fails = !fs.existsSync(target);
      } else {
        fails = resolve(specifier, entry.kind) === undefined;
      }
      if (fails) {
        const line = source.getLineAndCharacterOfPosition(entry.node.getStart(source)).line + 1;
        unresolved.push({ file: rel, line, specifier, aliased, asset: isAssetSpecifier(specifier), kind: entry.kind });
      }
    }
    // Cycles: the imports left after transpiling the file alone.
    let output;
    try {
      output = ts.transpileModule(text, {
        fileName: file,
        reportDiagnostics: false,
        compilerOptions: {
          ...config.options,
          isolatedModules: true,
          module: ts.ModuleKind.Preserve,
          target: ts.ScriptTarget.ESNext,
          declaration: false,
          sourceMap: false,
          inlineSourceMap: false,
          noEmit: false,
        },
      }).outputText;
    } catch (error) {
      transpileErrors.push({ file: rel, message: String(error).slice(0, 200) });
      continue;
    }
    const emitted = ts.createSourceFile(`${file}.out.js`, output, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
    const statics = [];
    const dynamics = [];
    for (const entry of importsOf(emitted)) {
      if (isAssetSpecifier(entry.specifier)) continue;
      const resolved = resolve(entry.specifier, entry.kind);
      if (!resolved || resolved.isExternalLibraryImport || DECLARATION.test(resolved.resolvedFileName)) continue;
      const target = toNode(resolved.resolvedFileName);
      if (target === undefined) continue;
      (entry.kind === 'dynamic' ? dynamics : statics).push(target);
    }
    staticEdges.set(rel, [...new Set(statics)]);
    dynamicEdges.set(rel, [...new Set([...statics, ...dynamics])]);
  }
  const nodes = [...files].sort();
  return {
    sccs: tarjan(nodes, (node) => staticEdges.get(node) ?? []),
    sccsDynamic: tarjan(nodes, (node) => dynamicEdges.get(node) ?? []),
    unresolved,
    configErrors: configs.errors,
    transpileErrors,
    edgeCount: [...staticEdges.values()].reduce((sum, edges) => sum + edges.length, 0),
    dynamicEdgeCount: [...dynamicEdges.values()].reduce((sum, edges) => sum + edges.length, 0),
  };
}

/** What plain TypeScript makes of one specifier, for explaining a disagreement. */
export function createExplainer(root) {
  const configs = createConfigs(root);
  return (rel, specifier) => {
    const file = path.join(root, rel);
    const config = configs.forFile(file);
    const relative = isRelative(specifier);
    const aliased = !relative && (specifier.startsWith('#') || matchesPaths(config.options, specifier));
    const scope = relative ? 'relative' : aliased ? 'aliased' : 'bare';
    if (isAssetSpecifier(specifier)) {
      const exists = relative && fs.existsSync(path.resolve(path.dirname(file), specifier.replace(/[?#].*$/, '')));
      return {
        scope,
        asset: true,
        resolved: exists ? 'exists' : undefined,
        config: config.path && path.relative(root, config.path),
      };
    }
    const resolved = ts.resolveModuleName(
      specifier,
      file,
      config.options,
      ts.sys,
      config.resolutionCache,
    ).resolvedModule;
    return {
      scope,
      asset: false,
      resolved: resolved && path.relative(root, resolved.resolvedFileName),
      config: config.path && path.relative(root, config.path),
    };
  };
}

export { DECLARATION };
