import { describe, expect, it } from 'vitest';
import { checkJson, rules, writeRepo } from './fixture.js';

const graphRules = ['--only', 'config-error,circular-import,unresolved-import', '--no-cache'];

/**
 * Two modules that form a cycle only when the governing config has verbatimModuleSyntax (the
 * import of `Shape`, used as a type alone, is kept): the shared config's options visibly apply.
 */
const cycleUnderVerbatim = (dir: string) => ({
  [`${dir}/src/a.ts`]: "import { Shape } from './b';\nexport const a = (shape: Shape) => shape;\n",
  [`${dir}/src/b.ts`]: "import { a } from './a';\nexport interface Shape { x: number }\nexport const b = a;\n",
});

describe('"extends" of a workspace package that is not installed (a fresh clone)', () => {
  it('reads the workspace member as the install would link it: package root, package.json "tsconfig", subpath', () => {
    const root = writeRepo({
      'package.json': { name: 'root', private: true },
      'pnpm-workspace.yaml': 'packages:\n  - packages/*\n  - tooling/*\n',
      'tooling/tsconfig/package.json': { name: '@demo/tsconfig', version: '1.0.0', private: true },
      'tooling/tsconfig/tsconfig.json': {
        extends: './strict.json',
        compilerOptions: { module: 'esnext', moduleResolution: 'bundler' },
      },
      'tooling/tsconfig/strict.json': { compilerOptions: { verbatimModuleSyntax: true } },
      'tooling/named/package.json': { name: '@demo/named-config', version: '1.0.0', tsconfig: './configs/base.json' },
      'tooling/named/configs/base.json': {
        compilerOptions: { verbatimModuleSyntax: true, module: 'esnext', moduleResolution: 'bundler' },
      },
      'packages/one/tsconfig.json': { extends: '@demo/tsconfig' },
      'packages/two/tsconfig.json': { extends: '@demo/tsconfig/strict.json' },
      'packages/three/tsconfig.json': { extends: '@demo/named-config' },
      // Not a workspace member and not installed: still a config-error.
      'packages/four/tsconfig.json': '{\n  "extends": "@elsewhere/tsconfig"\n}\n',
      ...cycleUnderVerbatim('packages/one'),
      ...cycleUnderVerbatim('packages/two'),
      ...cycleUnderVerbatim('packages/three'),
      ...cycleUnderVerbatim('packages/four'),
    });
    const { findings } = checkJson(root, graphRules);
    expect(rules(findings, 'config-error').map((finding) => `${finding.file}:${finding.line}`)).toEqual([
      'packages/four/tsconfig.json:2',
    ]);
    expect(rules(findings, 'circular-import').map((finding) => finding.modules)).toEqual([
      ['packages/one/src/a.ts', 'packages/one/src/b.ts'],
      ['packages/three/src/a.ts', 'packages/three/src/b.ts'],
      ['packages/two/src/a.ts', 'packages/two/src/b.ts'],
    ]);
  });
});
