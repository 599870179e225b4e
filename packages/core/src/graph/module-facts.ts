import type * as TS from 'typescript';
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

/**
 * typescript.js exports every member through a getter (its bundler's `__export`), so each
 * `ts.isX(...)` or `ts.SyntaxKind.X` in the walk is one more function call (measured: a switch
 * over `ts.SyntaxKind` cases called the getter per case). The walk reads them from a plain
 * object made once per compiler instead.
 */
const FAST_API = [
  'SyntaxKind', 'canHaveDecorators', 'canHaveModifiers', 'forEachChild', 'getDecorators', 'getModifiers', 'isBindingElement',
  'isBreakOrContinueStatement', 'isClassDeclaration', 'isConstructorDeclaration', 'isEnumDeclaration', 'isExportDeclaration',
  'isExportSpecifier', 'isExpressionWithTypeArguments', 'isExternalModuleReference', 'isFunctionDeclaration',
  'isGetAccessorDeclaration', 'isIdentifier', 'isImportClause', 'isImportDeclaration', 'isImportEqualsDeclaration',
  'isImportSpecifier', 'isImportTypeNode', 'isIntersectionTypeNode', 'isJsxAttribute', 'isJsxClosingElement', 'isJsxNamespacedName',
  'isJsxOpeningElement', 'isJsxSelfClosingElement', 'isLabeledStatement', 'isLiteralTypeNode', 'isMetaProperty',
  'isMethodDeclaration', 'isModuleDeclaration', 'isNamedExports', 'isNamedImports', 'isNamespaceImport', 'isParenthesizedTypeNode',
  'isPropertyAccessExpression', 'isPropertyDeclaration', 'isQualifiedName', 'isSetAccessorDeclaration',
  'isShorthandPropertyAssignment', 'isStringLiteral', 'isStringLiteralLike', 'isTypeNode', 'isTypeReferenceNode', 'isUnionTypeNode',
  'isVariableStatement',
] as const;
type FastApi = Pick<TypeScriptApi, (typeof FAST_API)[number]>;
const fastApis = new WeakMap<TypeScriptApi, FastApi>();

function fastApi(ts: TypeScriptApi): FastApi {
  let api = fastApis.get(ts);
  if (!api) {
    api = Object.fromEntries(FAST_API.map((name) => [name, ts[name]])) as unknown as FastApi;
    fastApis.set(ts, api);
  }
  return api;
}

/** Parse one file and list its module references, each flagged type-only or runtime. */
export function extractModuleFacts(ts: TypeScriptApi, fileName: string, text: string, options: FactsOptions): ModuleFacts {
  const api = fastApi(ts);
  const SK = api.SyntaxKind;
  const kind = scriptKind(ts, fileName);
  // JSDoc is never needed here; skipping it (TS >= 5.3) saves parse time on commented code.
  // No parent pointers (setParentNodes costs a full extra pass): the walk tracks the parent itself.
  const source = ts.createSourceFile(fileName, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: 1 /* ParseNone */ } as TS.CreateSourceFileOptions, false, kind);
  let parentNode: TS.Node | undefined;
  // Set once every import is known to be a runtime one and no call can add an edge: the rest of
  // the file cannot change the facts, so the walk stops (forEachChild stops on a truthy return).
  let stop = false;
  let canStop = false;
  // Pending imports by binding name, and how many still have no value use.
  let pendingByName = new Map<string, { entry: ModuleImport; names: string[] }[]>();
  let unresolvedEntries = 0;
  // Sorted offsets of every word that can still change the facts (pending names, `require`,
  // `import`): a subtree whose text holds none of them is skipped. Empty until the declarations
  // are read; `undefined` when the file cannot be pruned (see below).
  let hits: number[] | undefined;
  const descend = (node: TS.Node, into: (child: TS.Node) => true | undefined) => {
    const saved = parentNode;
    parentNode = node;
    api.forEachChild(node, into);
    parentNode = saved;
  };
  const isJs = kind === ts.ScriptKind.JS || kind === ts.ScriptKind.JSX;
  // JS is never elided; with verbatimModuleSyntax only `type` markers are.
  const elideUnused = !isJs && !options.verbatim;
  const imports: ModuleImport[] = [];
  const pending: { entry: ModuleImport; names: string[] }[] = [];
  const valueNames = new Set<string>();
  let hasJsx = false;

  const lines = createLineCounter(text);
  const at = (node: TS.Node) => lines.at(node.getStart(source));
  const add = (literal: TS.Node, specifier: string, importKind: ImportKind, typeOnly: boolean): ModuleImport => {
    const entry = { specifier, kind: importKind, typeOnly, ...at(literal) };
    imports.push(entry);
    return entry;
  };

  function visitImport(node: TS.ImportDeclaration): void {
    if (!api.isStringLiteral(node.moduleSpecifier)) return;
    const specifier = node.moduleSpecifier.text;
    const clause = node.importClause;
    if (!clause) {
      add(node.moduleSpecifier, specifier, 'side-effect', false);
      return;
    }
    if (clause.isTypeOnly) {
      add(node.moduleSpecifier, specifier, 'import', true);
      return;
    }
    const names: string[] = [];
    let markedType = 0;
    let specifiers = 0;
    if (clause.name) names.push(clause.name.text);
    const bindings = clause.namedBindings;
    if (bindings && api.isNamespaceImport(bindings)) names.push(bindings.name.text);
    if (bindings && api.isNamedImports(bindings)) {
      for (const element of bindings.elements) {
        specifiers++;
        if (element.isTypeOnly) markedType++;
        else names.push(element.name.text);
      }
    }
    if (options.verbatim || isJs) {
      add(node.moduleSpecifier, specifier, 'import', false);
      return;
    }
    // `import {} from 'x'` keeps no binding but TypeScript still emits it.
    if (names.length === 0 && specifiers === 0 && !clause.name) {
      add(node.moduleSpecifier, specifier, 'import', false);
      return;
    }
    void markedType;
    const entry = add(node.moduleSpecifier, specifier, 'import', true);
    if (names.length > 0) pending.push({ entry, names });
  }

  function visitExport(node: TS.ExportDeclaration): void {
    if (!node.moduleSpecifier) {
      // `export { x }` of a local: x is used as a value unless the export is type-only.
      if (!node.isTypeOnly && node.exportClause && api.isNamedExports(node.exportClause)) {
        for (const element of node.exportClause.elements) {
          if (!element.isTypeOnly) valueNames.add((element.propertyName ?? element.name).text);
        }
      }
      return;
    }
    if (!api.isStringLiteral(node.moduleSpecifier)) return;
    let typeOnly = node.isTypeOnly;
    if (!typeOnly && !options.verbatim && !isJs && node.exportClause && api.isNamedExports(node.exportClause)) {
      const elements = node.exportClause.elements;
      typeOnly = elements.length > 0 && elements.every((element) => element.isTypeOnly);
    }
    add(node.moduleSpecifier, node.moduleSpecifier.text, 'export', typeOnly);
  }

  function isReference(id: TS.Identifier, parent: TS.Node | undefined): boolean {
    if (!parent) return false;
    if (api.isPropertyAccessExpression(parent)) return parent.expression === id;
    if (api.isQualifiedName(parent)) return parent.left === id;
    if (api.isShorthandPropertyAssignment(parent)) return true;
    if (api.isJsxOpeningElement(parent) || api.isJsxSelfClosingElement(parent) || api.isJsxClosingElement(parent)) {
      return parent.tagName === id && !/^[a-z]/.test(id.text) && !id.text.includes('-');
    }
    if (
      api.isBreakOrContinueStatement(parent) ||
      api.isLabeledStatement(parent) ||
      api.isMetaProperty(parent) ||
      api.isImportSpecifier(parent) ||
      api.isExportSpecifier(parent) ||
      api.isImportClause(parent) ||
      api.isNamespaceImport(parent) ||
      api.isJsxAttribute(parent) ||
      api.isJsxNamespacedName(parent)
    ) {
      return false;
    }
    if (api.isBindingElement(parent)) return parent.initializer === id;
    if ('name' in parent && (parent as { name?: TS.Node }).name === id && !api.isPropertyAccessExpression(parent)) {
      // Declarations (variables, functions, classes, parameters, members, enum members...): a name, not a use.
      return false;
    }
    return true;
  }

  function isAmbient(node: TS.Node): boolean {
    const modifiers = api.canHaveModifiers(node) ? api.getModifiers(node) : undefined;
    return modifiers?.some((modifier) => modifier.kind === SK.DeclareKeyword) ?? false;
  }

  /** A value use of `name`: every pending import binding it is a runtime one. */
  function resolveName(name: string): void {
    const entries = pendingByName.get(name);
    if (!entries) return;
    pendingByName.delete(name);
    for (const pendingEntry of entries) {
      if (!pendingEntry.entry.typeOnly) continue;
      pendingEntry.entry.typeOnly = false;
      unresolvedEntries--;
    }
    if (canStop && unresolvedEntries === 0) stop = true;
  }

  /** Whether the text of `node` (with its leading trivia) holds a word that matters. */
  function touches(node: TS.Node): boolean {
    if (!hits) return true;
    const start = node.pos;
    let lo = 0;
    let hi = hits.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (hits[mid] < start) lo = mid + 1;
      else hi = mid;
    }
    return lo < hits.length && hits[lo] < node.end;
  }

  function visit(node: TS.Node): true | undefined {
    if (stop) return true;
    if (!touches(node)) return;
    switch (node.kind) {
      case SK.ImportDeclaration:
        visitImport(node as TS.ImportDeclaration);
        return;
      case SK.ExportDeclaration:
        visitExport(node as TS.ExportDeclaration);
        return;
      case SK.ImportEqualsDeclaration: {
        const decl = node as TS.ImportEqualsDeclaration;
        if (api.isExternalModuleReference(decl.moduleReference) && api.isStringLiteral(decl.moduleReference.expression)) {
          const literal = decl.moduleReference.expression;
          const typeOnly = decl.isTypeOnly || (elideUnused && !decl.isTypeOnly);
          const entry = add(literal, literal.text, 'require', typeOnly);
          if (!decl.isTypeOnly && elideUnused) pending.push({ entry, names: [decl.name.text] });
        } else if (!decl.isTypeOnly) {
          visit(decl.moduleReference);
        }
        return;
      }
      case SK.InterfaceDeclaration:
      case SK.TypeAliasDeclaration:
        descend(node, visitTypesOnly);
        return;
      case SK.ImportType: {
        const type = node as TS.ImportTypeNode;
        if (api.isLiteralTypeNode(type.argument) && api.isStringLiteral(type.argument.literal)) {
          add(type.argument.literal, type.argument.literal.text, 'import-type', true);
        }
        descend(node, visitTypesOnly);
        return;
      }
      case SK.HeritageClause:
        if ((node as TS.HeritageClause).token === SK.ImplementsKeyword) {
          descend(node, visitTypesOnly);
          return;
        }
        break;
      case SK.CallExpression: {
        const call = node as TS.CallExpression;
        const [first] = call.arguments;
        if (first && api.isStringLiteralLike(first)) {
          if (call.expression.kind === SK.ImportKeyword) add(first, first.text, 'dynamic', false);
          else if (api.isIdentifier(call.expression) && call.expression.text === 'require' && call.arguments.length === 1) {
            add(first, first.text, 'require', false);
          }
        }
        break;
      }
      case SK.Identifier:
        if (isReference(node as TS.Identifier, parentNode)) {
          const name = (node as TS.Identifier).text;
          if (!valueNames.has(name)) {
            valueNames.add(name);
            resolveName(name);
          }
        }
        return;
      case SK.ClassDeclaration:
      case SK.ClassExpression:
        if (options.decoratorMetadata) collectDecoratorMetadata(node as TS.ClassLikeDeclaration);
        break;
      case SK.JsxElement:
      case SK.JsxSelfClosingElement:
      case SK.JsxFragment:
        hasJsx = true;
        break;
      default:
        if (api.isTypeNode(node) && !api.isExpressionWithTypeArguments(node)) {
          descend(node, visitTypesOnly);
          return;
        }
        // The kind first: isAmbient allocates (getModifiers filters), and most nodes are none of these.
        if ((api.isModuleDeclaration(node) || api.isVariableStatement(node) || api.isFunctionDeclaration(node) || api.isClassDeclaration(node) || api.isEnumDeclaration(node)) && isAmbient(node)) {
          descend(node, visitTypesOnly);
          return;
        }
    }
    descend(node, visit);
  }

  const decorated = (node: TS.Node) => api.canHaveDecorators(node) && (api.getDecorators(node)?.length ?? 0) > 0;

  /** The name a serialized type refers to, as TypeScript's metadata emitter serializes it. */
  function serializedTypeName(type: TS.TypeNode | undefined): void {
    if (!type) return;
    if (api.isParenthesizedTypeNode(type)) return serializedTypeName(type.type);
    if (api.isTypeReferenceNode(type)) {
      let name: TS.EntityName = type.typeName;
      while (api.isQualifiedName(name)) name = name.left;
      valueNames.add(name.text);
      return;
    }
    if (api.isUnionTypeNode(type) || api.isIntersectionTypeNode(type)) {
      const kept = type.types.filter(
        (member) =>
          !(api.isLiteralTypeNode(member) && member.literal.kind === SK.NullKeyword) &&
          member.kind !== SK.UndefinedKeyword &&
          member.kind !== SK.NeverKeyword,
      );
      const texts = new Set(kept.map((member) => member.getText(source)));
      if (texts.size === 1) serializedTypeName(kept[0]);
    }
  }

  function collectDecoratorMetadata(node: TS.ClassLikeDeclaration): void {
    const classDecorated = decorated(node);
    for (const member of node.members) {
      const params = api.isConstructorDeclaration(member) || api.isMethodDeclaration(member) || api.isSetAccessorDeclaration(member) ? member.parameters : undefined;
      const paramDecorated = params?.some(decorated) ?? false;
      if (api.isConstructorDeclaration(member)) {
        if (classDecorated || paramDecorated) for (const param of member.parameters) serializedTypeName(param.type);
        continue;
      }
      if (!decorated(member) && !paramDecorated) continue;
      if (api.isPropertyDeclaration(member) || api.isGetAccessorDeclaration(member)) serializedTypeName(member.type);
      if (params) for (const param of params) serializedTypeName(param.type);
      if (api.isMethodDeclaration(member)) serializedTypeName(member.type);
    }
  }

  // Inside types: only `import('x')` types matter (type-only references).
  function visitTypesOnly(node: TS.Node): true | undefined {
    if (stop) return true;
    if (!touches(node)) return;
    if (api.isImportTypeNode(node)) {
      visit(node);
      return;
    }
    descend(node, visitTypesOnly);
  }

  // Declarations first (they may sit anywhere at the top level), then the rest of the file.
  const isDeclaration = (statement: TS.Statement) =>
    api.isImportDeclaration(statement) || api.isExportDeclaration(statement) || api.isImportEqualsDeclaration(statement);
  for (const statement of source.statements) if (isDeclaration(statement)) visit(statement);
  // An import stays runtime once one of its names is used as a value (TypeScript keeps the
  // whole declaration); until then it is marked type-only.
  pendingByName = new Map();
  for (const pendingEntry of pending) {
    if (pendingEntry.names.some((name) => valueNames.has(name))) {
      pendingEntry.entry.typeOnly = false;
      continue;
    }
    unresolvedEntries++;
    for (const name of pendingEntry.names) {
      const list = pendingByName.get(name);
      if (list) list.push(pendingEntry);
      else pendingByName.set(name, [pendingEntry]);
    }
  }
  // Only a file without require/import() calls or import types, and without decorator metadata
  // or JSX factory needs, can stop early; its facts then depend only on the names still unseen.
  canStop = !options.decoratorMetadata && !options.jsxFactory && !/\b(?:require|import)\s*\(/.test(text);
  if (canStop && unresolvedEntries === 0) stop = true;
  // Only identifiers naming a pending import and `require`/`import` calls or types change the
  // facts, so the walk enters only subtrees whose text contains one of those words. Two options
  // look at more: decorator metadata at decorated classes (their text holds an `@`, so `@`
  // counts as a hit), a JSX factory at whether the file has JSX (which the parser records in
  // the source file's transform flags; without them, no pruning). Escaped identifiers
  // (`\u0041`) spell a name differently in the text: no pruning then either.
  const jsxFlag = (ts as unknown as { TransformFlags?: { ContainsJsx?: number } }).TransformFlags?.ContainsJsx;
  const sourceFlags = (source as unknown as { transformFlags?: number }).transformFlags;
  const jsxKnown = !options.jsxFactory || (typeof jsxFlag === 'number' && typeof sourceFlags === 'number');
  if (jsxKnown && !text.includes('\\u')) {
    if (options.jsxFactory && sourceFlags! & jsxFlag!) hasJsx = true;
    hits = wordOffsets(text, [...pendingByName.keys(), 'require', 'import']);
    if (options.decoratorMetadata) {
      for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) hits.push(at);
      hits.sort((a, b) => a - b);
    }
  }
  parentNode = source;
  for (const statement of source.statements) {
    if (stop) break;
    if (!isDeclaration(statement)) visit(statement);
  }
  parentNode = undefined;
  if (hasJsx && options.jsxFactory) valueNames.add(options.jsxFactory.split('.')[0]);
  // Names marked as values after the walk (the JSX factory) and any the walk recorded otherwise.
  for (const { entry, names } of pending) {
    if (entry.typeOnly && names.some((name) => valueNames.has(name))) entry.typeOnly = false;
  }
  imports.sort((a, b) => a.line - b.line || a.column - b.column);
  const facts: ModuleFacts = { imports };
  const diagnostics = (source as unknown as { parseDiagnostics?: TS.DiagnosticWithLocation[] }).parseDiagnostics;
  const first = diagnostics?.[0];
  if (first) {
    const { line, character } = source.getLineAndCharacterOfPosition(first.start);
    facts.parseError = { line: line + 1, column: character + 1, message: ts.flattenDiagnosticMessageText(first.messageText, ' ') };
  }
  return facts;
}
