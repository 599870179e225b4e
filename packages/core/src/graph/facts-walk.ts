import type * as TS from 'typescript';
import type { FactsOptions, ImportKind, ModuleImport } from './module-facts.js';
import type { TypeScriptApi } from './typescript.js';

/**
 * typescript.js exports every member through a getter (its bundler's `__export`), so each
 * `ts.isX(...)` or `ts.SyntaxKind.X` in the walk is one more function call (measured: a switch
 * over `ts.SyntaxKind` cases called the getter per case). The walk reads them from a plain
 * object made once per compiler instead.
 */
const FAST_API = [
  'SyntaxKind',
  'canHaveDecorators',
  'canHaveModifiers',
  'forEachChild',
  'getDecorators',
  'getModifiers',
  'isBindingElement',
  'isBreakOrContinueStatement',
  'isClassDeclaration',
  'isConstructorDeclaration',
  'isEnumDeclaration',
  'isExportDeclaration',
  'isExportSpecifier',
  'isExpressionWithTypeArguments',
  'isExternalModuleReference',
  'isFunctionDeclaration',
  'isGetAccessorDeclaration',
  'isIdentifier',
  'isImportClause',
  'isImportDeclaration',
  'isImportEqualsDeclaration',
  'isImportSpecifier',
  'isImportTypeNode',
  'isIntersectionTypeNode',
  'isJsxAttribute',
  'isJsxClosingElement',
  'isJsxNamespacedName',
  'isJsxOpeningElement',
  'isJsxSelfClosingElement',
  'isLabeledStatement',
  'isLiteralTypeNode',
  'isMetaProperty',
  'isMethodDeclaration',
  'isModuleDeclaration',
  'isNamedExports',
  'isNamedImports',
  'isNamespaceImport',
  'isParenthesizedTypeNode',
  'isPropertyAccessExpression',
  'isPropertyDeclaration',
  'isQualifiedName',
  'isSetAccessorDeclaration',
  'isShorthandPropertyAssignment',
  'isStringLiteral',
  'isStringLiteralLike',
  'isTypeNode',
  'isTypeReferenceNode',
  'isUnionTypeNode',
  'isVariableStatement',
] as const;
export type FastApi = Pick<TypeScriptApi, (typeof FAST_API)[number]>;
const fastApis = new WeakMap<TypeScriptApi, FastApi>();

export function fastApi(ts: TypeScriptApi): FastApi {
  let api = fastApis.get(ts);
  if (!api) {
    api = Object.fromEntries(FAST_API.map((name) => [name, ts[name]])) as unknown as FastApi;
    fastApis.set(ts, api);
  }
  return api;
}

/** An import whose bindings are not yet known to be used as values. */
interface PendingImport {
  entry: ModuleImport;
  names: string[];
}

/**
 * The walk over one parsed file that lists its module references; `extractModuleFacts` calls, in
 * order, `readDeclarations` (import/export statements, wherever they sit), `settlePending` (which
 * imports still wait for a value use of one of their names), `readBody` (the rest of the file,
 * pruned to subtrees that can still change the facts) and `finish` (the JSX factory, the order).
 * Its fields are the walk's state, its methods one per node kind.
 */
export class FactsWalk {
  readonly imports: ModuleImport[] = [];
  private readonly SK: typeof TS.SyntaxKind;
  /** JS is never elided; with verbatimModuleSyntax only `type` markers are. */
  private readonly elideUnused: boolean;
  private readonly pending: PendingImport[] = [];
  private readonly valueNames = new Set<string>();
  private hasJsx = false;
  /** No parent pointers (setParentNodes costs a full extra pass): the walk tracks the parent itself. */
  private parentNode: TS.Node | undefined;
  /**
   * Set once every import is known to be a runtime one and no call can add an edge: the rest of
   * the file cannot change the facts, so the walk stops (forEachChild stops on a truthy return).
   */
  private stop = false;
  private canStop = false;
  /** Pending imports by binding name, and how many still have no value use. */
  private pendingByName = new Map<string, PendingImport[]>();
  private unresolvedEntries = 0;
  /**
   * Sorted offsets of every word that can still change the facts (pending names, `require`,
   * `import`): a subtree whose text holds none of them is skipped. `undefined` until the body
   * is read, and when the file cannot be pruned.
   */
  private hits: number[] | undefined;

  constructor(
    private readonly api: FastApi,
    private readonly source: TS.SourceFile,
    private readonly options: FactsOptions,
    private readonly isJs: boolean,
    private readonly lineAt: (offset: number) => { line: number; column: number },
  ) {
    this.SK = api.SyntaxKind;
    this.elideUnused = !isJs && !options.verbatim;
  }

  /** Import, export and import-equals statements first: they may sit anywhere at the top level. */
  readDeclarations(): void {
    for (const statement of this.source.statements) if (this.isDeclaration(statement)) this.visit(statement);
  }

  /**
   * An import stays runtime once one of its names is used as a value (TypeScript keeps the
   * whole declaration); until then it is marked type-only and indexed by its names.
   * `canStop`: whether the walk may stop once every pending import is resolved.
   */
  settlePending(canStop: boolean): string[] {
    this.pendingByName = new Map();
    for (const pendingEntry of this.pending) {
      if (pendingEntry.names.some((name) => this.valueNames.has(name))) {
        pendingEntry.entry.typeOnly = false;
        continue;
      }
      this.unresolvedEntries++;
      for (const name of pendingEntry.names) {
        const list = this.pendingByName.get(name);
        if (list) list.push(pendingEntry);
        else this.pendingByName.set(name, [pendingEntry]);
      }
    }
    this.canStop = canStop;
    if (canStop && this.unresolvedEntries === 0) this.stop = true;
    return [...this.pendingByName.keys()];
  }

  /** Every statement that is not a declaration; `hits` prunes the walk (undefined: no pruning). */
  readBody(hits: number[] | undefined, hasJsx: boolean): void {
    this.hits = hits;
    if (hasJsx) this.hasJsx = true;
    this.parentNode = this.source;
    for (const statement of this.source.statements) {
      if (this.stop) break;
      if (!this.isDeclaration(statement)) this.visit(statement);
    }
    this.parentNode = undefined;
  }

  /** Names marked as values after the walk (the JSX factory) and any the walk recorded otherwise. */
  finish(): ModuleImport[] {
    if (this.hasJsx && this.options.jsxFactory) this.valueNames.add(this.options.jsxFactory.split('.')[0]);
    for (const { entry, names } of this.pending) {
      if (entry.typeOnly && names.some((name) => this.valueNames.has(name))) entry.typeOnly = false;
    }
    return this.imports.sort((a, b) => a.line - b.line || a.column - b.column);
  }

  private isDeclaration(statement: TS.Statement): boolean {
    const api = this.api;
    return (
      api.isImportDeclaration(statement) ||
      api.isExportDeclaration(statement) ||
      api.isImportEqualsDeclaration(statement)
    );
  }

  private add(literal: TS.Node, specifier: string, importKind: ImportKind, typeOnly: boolean): ModuleImport {
    const entry = { specifier, kind: importKind, typeOnly, ...this.lineAt(literal.getStart(this.source)) };
    this.imports.push(entry);
    return entry;
  }

  private descend(node: TS.Node, into: (child: TS.Node) => true | undefined): void {
    const saved = this.parentNode;
    this.parentNode = node;
    this.api.forEachChild(node, into);
    this.parentNode = saved;
  }

  /** Whether the text of `node` (with its leading trivia) holds a word that matters. */
  private touches(node: TS.Node): boolean {
    const hits = this.hits;
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

  // An arrow property, not a method: forEachChild takes it as its callback.
  private readonly visit = (node: TS.Node): true | undefined => {
    if (this.stop) return true;
    if (!this.touches(node)) return;
    const SK = this.SK;
    switch (node.kind) {
      case SK.ImportDeclaration:
        this.visitImport(node as TS.ImportDeclaration);
        return;
      case SK.ExportDeclaration:
        this.visitExport(node as TS.ExportDeclaration);
        return;
      case SK.ImportEqualsDeclaration:
        this.visitImportEquals(node as TS.ImportEqualsDeclaration);
        return;
      case SK.InterfaceDeclaration:
      case SK.TypeAliasDeclaration:
        this.descend(node, this.visitTypesOnly);
        return;
      case SK.ImportType:
        this.visitImportType(node as TS.ImportTypeNode);
        return;
      case SK.HeritageClause:
        if ((node as TS.HeritageClause).token === SK.ImplementsKeyword) {
          this.descend(node, this.visitTypesOnly);
          return;
        }
        break;
      case SK.CallExpression:
        this.visitCall(node as TS.CallExpression);
        break;
      case SK.Identifier:
        this.visitIdentifier(node as TS.Identifier);
        return;
      case SK.ClassDeclaration:
      case SK.ClassExpression:
        if (this.options.decoratorMetadata) this.collectDecoratorMetadata(node as TS.ClassLikeDeclaration);
        break;
      case SK.JsxElement:
      case SK.JsxSelfClosingElement:
      case SK.JsxFragment:
        this.hasJsx = true;
        break;
      default:
        if (this.isTypeOnlySubtree(node)) {
          this.descend(node, this.visitTypesOnly);
          return;
        }
    }
    this.descend(node, this.visit);
  };

  /** Inside types: only `import('x')` types matter (type-only references). */
  private readonly visitTypesOnly = (node: TS.Node): true | undefined => {
    if (this.stop) return true;
    if (!this.touches(node)) return;
    if (this.api.isImportTypeNode(node)) {
      this.visit(node);
      return;
    }
    this.descend(node, this.visitTypesOnly);
  };

  /** A type node, or an ambient (`declare`) declaration: nothing in it is a value use. */
  private isTypeOnlySubtree(node: TS.Node): boolean {
    const api = this.api;
    if (api.isTypeNode(node) && !api.isExpressionWithTypeArguments(node)) return true;
    // The kind first: isAmbient allocates (getModifiers filters), and most nodes are none of these.
    return (
      (api.isModuleDeclaration(node) ||
        api.isVariableStatement(node) ||
        api.isFunctionDeclaration(node) ||
        api.isClassDeclaration(node) ||
        api.isEnumDeclaration(node)) &&
      this.isAmbient(node)
    );
  }

  private visitImport(node: TS.ImportDeclaration): void {
    const api = this.api;
    if (!api.isStringLiteral(node.moduleSpecifier)) return;
    const specifier = node.moduleSpecifier.text;
    const clause = node.importClause;
    if (!clause) {
      this.add(node.moduleSpecifier, specifier, 'side-effect', false);
      return;
    }
    if (clause.isTypeOnly) {
      this.add(node.moduleSpecifier, specifier, 'import', true);
      return;
    }
    const names: string[] = [];
    let specifiers = 0;
    if (clause.name) names.push(clause.name.text);
    const bindings = clause.namedBindings;
    if (bindings && api.isNamespaceImport(bindings)) names.push(bindings.name.text);
    if (bindings && api.isNamedImports(bindings)) {
      for (const element of bindings.elements) {
        specifiers++;
        if (!element.isTypeOnly) names.push(element.name.text);
      }
    }
    if (this.options.verbatim || this.isJs) {
      this.add(node.moduleSpecifier, specifier, 'import', false);
      return;
    }
    // `import {} from 'x'` keeps no binding but TypeScript still emits it.
    if (names.length === 0 && specifiers === 0 && !clause.name) {
      this.add(node.moduleSpecifier, specifier, 'import', false);
      return;
    }
    const entry = this.add(node.moduleSpecifier, specifier, 'import', true);
    if (names.length > 0) this.pending.push({ entry, names });
  }

  private visitExport(node: TS.ExportDeclaration): void {
    const api = this.api;
    if (!node.moduleSpecifier) {
      // `export { x }` of a local: x is used as a value unless the export is type-only.
      if (!node.isTypeOnly && node.exportClause && api.isNamedExports(node.exportClause)) {
        for (const element of node.exportClause.elements) {
          if (!element.isTypeOnly) this.valueNames.add((element.propertyName ?? element.name).text);
        }
      }
      return;
    }
    if (!api.isStringLiteral(node.moduleSpecifier)) return;
    let typeOnly = node.isTypeOnly;
    if (
      !typeOnly &&
      !this.options.verbatim &&
      !this.isJs &&
      node.exportClause &&
      api.isNamedExports(node.exportClause)
    ) {
      const elements = node.exportClause.elements;
      typeOnly = elements.length > 0 && elements.every((element) => element.isTypeOnly);
    }
    this.add(node.moduleSpecifier, node.moduleSpecifier.text, 'export', typeOnly);
  }

  private visitImportEquals(decl: TS.ImportEqualsDeclaration): void {
    const api = this.api;
    if (api.isExternalModuleReference(decl.moduleReference) && api.isStringLiteral(decl.moduleReference.expression)) {
      const literal = decl.moduleReference.expression;
      const typeOnly = decl.isTypeOnly || this.elideUnused;
      const entry = this.add(literal, literal.text, 'require', typeOnly);
      if (!decl.isTypeOnly && this.elideUnused) this.pending.push({ entry, names: [decl.name.text] });
    } else if (!decl.isTypeOnly) {
      this.visit(decl.moduleReference);
    }
  }

  private visitImportType(type: TS.ImportTypeNode): void {
    const api = this.api;
    if (api.isLiteralTypeNode(type.argument) && api.isStringLiteral(type.argument.literal)) {
      this.add(type.argument.literal, type.argument.literal.text, 'import-type', true);
    }
    this.descend(type, this.visitTypesOnly);
  }

  /** `import('x')` and `require('x')` with a literal argument. */
  private visitCall(call: TS.CallExpression): void {
    const api = this.api;
    const [first] = call.arguments;
    if (!first || !api.isStringLiteralLike(first)) return;
    if (call.expression.kind === this.SK.ImportKeyword) this.add(first, first.text, 'dynamic', false);
    else if (api.isIdentifier(call.expression) && call.expression.text === 'require' && call.arguments.length === 1) {
      this.add(first, first.text, 'require', false);
    }
  }

  private visitIdentifier(id: TS.Identifier): void {
    if (!this.isReference(id, this.parentNode)) return;
    const name = id.text;
    if (this.valueNames.has(name)) return;
    this.valueNames.add(name);
    this.resolveName(name);
  }

  /** A value use of `name`: every pending import binding it is a runtime one. */
  private resolveName(name: string): void {
    const entries = this.pendingByName.get(name);
    if (!entries) return;
    this.pendingByName.delete(name);
    for (const pendingEntry of entries) {
      if (!pendingEntry.entry.typeOnly) continue;
      pendingEntry.entry.typeOnly = false;
      this.unresolvedEntries--;
    }
    if (this.canStop && this.unresolvedEntries === 0) this.stop = true;
  }

  private isReference(id: TS.Identifier, parent: TS.Node | undefined): boolean {
    const api = this.api;
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

  private isAmbient(node: TS.Node): boolean {
    const api = this.api;
    const modifiers = api.canHaveModifiers(node) ? api.getModifiers(node) : undefined;
    return modifiers?.some((modifier) => modifier.kind === this.SK.DeclareKeyword) ?? false;
  }

  private decorated(node: TS.Node): boolean {
    return this.api.canHaveDecorators(node) && (this.api.getDecorators(node)?.length ?? 0) > 0;
  }

  /** Value uses that `emitDecoratorMetadata` adds: the serialized types of decorated members. */
  private collectDecoratorMetadata(node: TS.ClassLikeDeclaration): void {
    const api = this.api;
    const classDecorated = this.decorated(node);
    for (const member of node.members) {
      const params =
        api.isConstructorDeclaration(member) || api.isMethodDeclaration(member) || api.isSetAccessorDeclaration(member)
          ? member.parameters
          : undefined;
      const paramDecorated = params?.some((param) => this.decorated(param)) ?? false;
      if (api.isConstructorDeclaration(member)) {
        if (classDecorated || paramDecorated)
          for (const param of member.parameters) this.serializedTypeName(param.type);
        continue;
      }
      if (!this.decorated(member) && !paramDecorated) continue;
      if (api.isPropertyDeclaration(member) || api.isGetAccessorDeclaration(member))
        this.serializedTypeName(member.type);
      if (params) for (const param of params) this.serializedTypeName(param.type);
      if (api.isMethodDeclaration(member)) this.serializedTypeName(member.type);
    }
  }

  /** The name a serialized type refers to, as TypeScript's metadata emitter serializes it. */
  private serializedTypeName(type: TS.TypeNode | undefined): void {
    const api = this.api;
    const SK = this.SK;
    if (!type) return;
    if (api.isParenthesizedTypeNode(type)) {
      this.serializedTypeName(type.type);
      return;
    }
    if (api.isTypeReferenceNode(type)) {
      let name: TS.EntityName = type.typeName;
      while (api.isQualifiedName(name)) name = name.left;
      this.valueNames.add(name.text);
      return;
    }
    if (api.isUnionTypeNode(type) || api.isIntersectionTypeNode(type)) {
      const kept = type.types.filter(
        (member) =>
          !(api.isLiteralTypeNode(member) && member.literal.kind === SK.NullKeyword) &&
          member.kind !== SK.UndefinedKeyword &&
          member.kind !== SK.NeverKeyword,
      );
      const texts = new Set(kept.map((member) => member.getText(this.source)));
      if (texts.size === 1) this.serializedTypeName(kept[0]);
    }
  }
}
