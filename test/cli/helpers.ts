import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const bin = path.join(repoRoot, 'packages/core/dist/cli/bin.js');

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix = 'wb-cli-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** The CLI as a process. */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}) {
  const env: Record<string, string | undefined> = { ...process.env, FORCE_COLOR: '0', ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? repoRoot,
    encoding: 'utf8',
    env: env as NodeJS.ProcessEnv,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Write files (objects as JSON) under `root`, their mtimes a minute back as for a checkout made before the run. */
export function writeFiles(root: string, files: Record<string, string | object>): string {
  const past = new Date(Date.now() - 60_000);
  for (const [rel, content] of Object.entries(files)) {
    const absolute = path.join(root, rel);
    fs.mkdirSync(path.dirname(absolute), { recursive: true });
    fs.writeFileSync(absolute, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    fs.utimesSync(absolute, past, past);
  }
  return root;
}

/** Every kind of finding the checks make, so a lost or planted result shows in any rule. */
export function repoWithFindings(root: string): string {
  writeFiles(root, {
    'package.json': { name: 'root', private: true, workspaces: ['packages/*'] },
    'pnpm-workspace.yaml': 'packages:\n  - packages/*\n',
    'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
    'packages/a/package.json': { name: '@x/a', dependencies: { '@x/b': '1.0.0', zod: '^3.22.0' } },
    'packages/b/package.json': {
      name: '@x/b',
      version: '1.0.0',
      dependencies: { zod: '^3.23.0' },
      devDependencies: { zod: '^3.23.0' },
    },
    'packages/b/index.ts.orig': 'backup\n',
    'src/a.ts': "import { b } from './b';\nimport { gone } from './missing';\nexport const a = () => b + gone;\n",
    'src/b.ts': "import { a } from './a';\nexport const b = typeof a;\n",
    'src/merge.ts':
      'export const x = 1;\n<<<<<<< HEAD\nexport const y = 2;\n=======\nexport const y = 3;\n>>>>>>> feature\n',
    'src/ok.ts': 'export const ok = 1;\n',
    'docs/guide.md': '# Guide\n\nSee [the API](./api.md) and [setup](#setup).\n',
    'docs/other.md': '# Other\n\n[back](./guide.md#guide)\n',
    'big.txt': 'x'.repeat(2_000_000),
  });
  return root;
}
