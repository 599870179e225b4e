import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { createRandom as random } from '../../test-support/random.js';
import { createLineCounter, extractModuleFacts, isModuleFile, wordOffsets, type FactsOptions } from './module-facts.js';

const plain: FactsOptions = { verbatim: false, jsxFactory: undefined };

function runtime(fileName: string, text: string, options = plain): string[] {
  return extractModuleFacts(ts, fileName, text, options)
    .imports.filter((entry) => !entry.typeOnly && entry.kind !== 'dynamic')
    .map((entry) => entry.specifier)
    .sort();
}

/** The oracle: module specifiers left in ts.transpileModule's output (isolatedModules semantics). */
function transpiledSpecifiers(fileName: string, text: string, compilerOptions: ts.CompilerOptions = {}): string[] {
  const { outputText } = ts.transpileModule(text, {
    fileName,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, ...compilerOptions },
  });
  const output = ts.createSourceFile('out.js', outputText, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const found: string[] = [];
  for (const statement of output.statements) {
    if (
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      found.push(statement.moduleSpecifier.text);
    }
  }
  return found.sort();
}

describe('extractModuleFacts', () => {
  it('lists every kind of module reference with its position', () => {
    const facts = extractModuleFacts(
      ts,
      'a.ts',
      [
        "import a from './a';",
        "import type { T } from './t';",
        "import './side';",
        "export * from './all';",
        "export { x } from './x';",
        "const lazy = import('./lazy');",
        "const req = require('./req');",
        "type Q = typeof import('./q');",
        'console.log(a, lazy, req);',
      ].join('\n'),
      plain,
    );
    expect(facts.parseError).toBeUndefined();
    expect(
      facts.imports.map((entry) => [entry.specifier, entry.kind, entry.typeOnly, entry.line, entry.column]),
    ).toEqual([
      ['./a', 'import', false, 1, 15],
      ['./t', 'import', true, 2, 24],
      ['./side', 'side-effect', false, 3, 8],
      ['./all', 'export', false, 4, 15],
      ['./x', 'export', false, 5, 19],
      ['./lazy', 'dynamic', false, 6, 21],
      ['./req', 'require', false, 7, 21],
      ['./q', 'import-type', true, 8, 24],
    ]);
  });

  it('flags imports whose bindings are used only as types, and keeps every import of a JS file', () => {
    const source = "import { A } from './a';\nimport { b } from './b';\nlet x: A = b();\n";
    expect(runtime('m.ts', source)).toEqual(['./b']);
    expect(runtime('m.js', "import { A } from './a';\n")).toEqual(['./a']);
    expect(runtime('m.ts', "import { A } from './a';\n", { verbatim: true, jsxFactory: undefined })).toEqual(['./a']);
  });

  it('reports the first syntax error and still lists the imports before it', () => {
    const facts = extractModuleFacts(ts, 'bad.ts', "import { a } from './a';\nconsole.log(a);\nconst x = (;\n", plain);
    expect(facts.parseError).toMatchObject({ line: 3, column: 12 });
    expect(facts.imports.map((entry) => entry.specifier)).toEqual(['./a']);
  });

  it('finds whole words only, and counts a word next to a non-ASCII character', () => {
    expect(wordOffsets('A xA Ax $A A_ A.b (A) éA', ['A'])).toEqual([0, 14, 19, 23]);
  });

  it('counts lines and columns as TypeScript does (LF, CR, CRLF, U+2028, U+2029)', () => {
    const text = 'a\nbb\r\nccc\rd\u2028e\u2029f\n\ng';
    const source = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest);
    const lines = createLineCounter(text);
    const offsets = Array.from({ length: text.length }, (_, offset) => offset).filter(
      (offset) => !(text[offset] === '\n' && text[offset - 1] === '\r'),
    );
    for (const offset of [...offsets].reverse().concat(offsets)) {
      const { line, character } = source.getLineAndCharacterOfPosition(offset);
      expect(lines.at(offset), `offset ${offset}`).toEqual({ line: line + 1, column: character + 1 });
    }
  });

  it('parses only JS/TS sources, not declaration files', () => {
    expect(['a.ts', 'a.tsx', 'a.mts', 'a.cts', 'a.js', 'a.jsx', 'a.mjs', 'a.cjs'].every(isModuleFile)).toBe(true);
    expect(['a.d.ts', 'a.d.mts', 'x.json', 'a.css', 'ts'].some(isModuleFile)).toBe(false);
  });
});

/** One generated module mixing every import form, each naming its own dependency. */
function generateModule(next: () => number, index: number): string {
  const lines: string[] = [];
  const body: string[] = [];
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  for (let i = 0; i < 12; i++) {
    const dep = `./m${index}_${i}`;
    const name = `v${i}`;
    const use = pick(['value', 'type', 'none', 'typeof', 'call', 'shorthand', 'member-type'] as const);
    const form = pick([
      'named',
      'default',
      'namespace',
      'type-named',
      'mixed',
      'import-type',
      'side',
      're-export',
      're-export-type',
      'export-star',
      'mixed-export',
      'type-only-specifiers',
    ] as const);
    switch (form) {
      case 'named':
        lines.push(`import { ${name} } from '${dep}';`);
        break;
      case 'default':
        lines.push(`import ${name} from '${dep}';`);
        break;
      case 'namespace':
        lines.push(`import * as ${name} from '${dep}';`);
        break;
      case 'type-named':
        lines.push(`import { type ${name} } from '${dep}';`);
        continue;
      case 'mixed':
        lines.push(`import { type T${i}, ${name} } from '${dep}';`);
        body.push(`let t${i}: T${i};`);
        break;
      case 'type-only-specifiers':
        lines.push(`import { type ${name}, type U${i} } from '${dep}';`);
        continue;
      case 'import-type':
        lines.push(`import type { ${name} } from '${dep}';`);
        continue;
      case 'side':
        lines.push(`import '${dep}';`);
        continue;
      case 're-export':
        lines.push(`export { ${name} } from '${dep}';`);
        continue;
      case 're-export-type':
        lines.push(`export type { ${name} } from '${dep}';`);
        continue;
      case 'export-star':
        lines.push(`export * from '${dep}';`);
        continue;
      case 'mixed-export':
        lines.push(`export { type T${i}, ${name} } from '${dep}';`);
        continue;
    }
    if (use === 'value') body.push(`console.log(${name});`);
    else if (use === 'type') body.push(`let x${i}: ${form === 'namespace' ? `${name}.T` : name};`);
    else if (use === 'typeof') body.push(`type Q${i} = typeof ${name};`);
    else if (use === 'call') body.push(`export const r${i} = () => ${name}.length;`);
    else if (use === 'shorthand') body.push(`export const o${i} = { ${name} };`);
    else if (use === 'member-type') body.push(`interface I${i} { f: ${form === 'namespace' ? `${name}.T` : name} }`);
  }
  return `${lines.join('\n')}\n${body.join('\n')}\nexport {};\n`;
}

describe('runtime edges against ts.transpileModule', () => {
  it('agrees on 300 generated modules (type-only uses, mixed type specifiers, re-exports, side effects)', () => {
    const next = random(20261123);
    for (let index = 0; index < 300; index++) {
      const source = generateModule(next, index);
      expect(runtime(`m${index}.ts`, source), source).toEqual(transpiledSpecifiers(`m${index}.ts`, source));
    }
  });

  it('agrees where the walk skips subtrees: names in comments and strings, deep uses, escaped identifiers', () => {
    const cases = [
      "import { A } from './a';\nfunction f() { /* A */ return 'A' + `A`; }\nlet x: A;\nexport { f };\n",
      "import { B } from './b';\nconsole.log(\\u0042);\n",
      "import { C } from './c';\nexport class K { m() { return () => [1, { k: C }]; } }\n",
      "import { D, E } from './d';\nlet y: D = 1 as any;\nfunction g() { if (y) { for (;;) { console.log(E); break; } } }\nexport { g };\n",
      "import { F } from './f';\nimport { G } from './g';\nconst xF = 1, Fx = 2; let é = xF + Fx;\nexport const h = (v: F) => G(v) + é;\n",
      "import H from './h';\nimport * as I from './i';\nexport type T = typeof H | I.T;\nexport const z = { H };\n",
      "import { J } from './j';\nexport default J;\n",
      "import { L } from './l';\nimport { M } from './m';\nconst lazy = () => import('./lazy');\nlet v: L;\nexport { lazy, v, M };\n",
    ];
    for (const [index, source] of cases.entries()) {
      expect(runtime(`p${index}.ts`, source), source).toEqual(transpiledSpecifiers(`p${index}.ts`, source));
    }
  });

  it('agrees under verbatimModuleSyntax', () => {
    const next = random(7);
    for (let index = 0; index < 100; index++) {
      const source = generateModule(next, index);
      const options = { verbatim: true, jsxFactory: undefined };
      expect(runtime(`m${index}.ts`, source, options), source).toEqual(
        transpiledSpecifiers(`m${index}.ts`, source, { verbatimModuleSyntax: true }),
      );
    }
  });

  it('agrees on JSX with the classic React factory', () => {
    const source =
      "import React from 'react';\nimport { Button } from './button';\nimport { Props } from './props';\nexport const App = (p: Props) => <Button />;\n";
    const options = { verbatim: false, jsxFactory: 'React' };
    expect(runtime('app.tsx', source, options)).toEqual(
      transpiledSpecifiers('app.tsx', source, { jsx: ts.JsxEmit.React }),
    );
  });

  it('agrees with emitDecoratorMetadata: types of decorated members and injected constructor parameters stay', () => {
    const next = random(99);
    let metadataMatters = 0;
    const typeForms = (name: string) => [
      name,
      `${name} | null`,
      `${name} | undefined`,
      `${name}[]`,
      `Array<${name}>`,
      `${name} | Other`,
      `(${name})`,
      `ns_${name}.Inner`,
    ];
    for (let index = 0; index < 60; index++) {
      const lines = ["import { Other } from './other';", 'declare const Dec: any;', 'console.log(Other);'];
      const members: string[] = [];
      const ctorParams: string[] = [];
      let classDecorated = false;
      for (let i = 0; i < 6; i++) {
        const name = `T${i}`;
        const dep = `./d${index}_${i}`;
        const form = typeForms(name)[Math.floor(next() * 8)];
        lines.push(
          form.startsWith('ns_') ? `import * as ns_${name} from '${dep}';` : `import { ${name} } from '${dep}';`,
        );
        const place = Math.floor(next() * 6);
        if (place === 0) members.push(`  @Dec p${i}: ${form};`);
        else if (place === 1) members.push(`  p${i}: ${form};`);
        else if (place === 2) members.push(`  @Dec m${i}(a: ${form}): void {}`);
        else if (place === 3) members.push(`  @Dec r${i}(): ${form} { return null as any; }`);
        else if (place === 4) ctorParams.push(`c${i}: ${form}`);
        else {
          ctorParams.push(`@Dec c${i}: ${form}`);
        }
        if (place === 4 && next() < 0.5) classDecorated = true;
      }
      const source = `${lines.join('\n')}\n${classDecorated ? '@Dec\n' : ''}export class C${index} {\n  constructor(${ctorParams.join(', ')}) {}\n${members.join('\n')}\n}\n`;
      const options = { verbatim: false, jsxFactory: undefined, decoratorMetadata: true };
      const oracle = transpiledSpecifiers(`c${index}.ts`, source, {
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
      });
      expect(runtime(`c${index}.ts`, source, options), source).toEqual(oracle);
      if (runtime(`c${index}.ts`, source).join() !== oracle.join()) metadataMatters++;
    }
    // Not vacuous: most generated classes keep imports only because of the metadata.
    expect(metadataMatters).toBeGreaterThan(30);
  });
});
