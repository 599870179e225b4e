import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BuildReport } from '@warmbuild/vite-plugin';

/** Lines of a module that trips `large-file` when `largeFile.maxLines` is 20. */
export function bigModule(lines = 40): string {
  return `${Array.from({ length: lines }, (_, i) => `export const v${i} = ${i};`).join('\n')}\n`;
}

export interface Fixture {
  root: string;
  write(rel: string, content: string): void;
  read(rel: string): string;
  /** The plugin's `node_modules/.cache/warmbuild/report.json`. */
  report(): BuildReport;
  cleanup(): void;
}

/**
 * A small app in a temp dir: `src/main.js` imports `a.js` (which imports `b.js`, which imports
 * `a.js` back: a cycle in the bundle) and `data.js` (large when `big` is set).
 */
export function createFixture(options: { big?: boolean } = {}): Fixture {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'warmbuild-plugins-')));
  const write = (rel: string, content: string) => {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  };
  write(
    'index.html',
    '<!doctype html><html><body><div id="app"></div><script type="module" src="/src/main.js"></script></body></html>\n',
  );
  write(
    'src/main.js',
    "import { a } from './a.js';\nimport { v0 } from './data.js';\ndocument.querySelector('#app').textContent = `${a()} ${v0}`;\n",
  );
  write(
    'src/a.js',
    "import { b } from './b.js';\nexport function a() { return 'a' + b(); }\nexport const name = 'a';\n",
  );
  write('src/b.js', "import { name } from './a.js';\nexport function b() { return 'b' + name.length; }\n");
  write('src/data.js', options.big ? bigModule() : 'export const v0 = 0;\n');
  write('README.md', '# Fixture\n');
  return {
    root,
    write,
    read: (rel) => fs.readFileSync(path.join(root, rel), 'utf8'),
    report: () => JSON.parse(fs.readFileSync(path.join(root, 'node_modules/.cache/warmbuild/report.json'), 'utf8')),
    // A watcher's last cache flush may still be landing when webpack's close() returns.
    cleanup: () => fs.rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }),
  };
}

/**
 * Options that make `src/data.js` (40 lines) a finding: a warning, or an error with `asError`.
 * `only` keeps the counts independent of the other checks in the registry (the fixture has a cycle).
 */
export function largeFileOptions(root: string, asError = false, rules: string[] = ['large-file']) {
  return {
    root,
    only: rules,
    largeFile: { maxLines: 20 },
    ...(asError ? { rules: { 'large-file': 'error' as const } } : {}),
  };
}
