import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, rules, writeRepo } from './fixture.js';

const only = ['circular-import', 'unresolved-import', 'import-case-mismatch', 'parse-error'];

describe('resolution', () => {
  it('follows tsconfig extends chains with comments, baseUrl and paths', async () => {
    const root = writeRepo({
      'config/tsconfig.base.json':
        '{\n  // shared\n  "compilerOptions": {\n    "baseUrl": "..",\n    "paths": { "@app/*": ["src/*"], "~config": ["src/config.ts"] },\n  }\n}\n',
      'tsconfig.json':
        '{ "extends": "./config/tsconfig.base.json", /* strict */ "compilerOptions": { "strict": true } }',
      'src/a.ts': "import { b } from '@app/b';\nexport const a = () => b;\n",
      'src/b.ts': "import { config } from '~config';\nexport const b = () => config;\n",
      'src/config.ts': "import { a } from '@app/a';\nexport const config = { a };\n",
      'src/missing.ts': "import { x } from '@app/nothing';\nexport const y = x;\n",
    });
    const { findings } = await check(root, { only });
    expect(rules(findings, 'unresolved-import').map((finding) => [finding.file, finding.specifier])).toEqual([
      ['src/missing.ts', '@app/nothing'],
    ]);
    const [cycle] = rules(findings, 'circular-import');
    expect(cycle.modules).toEqual(['src/a.ts', 'src/b.ts', 'src/config.ts']);
    expect(cycle.cycle).toEqual(['src/a.ts', 'src/b.ts', 'src/config.ts', 'src/a.ts']);
    // The location is the import that closes the witness: config.ts -> a.ts.
    expect([cycle.file, cycle.line, cycle.column]).toEqual(['src/config.ts', 1, 19]);
  });

  it('honours package.json exports with customConditions, imports (#), self-imports and workspace packages linked to source', async () => {
    const root = writeRepo({
      'package.json': { name: 'root', private: true },
      'pnpm-workspace.yaml': 'packages:\n  - packages/*\n',
      'tsconfig.json': {
        compilerOptions: { module: 'esnext', moduleResolution: 'bundler', customConditions: ['source'] },
      },
      'packages/lib/package.json': {
        name: '@demo/lib',
        type: 'module',
        exports: { '.': { source: './src/index.ts', default: './dist/index.js' } },
        imports: { '#util': { source: './src/util.ts', default: './dist/util.js' } },
      },
      'packages/lib/src/index.ts': "import { util } from '#util';\nexport const lib = () => util;\n",
      // A self-import by package name closes the cycle index -> util -> index.
      'packages/lib/src/util.ts': "import { lib } from '@demo/lib';\nexport const util = () => lib;\n",
      'packages/app/package.json': { name: '@demo/app', type: 'module', dependencies: { '@demo/lib': 'workspace:*' } },
      'packages/app/src/main.ts': "import { lib } from '@demo/lib';\nconsole.log(lib);\n",
    });
    // Without node_modules the workspace package still resolves to its source.
    let { findings } = await check(root, { only, cache: false });
    expect(rules(findings, 'unresolved-import')).toEqual([]);
    expect(rules(findings, 'circular-import').map((finding) => finding.modules)).toEqual([
      ['packages/lib/src/index.ts', 'packages/lib/src/util.ts'],
    ]);
    // With the pnpm symlink, TypeScript follows it to the real (source) files.
    fs.mkdirSync(path.join(root, 'packages/app/node_modules/@demo'), { recursive: true });
    fs.symlinkSync(path.join(root, 'packages/lib'), path.join(root, 'packages/app/node_modules/@demo/lib'), 'dir');
    fs.writeFileSync(path.join(root, 'packages/lib/src/util.ts'), 'export const util = 1;\n');
    fs.writeFileSync(
      path.join(root, 'packages/lib/src/index.ts'),
      "import { util } from '#util';\nimport { main } from '@demo/app/src/main';\nexport const lib = () => [util, main];\n",
    );
    fs.writeFileSync(
      path.join(root, 'packages/app/package.json'),
      JSON.stringify({ name: '@demo/app', type: 'module', dependencies: { '@demo/lib': 'workspace:*' } }),
    );
    fs.writeFileSync(
      path.join(root, 'packages/app/src/main.ts'),
      "import { lib } from '@demo/lib';\nexport const main = () => lib;\n",
    );
    ({ findings } = await check(root, { only, cache: false }));
    expect(rules(findings, 'unresolved-import').map((finding) => finding.specifier)).toEqual([]);
    expect(rules(findings, 'circular-import').map((finding) => finding.modules)).toEqual([
      ['packages/app/src/main.ts', 'packages/lib/src/index.ts'],
    ]);
  });

  it('reports letter-case mismatches, not unresolved imports, on a case-sensitive disk', async () => {
    const root = writeRepo({
      'src/components/Button.tsx': 'export const Button = 1;\n',
      'src/app.ts':
        "import { Button } from './components/button';\nimport { nope } from './components/nope';\nimport { B } from '@/Components/Button';\nconsole.log(Button, nope, B);\n",
      'tsconfig.json': { compilerOptions: { paths: { '@/*': ['./src/*'] } } },
    });
    const { findings } = await check(root, { only, cache: false });
    expect(rules(findings, 'import-case-mismatch')).toMatchObject([
      { file: 'src/app.ts', line: 1, target: 'src/components/Button.tsx' },
      { file: 'src/app.ts', line: 3, specifier: '@/Components/Button', target: 'src/components/Button.tsx' },
    ]);
    expect(rules(findings, 'unresolved-import').map((finding) => finding.specifier)).toEqual(['./components/nope']);
  });

  it('handles deep directory trees and a 5,000-module cycle', async () => {
    const deep = Array.from({ length: 120 }, (_, i) => `d${i}`).join('/');
    const files: Record<string, string> = {
      [`${deep}/leaf.ts`]: `import { top } from '${'../'.repeat(120)}top';\nexport const leaf = () => top;\n`,
      'top.ts': `import { leaf } from './${deep}/leaf';\nexport const top = () => leaf;\n`,
    };
    for (let i = 0; i < 5000; i++)
      files[`ring/m${i}.ts`] =
        `import { f${(i + 1) % 5000} } from './m${(i + 1) % 5000}';\nexport const f${i} = () => f${(i + 1) % 5000};\n`;
    const root = writeRepo(files);
    const { findings } = await check(root, { only: ['circular-import'], cache: false });
    const sizes = rules(findings, 'circular-import')
      .map((finding) => (finding.modules as string[]).length)
      .sort((a, b) => a - b);
    expect(sizes).toEqual([2, 5000]);
  });

  it('skips components on the allowlist (by module set) and reports new or grown ones', async () => {
    const root = writeRepo({
      'src/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
      'src/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
      'src/c.ts': "import { d } from './d';\nexport const c = () => d;\n",
      'src/d.ts': "import { c } from './c';\nexport const d = () => c;\n",
    });
    const allow = { checks: { 'circular-import': { allow: [['src/b.ts', 'src/a.ts']] } } };
    let { findings } = await check(root, { only: ['circular-import'], ...allow });
    expect(findings.map((finding) => finding.modules)).toEqual([['src/c.ts', 'src/d.ts']]);
    fs.writeFileSync(
      path.join(root, 'src/b.ts'),
      "import { a } from './a';\nimport { c } from './c';\nexport const b = () => [a, c];\n",
    );
    fs.writeFileSync(
      path.join(root, 'src/d.ts'),
      "import { c } from './c';\nimport { a } from './a';\nexport const d = () => [a, c];\n",
    );
    ({ findings } = await check(root, { only: ['circular-import'], ...allow }));
    expect(findings.map((finding) => finding.modules)).toEqual([['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/d.ts']]);
  });

  it('reports uninstalled bare packages only when missing-package is asked for', async () => {
    const root = writeRepo({
      'tsconfig.json': {
        compilerOptions: {
          moduleResolution: 'bundler',
          module: 'esnext',
          paths: { vite: ['./node_modules/vite/dist/index.d.ts'] },
        },
      },
      'src/a.ts':
        "import { z } from 'zod';\nimport { defineConfig } from 'vite';\nimport fs from 'node:fs';\nimport path from 'path';\nexport const a = [z, defineConfig, fs, path];\n",
    });
    const byDefault = await check(root, { cache: false });
    expect(
      byDefault.findings.filter(
        (finding) => finding.rule === 'missing-package' || finding.rule === 'unresolved-import',
      ),
    ).toEqual([]);
    const asked = await check(root, { only: ['missing-package', 'unresolved-import'], cache: false });
    expect(asked.findings.map((finding) => [finding.rule, finding.specifier])).toEqual([
      ['missing-package', 'zod'],
      ['missing-package', 'vite'],
    ]);
  });

  it('finds gitignored (generated) files next to tracked ones: imported, not reported, not graph nodes', async () => {
    const root = writeRepo({
      '.gitignore': 'src/generated.ts\n',
      'src/generated.ts': 'export const schema = 1;\n',
      'src/app.ts': "import { schema } from './generated';\nexport const app = schema;\n",
    });
    const { findings } = await check(root, { only, cache: false });
    expect(findings).toEqual([]);
  });
});
