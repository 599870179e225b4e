import { describe, expect, it } from 'vitest';
import { checkJson, writeRepo } from './fixture.js';

const importRules = ['--only', 'circular-import,unresolved-import,missing-package,config-error', '--no-cache'];
const specifiers = (findings: { rule: string; file: string; specifier?: unknown }[], rule: string) =>
  findings
    .filter((finding) => finding.rule === rule)
    .map((finding) => `${finding.file} ${String(finding.specifier)}`)
    .sort();

/** The typescript-sdk shape: a catch-all listed before the specific patterns. */
const catchAllFirst = {
  compilerOptions: {
    module: 'esnext',
    moduleResolution: 'bundler',
    paths: {
      '*': ['./*'],
      '@app/*': ['./src/*'],
      '@sdk/server': ['./node_modules/@sdk/server/src/index.ts'],
    },
  },
};
const catchAllSources = {
  'src/main.ts': [
    "import { util } from '@app/util';",
    "import { gone } from '@app/gone';",
    "import { server } from '@sdk/server';",
    "import { z } from 'zod/v4';",
    "import { describe } from 'vitest';",
    // Through "*": a file at the root, a graph edge (main -> config -> main is a cycle).
    "import { config } from 'config';",
    'export const main = [util, gone, server, z, describe, config];',
    '',
  ].join('\n'),
  'src/util.ts': 'export const util = 1;\n',
  'config.ts': "import { main } from './src/main';\nexport const config = () => main;\n",
};

describe('paths: the pattern TypeScript applies (CLI)', () => {
  it('a catch-all "*" listed first neither shadows specific patterns nor makes package imports unresolved', () => {
    const root = writeRepo({ 'tsconfig.json': catchAllFirst, ...catchAllSources });
    const { findings } = checkJson(root, importRules);
    // Only the alias into the repository that names nothing is unresolved.
    expect(specifiers(findings, 'unresolved-import')).toEqual(['src/main.ts @app/gone']);
    // "@sdk/server" points into node_modules (not installed); "zod/v4" and "vitest" miss "./*" and go on to node_modules.
    expect(specifiers(findings, 'missing-package')).toEqual([
      'src/main.ts @sdk/server',
      'src/main.ts vitest',
      'src/main.ts zod/v4',
    ]);
    expect(findings.filter((finding) => finding.rule === 'circular-import').map((finding) => finding.modules)).toEqual([
      ['config.ts', 'src/main.ts'],
    ]);
    expect(specifiers(findings, 'config-error')).toEqual([]);
  });

  it('"zod/v4" through "*" is the installed package when zod is installed: no finding', () => {
    const root = writeRepo({
      'tsconfig.json': catchAllFirst,
      ...catchAllSources,
      'node_modules/zod/package.json': {
        name: 'zod',
        version: '4.0.0',
        type: 'module',
        exports: { './v4': { types: './v4/index.d.ts', default: './v4/index.js' } },
      },
      'node_modules/zod/v4/index.js': 'export const z = {};\n',
      'node_modules/zod/v4/index.d.ts': 'export declare const z: object;\n',
    });
    const { findings } = checkJson(root, importRules);
    expect(specifiers(findings, 'unresolved-import')).toEqual(['src/main.ts @app/gone']);
    expect(specifiers(findings, 'missing-package')).toEqual(['src/main.ts @sdk/server', 'src/main.ts vitest']);
  });

  it('a specific pattern wins over a shorter one whatever the object order, also for letter case', () => {
    const root = writeRepo({
      'tsconfig.json': {
        compilerOptions: {
          module: 'esnext',
          moduleResolution: 'bundler',
          paths: { '@app/*': ['./src/*'], '@app/special/*': ['./special/*'] },
        },
      },
      'special/Widget.ts': 'export const widget = 1;\n',
      // What the shorter pattern would lead to: TypeScript never tries it for "@app/special/...".
      'src/special/WIDGET.ts': 'export const widget = 2;\n',
      'src/main.ts':
        "import { widget } from '@app/special/widget';\nimport { none } from '@app/special/none';\nexport const main = [widget, none];\n",
    });
    const { findings } = checkJson(root, [
      '--only',
      'unresolved-import,import-case-mismatch,missing-package',
      '--no-cache',
    ]);
    const mismatches = findings.filter((finding) => finding.rule === 'import-case-mismatch');
    expect(mismatches.map((finding) => [finding.specifier, finding.message])).toEqual([
      ['@app/special/widget', expect.stringContaining('special/Widget.ts')],
    ]);
    expect(mismatches[0].message).not.toContain('WIDGET');
    expect(specifiers(findings, 'unresolved-import')).toEqual(['src/main.ts @app/special/none']);
  });
});

describe('scheme specifiers (CLI)', () => {
  it('platform, Deno and bundler schemes are neither unresolved nor missing packages; paths still are', () => {
    const root = writeRepo({
      'tsconfig.json': { compilerOptions: { module: 'esnext', moduleResolution: 'bundler' } },
      'src/worker.ts': [
        "import { DurableObject } from 'cloudflare:workers';",
        "import { test } from 'bun:test';",
        "import { run } from 'npm:mitata';",
        "import { join } from 'jsr:@std/path';",
        "import { h } from 'https://esm.sh/preact';",
        "import * as deno from 'deno:internal';",
        "import { getCollection } from 'astro:content';",
        "import pwa from 'virtual:pwa-register';",
        "import { readFile } from 'node:fs';",
        "import { gone } from './gone';",
        "import { drive } from 'C:/nowhere/drive';",
        'export const all = [DurableObject, test, run, join, h, deno, getCollection, pwa, readFile, gone, drive];',
        '',
      ].join('\n'),
    });
    const { findings } = checkJson(root, importRules);
    expect(specifiers(findings, 'unresolved-import')).toEqual([
      'src/worker.ts ./gone',
      'src/worker.ts C:/nowhere/drive',
    ]);
    expect(specifiers(findings, 'missing-package')).toEqual([]);
  });
});
