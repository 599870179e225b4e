import type * as TS from 'typescript';
import { FactsWalk, fastApi } from './facts-walk.js';
import type { TypeScriptApi } from './typescript.js';

/** How a module names another one. */
export type ImportKind = 'import' | 'export' | 'side-effect' | 'dynamic' | 'require' | 'import-type';

/** One module reference found in a file. Positions are 1-based, at the specifier string. */
export interface ModuleImport {
  specifier: string;
  kind: ImportKind;
  /** True when a transpiler in isolatedModules mode drops it: no runtime edge. */
  typeOnly: boolean;
  line: number;
  column: number;
}

/** What the graph needs from one file; cached by content hash, TypeScript version and options. */
export interface ModuleFacts {
  imports: ModuleImport[];
  /** The first syntax error, when the file does not parse. Imports found before it are still listed. */
  parseError?: { line: number; column: number; message: string };
}

/** Compiler options that change what counts as a runtime import. */
export interface FactsOptions {
  /** `verbatimModuleSyntax` or `preserveValueImports`: only `type`-marked imports are dropped. */
  verbatim: boolean;
  /** `jsx: react` (classic): a file with JSX uses its factory (React) as a value. */
  jsxFactory: string | undefined;
  /**
   * `experimentalDecorators` + `emitDecoratorMetadata`: the types of decorated members and
   * constructor parameters are emitted as values (`design:type`), so their imports stay.
   */
  decoratorMetadata?: boolean;
}

export const MODULE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;

/** Files parsed for module facts: JS/TS sources, not declaration files. */
export function isModuleFile(rel: string): boolean {
  if (/\.d\.[cm]?ts$/.test(rel) || /\.d\.[^/]*\.ts$/.test(rel)) return false;
  const dot = rel.lastIndexOf('.');
  return dot > rel.lastIndexOf('/') && (MODULE_EXTENSIONS as readonly string[]).includes(rel.slice(dot));
}

function scriptKind(ts: TypeScriptApi, fileName: string): TS.ScriptKind {
  if (/\.[cm]?js$/.test(fileName)) return ts.ScriptKind.JS;
  if (fileName.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (fileName.endsWith('.tsx')) return ts.ScriptKind.TSX;
  return ts.ScriptKind.TS;
}

const isWordChar = (code: number) =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36;

/**
 * Sorted offsets where one of `words` occurs as a whole word. Over-approximate on purpose
 * (comments and strings count, and a non-ASCII neighbour never hides a hit): a false hit only
 * makes the walk look at one more subtree, a missed one would drop a use.
 */
export function wordOffsets(text: string, words: readonly string[]): number[] {
  const offsets: number[] = [];
  for (const word of new Set(words)) {
    for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + word.length)) {
      if (at > 0 && isWordChar(text.charCodeAt(at - 1))) continue;
      if (isWordChar(text.charCodeAt(at + word.length))) continue;
      offsets.push(at);
    }
  }
  return offsets.sort((a, b) => a - b);
}

/**
 * 1-based line and column of offsets, counting lines as TypeScript does (LF, CR, CRLF, U+2028,
 * U+2029) but only as far as the furthest offset asked for: imports sit near the top, and
 * TypeScript's own line map scans the whole file.
 */
export function createLineCounter(text: string): { at(offset: number): { line: number; column: number } } {
  const starts = [0];
  let scanned = 0;
  return {
    at(offset) {
      while (scanned < offset && scanned < text.length) {
        const ch = text.charCodeAt(scanned++);
        if (ch === 13 && text.charCodeAt(scanned) === 10) scanned++;
        if (ch === 10 || ch === 13 || ch === 0x2028 || ch === 0x2029) starts.push(scanned);
      }
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (starts[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      return { line: lo + 1, column: offset - starts[lo] + 1 };
    },
  };
}

/** Parse one file and list its module references, each flagged type-only or runtime. */
export function extractModuleFacts(
  ts: TypeScriptApi,
  fileName: string,
  text: string,
  options: FactsOptions,
): ModuleFacts {
  const kind = scriptKind(ts, fileName);
  // JSDoc is never needed here; skipping it (TS >= 5.3) saves parse time on commented code.
  // No parent pointers (setParentNodes costs a full extra pass): the walk tracks the parent itself.
  const source = ts.createSourceFile(
    fileName,
    text,
    { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: 1 /* ParseNone */ } as TS.CreateSourceFileOptions,
    false,
    kind,
  );
  const isJs = kind === ts.ScriptKind.JS || kind === ts.ScriptKind.JSX;
  const lines = createLineCounter(text);
  const walk = new FactsWalk(fastApi(ts), source, options, isJs, (offset) => lines.at(offset));
  walk.readDeclarations();
  // Only a file without require/import() calls or import types, and without decorator metadata
  // or JSX factory needs, can stop early; its facts then depend only on the names still unseen.
  const canStop = !options.decoratorMetadata && !options.jsxFactory && !/\b(?:require|import)\s*\(/.test(text);
  const pendingNames = walk.settlePending(canStop);
  const { hits, hasJsx } = pruning(ts, source, text, options, pendingNames);
  walk.readBody(hits, hasJsx);
  const facts: ModuleFacts = { imports: walk.finish() };
  const diagnostics = (source as unknown as { parseDiagnostics?: TS.DiagnosticWithLocation[] }).parseDiagnostics;
  const first = diagnostics?.[0];
  if (first) {
    const { line, character } = source.getLineAndCharacterOfPosition(first.start);
    facts.parseError = {
      line: line + 1,
      column: character + 1,
      message: ts.flattenDiagnosticMessageText(first.messageText, ' '),
    };
  }
  return facts;
}

/**
 * Only identifiers naming a pending import and `require`/`import` calls or types change the
 * facts, so the walk enters only subtrees whose text contains one of those words (`hits`,
 * sorted offsets). Two options look at more: decorator metadata at decorated classes (their
 * text holds an `@`, so `@` counts as a hit), a JSX factory at whether the file has JSX (which
 * the parser records in the source file's transform flags; without them, no pruning). Escaped
 * identifiers (`\u0041`) spell a name differently in the text: no pruning then either.
 */
function pruning(
  ts: TypeScriptApi,
  source: TS.SourceFile,
  text: string,
  options: FactsOptions,
  pendingNames: string[],
): { hits: number[] | undefined; hasJsx: boolean } {
  const jsxFlag = (ts as unknown as { TransformFlags?: { ContainsJsx?: number } }).TransformFlags?.ContainsJsx;
  const sourceFlags = (source as unknown as { transformFlags?: number }).transformFlags;
  const jsxKnown = !options.jsxFactory || (typeof jsxFlag === 'number' && typeof sourceFlags === 'number');
  if (!jsxKnown || text.includes('\\u')) return { hits: undefined, hasJsx: false };
  const hasJsx = Boolean(options.jsxFactory && sourceFlags! & jsxFlag!);
  const hits = wordOffsets(text, [...pendingNames, 'require', 'import']);
  if (options.decoratorMetadata) {
    for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) hits.push(at);
    hits.sort((a, b) => a - b);
  }
  return { hits, hasJsx };
}
