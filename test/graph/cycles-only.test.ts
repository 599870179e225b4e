import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '@warmbuild/core';
import { createRandom } from '../../packages/core/test-support/random.js';
import { check, rules, writeRepo } from './fixture.js';

/**
 * `--only circular-import` scans files for references and parses only those the scan leaves on a
 * cycle (build-graph.ts). The oracle is the same check with every file parsed: a run that also
 * wants `parse-error` parses everything.
 */

const FORMS = [
  'value',
  'type-use',
  'import-type',
  'type-specifier',
  're-export',
  'export-star',
  'side-effect',
  'dynamic',
  'typeof-import',
  'alias',
  'require',
] as const;

function moduleSource(next: () => number, index: number, count: number, tsx: boolean): string {
  const imports: string[] = [];
  const body: string[] = [];
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  const edges = Math.floor(next() * 4);
  for (let e = 0; e < edges; e++) {
    const target = Math.floor(next() * count);
    const name = `d${e}`;
    const spec = `./m${target}`;
    switch (pick(FORMS)) {
      case 'value':
        imports.push(`import { v${target} as ${name} } from '${spec}';`);
        body.push(`export const u${e} = () => ${name};`);
        break;
      case 'type-use':
        imports.push(`import { v${target} as ${name} } from '${spec}';`);
        body.push(`export type U${e} = typeof ${name};`);
        break;
      case 'import-type':
        imports.push(`import type { T${target} as ${name} } from '${spec}';`);
        body.push(`export type U${e} = ${name};`);
        break;
      case 'type-specifier':
        imports.push(`import { type T${target} as ${name} } from '${spec}';`);
        break;
      case 're-export':
        imports.push(`export { v${target} as r${e} } from '${spec}';`);
        break;
      case 'export-star':
        imports.push(`export * as ns${e} from '${spec}';`);
        break;
      case 'side-effect':
        imports.push(`import '${spec}';`);
        break;
      case 'dynamic':
        body.push(`export const lazy${e} = () => import(/* webpackChunkName: "m${target}" */ '${spec}');`);
        break;
      case 'typeof-import':
        body.push(`export type Q${e} = typeof import('${spec}');`);
        break;
      case 'alias':
        imports.push(`import { v${target} as ${name} } from '@/m${target}';`);
        body.push(`console.log(${name});`);
        break;
      case 'require':
        imports.push(`import ${name} = require('${spec}');`);
        body.push(`console.log(${name});`);
        break;
    }
  }
  // References the parser does not see: the scan counts them, the pruning must not care.
  if (next() < 0.3) body.push(`// import { v0 } from './m${Math.floor(next() * count)}';`);
  if (next() < 0.3) body.push(`export const note${index} = "from './m${Math.floor(next() * count)}'";`);
  if (tsx) body.push(`export const View${index} = () => <p>Don't import './m0' "here" /ever/</p>;`);
  return `${imports.join('\n')}\nexport const v${index} = ${index};\nexport type T${index} = number;\n${body.join('\n')}\n`;
}

function writeModules(root: string, next: () => number, count: number, indices: Iterable<number>): void {
  for (const index of indices) {
    const tsx = index % 5 === 4;
    for (const ext of ['.ts', '.tsx']) fs.rmSync(path.join(root, `src/m${index}${ext}`), { force: true });
    fs.writeFileSync(path.join(root, `src/m${index}${tsx ? '.tsx' : '.ts'}`), moduleSource(next, index, count, tsx));
  }
}

const cycles = (findings: readonly Finding[]) => rules(findings, 'circular-import');

describe('circular-import alone: scan, then parse only what may be on a cycle', () => {
  it('finds exactly the cycles a full parse finds, cold and after edits, with every edge option', async () => {
    let components = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const next = createRandom(seed);
      const count = 40;
      const root = writeRepo({
        'package.json': { name: `cycles-${seed}`, private: true },
        'tsconfig.json': {
          compilerOptions: {
            baseUrl: '.',
            paths: { '@/*': ['src/*'] },
            jsx: 'preserve',
            module: 'commonjs',
            esModuleInterop: true,
          },
        },
      });
      fs.mkdirSync(path.join(root, 'src'));
      writeModules(
        root,
        next,
        count,
        Array.from({ length: count }, (_, i) => i),
      );
      const edgeOptions = { includeTypeImports: seed % 3 === 0, dynamicImports: seed % 2 === 0 };
      const checks = { 'circular-import': edgeOptions };
      for (let round = 0; round < 4; round++) {
        if (round > 0)
          writeModules(
            root,
            next,
            count,
            Array.from({ length: 1 + Math.floor(next() * 4) }, () => Math.floor(next() * count)),
          );
        const pruned = await check(root, { only: ['circular-import'], checks });
        const full = await check(root, { only: ['circular-import', 'parse-error'], checks, cache: false });
        expect(cycles(pruned.findings), `seed ${seed} round ${round}`).toEqual(cycles(full.findings));
        components += cycles(full.findings).length;
      }
    }
    // Not vacuous: the generated graphs have cycles to find.
    expect(components).toBeGreaterThan(20);
  });
});
