import { describe, expect, it } from 'vitest';
import { checkJson, rules, writeRepo } from './fixture.js';

const graphRules = ['--only', 'circular-import,unresolved-import,import-case-mismatch,parse-error'];
const specifiers = (findings: { rule: string; file: string; specifier?: unknown }[], rule: string) =>
  findings.filter((finding) => finding.rule === rule).map((finding) => `${finding.file} ${String(finding.specifier)}`);

describe('what a specifier is: real layouts through the CLI', () => {
  it('resolves dotted basenames (NestJS, Angular, foo.types) as modules, and finds cycles through them', () => {
    const root = writeRepo({
      'tsconfig.json': {
        compilerOptions: {
          module: 'commonjs',
          target: 'es2021',
          experimentalDecorators: true,
          emitDecoratorMetadata: true,
        },
      },
      'src/app.module.ts':
        "import { UsersModule } from './users/users.module';\nexport class AppModule { users = UsersModule; }\n",
      'src/users/users.module.ts':
        "import { UsersService } from './users.service';\nexport class UsersModule { service = UsersService; }\n",
      'src/users/users.service.ts':
        "import { AppModule } from '../app.module';\nexport class UsersService { app = AppModule; }\n",
      'src/App.bucketFill.tsx': 'export const bucketFill = 1;\n',
      'src/charts.types.ts': 'export const chartKinds = ["bar"];\n',
      'src/qrcode.chunk.js': 'export const chunk = 1;\n',
      'src/main.ts': [
        "import { bucketFill } from './App.bucketFill';",
        "import { chartKinds } from './charts.types';",
        "import { chunk } from './qrcode.chunk';",
        "import { AppModule } from './app.module';",
        "import { gone } from './auth/auth.guard';",
        'export const all = [bucketFill, chartKinds, chunk, AppModule, gone];',
        '',
      ].join('\n'),
    });
    const { status, findings } = checkJson(root, [...graphRules, '--no-cache']);
    expect(status).toBe(1);
    expect(specifiers(findings, 'unresolved-import')).toEqual(['src/main.ts ./auth/auth.guard']);
    expect(rules(findings, 'circular-import').map((finding) => finding.modules)).toEqual([
      ['src/app.module.ts', 'src/users/users.module.ts', 'src/users/users.service.ts'],
    ]);
  });

  it('checks assets by their extension or query, JSON through TypeScript, and .vue/.svelte files on disk', () => {
    const root = writeRepo({
      'src/styles.css': 'body {}\n',
      'src/data.json': '{ "a": 1 }\n',
      'src/App.vue': '<template><div /></template>\n',
      'src/Widget.svelte': '<p>hi</p>\n',
      'src/worker.ts': 'export {};\n',
      'src/sw.ts': 'export {};\n',
      'src/main.ts': [
        "import './styles.css';",
        "import './missing.scss';",
        "import data from './data.json';",
        "import absent from './absent.json';",
        "import raw from './data.json?raw';",
        "import url from './logo.svg?url';",
        "import Worker from './worker?worker';",
        "import ServiceWorker from './sw.js?worker&url';",
        "import App from './App.vue';",
        "import Gone from './Gone.vue';",
        "import Widget from './Widget.svelte';",
        "import 'bootstrap/dist/css/bootstrap.min.css';",
        'export const all = [data, absent, raw, url, Worker, ServiceWorker, App, Gone, Widget];',
        '',
      ].join('\n'),
    });
    const { findings } = checkJson(root, [...graphRules, '--no-cache']);
    expect(specifiers(findings, 'unresolved-import')).toEqual([
      'src/main.ts ./missing.scss',
      'src/main.ts ./absent.json',
      'src/main.ts ./logo.svg?url',
      'src/main.ts ./Gone.vue',
    ]);
  });

  it('maps .js-suffixed imports to TypeScript sources (NodeNext, Node16), and dotted ones without suffix (bundler)', () => {
    for (const [tsconfig, packageJson, suffix] of [
      [
        { compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } },
        { name: 'lib', type: 'module' },
        '.js',
      ],
      [{ compilerOptions: { module: 'node16', moduleResolution: 'node16' } }, { name: 'lib', type: 'module' }, '.js'],
      [{ compilerOptions: { module: 'esnext', moduleResolution: 'bundler' } }, { name: 'lib' }, '.js'],
      [{ compilerOptions: { module: 'esnext', moduleResolution: 'bundler' } }, { name: 'lib' }, ''],
    ] as const) {
      const root = writeRepo({
        'package.json': packageJson,
        'tsconfig.json': tsconfig,
        'src/index.ts': `import { parse } from './parser${suffix}';\nimport { Token } from './lexer.types${suffix}';\nexport const run = (t: Token) => parse(t);\n`,
        'src/parser.ts': `import { run } from './index${suffix}';\nimport { missing } from './missing${suffix}';\nexport const parse = (t: unknown) => [run, missing, t];\n`,
        'src/lexer.types.ts': 'export class Token {}\n',
        'src/legacy.mts':
          "import { parse } from './parser.js';\nimport { helper } from './helper.mjs';\nexport const legacy = [parse, helper];\n",
        'src/helper.mts': 'export const helper = 1;\n',
      });
      const { findings } = checkJson(root, [...graphRules, '--no-cache']);
      expect(specifiers(findings, 'unresolved-import'), JSON.stringify(tsconfig) + suffix).toEqual([
        `src/parser.ts ./missing${suffix}`,
      ]);
      // The runtime edge index -> lexer.types is type-only in use but not marked: it stays an edge.
      expect(rules(findings, 'circular-import').map((finding) => finding.modules)).toEqual([
        ['src/index.ts', 'src/parser.ts'],
      ]);
    }
  });

  it('resolves folders through package.json main/types, and reports a folder without index or manifest', () => {
    const root = writeRepo({
      'src/widget/package.json': { main: './src/entry.js' },
      'src/widget/src/entry.ts': "import { app } from '../../app';\nexport const widget = () => app;\n",
      'src/typed/package.json': { types: './lib/typed.d.ts' },
      'src/typed/lib/typed.d.ts': 'export declare const typed: number;\n',
      'src/typed/lib/typed.js': 'export const typed = 1;\n',
      'src/empty/README.md': '# nothing to import here\n',
      'src/empty/helpers.ts': 'export const helper = 1;\n',
      // A dotted folder name with an index: a directory, not an asset.
      'src/date.utils/index.ts': 'export const today = 1;\n',
      'src/app.ts':
        "import { widget } from './widget';\nimport { typed } from './typed';\nimport { none } from './empty';\nimport { today } from './date.utils';\nexport const app = [widget, typed, none, today];\n",
    });
    const { findings } = checkJson(root, [...graphRules, '--no-cache']);
    expect(specifiers(findings, 'unresolved-import')).toEqual(['src/app.ts ./empty']);
    expect(rules(findings, 'circular-import').map((finding) => finding.modules)).toEqual([
      ['src/app.ts', 'src/widget/src/entry.ts'],
    ]);
  });

  it('leaves bundler-owned specifiers alone, by default and by checks["unresolved-import"].ignore', () => {
    const files = {
      'src/main.ts': [
        "import { registerSW } from 'virtual:pwa-register';",
        "import Home from '~icons/mdi/home';",
        "import Logo from 'icons:logo';",
        "import routes from '~react-pages';",
        "import generated from '@generated/routes';",
        "import { nope } from './nope';",
        'export const all = [registerSW, Home, Logo, routes, generated, nope];',
        '',
      ].join('\n'),
    };
    const bare = writeRepo(files);
    const byDefault = checkJson(bare, ['--only', 'unresolved-import,missing-package', '--no-cache']).findings;
    expect(byDefault.map((finding) => `${finding.rule} ${String(finding.specifier)}`)).toEqual([
      'missing-package ~react-pages',
      'missing-package @generated/routes',
      'unresolved-import ./nope',
    ]);
    const configured = writeRepo({
      ...files,
      'warmbuild.config.json': {
        checks: { 'unresolved-import': { ignore: ['~react-pages', '@generated/*', './nope'] } },
      },
    });
    const ignored = checkJson(configured, ['--only', 'unresolved-import,missing-package', '--no-cache']).findings;
    // A configured list adds to the defaults: virtual:* and ~icons/* stay ignored.
    expect(ignored).toEqual([]);
  });
});
