import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkJson, writeRepo } from './fixture.js';

/** Warm, then `--no-cache`: both outputs, for the caller to compare. */
function warmAndCold(root: string, args: string[]) {
  const warm = checkJson(root, args);
  const cold = checkJson(root, [...args, '--no-cache']);
  return {
    warm: { status: warm.status, findings: warm.findings },
    cold: { status: cold.status, findings: cold.findings },
  };
}

const summary = (findings: { rule: string; file: string; specifier?: unknown }[]) =>
  findings.map((finding) => `${finding.rule} ${finding.file} ${String(finding.specifier)}`);

describe('paths resolution probed outside the file list are inputs of the graph snapshot', () => {
  it('a gitignored generated file: deleted, created, deleted again (warm equals --no-cache each time)', () => {
    const root = writeRepo({
      '.gitignore': 'src/gen/\nsrc/routes.gen.ts\n',
      'src/gen/generated.ts': 'export const schema = 1;\n',
      'src/routes.gen.ts': 'export const routes = [];\n',
      'src/a.ts':
        "import { schema } from './gen/generated';\nimport { routes } from './routes.gen';\nexport const a = [schema, routes];\n",
    });
    const args = ['--only', 'unresolved-import,circular-import'];
    expect(checkJson(root, args).findings).toEqual([]);
    fs.rmSync(path.join(root, 'src/gen/generated.ts'));
    let runs = warmAndCold(root, args);
    expect(runs.warm).toEqual(runs.cold);
    expect(summary(runs.warm.findings)).toEqual(['unresolved-import src/a.ts ./gen/generated']);
    // A gitignored file inside a directory of tracked files: the file list does not know it either.
    fs.rmSync(path.join(root, 'src/routes.gen.ts'));
    runs = warmAndCold(root, args);
    expect(runs.warm).toEqual(runs.cold);
    expect(summary(runs.warm.findings)).toEqual([
      'unresolved-import src/a.ts ./gen/generated',
      'unresolved-import src/a.ts ./routes.gen',
    ]);
    writeRepo(
      { 'src/gen/generated.ts': 'export const schema = 2;\n', 'src/routes.gen.ts': 'export const routes = [];\n' },
      root,
    );
    runs = warmAndCold(root, args);
    expect(runs.warm).toEqual(runs.cold);
    expect(runs.warm.status).toBe(0);
  });

  it('an installed package: removed, added back (missing-package appears and disappears)', () => {
    const root = writeRepo({
      'package.json': { name: 'app', dependencies: { zod: '^3.0.0' } },
      'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
      'node_modules/zod/package.json': { name: 'zod', version: '3.23.0', main: 'index.js', types: 'index.d.ts' },
      'node_modules/zod/index.js': 'exports.z = {};\n',
      'node_modules/zod/index.d.ts': 'export declare const z: {};\n',
      'src/a.ts': "import { z } from 'zod';\nexport const a = z;\n",
    });
    const args = ['--only', 'missing-package,unresolved-import'];
    expect(checkJson(root, args).findings).toEqual([]);
    // Set aside outside the repository: inside it, its package.json would name a workspace package.
    const aside = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-aside-'));
    fs.renameSync(path.join(root, 'node_modules/zod'), path.join(aside, 'zod'));
    let runs = warmAndCold(root, args);
    expect(runs.warm).toEqual(runs.cold);
    expect(summary(runs.warm.findings)).toEqual(['missing-package src/a.ts zod']);
    fs.renameSync(path.join(aside, 'zod'), path.join(root, 'node_modules/zod'));
    runs = warmAndCold(root, args);
    expect(runs.warm).toEqual(runs.cold);
    expect(runs.warm.findings).toEqual([]);
    // A fresh install (new mtimes, same content), as on a CI runner: the snapshot is still good.
    const manifest = path.join(root, 'node_modules/zod/package.json');
    fs.utimesSync(manifest, new Date(), new Date(Date.now() + 5000));
    const reinstalled = checkJson(root, args, { DEBUG: 'warmbuild' });
    expect(reinstalled.findings).toEqual([]);
    expect(reinstalled.stderr).toMatch(/"resolvedFiles":0,"snapshotReused":1,"typescriptLoaded":false/);
    // A manifest that no longer leads to a file: re-resolved, as --no-cache does.
    fs.writeFileSync(manifest, JSON.stringify({ name: 'zod', version: '3.23.0', main: 'gone.js', types: 'gone.d.ts' }));
    runs = warmAndCold(root, args);
    expect(runs.warm).toEqual(runs.cold);
    fs.rmSync(path.join(root, 'node_modules'), { recursive: true });
    runs = warmAndCold(root, args);
    expect(runs.warm).toEqual(runs.cold);
    expect(summary(runs.warm.findings)).toEqual(['missing-package src/a.ts zod']);
  });
});
