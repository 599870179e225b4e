import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { locateImport } from './locate-import.js';

let root: string;
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('locateImport', () => {
  it('finds the specifier of a static import or re-export, across lines, with or without extensions', () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'warmbuild-locate-'));
    fs.mkdirSync(path.join(root, 'src/lib'), { recursive: true });
    fs.writeFileSync(
      path.join(root, 'src/a.ts'),
      "// import { x } from './b';\nimport React from 'react';\nimport {\n  b,\n} from './b';\nexport * from \"./lib/index.js\";\nconst lazy = () => import('./c');\n",
    );
    // The commented-out import on line 1 is skipped.
    expect(locateImport(root, 'src/a.ts', 'src/b.ts')).toEqual({ line: 5, column: 8 });
    expect(locateImport(root, 'src/a.ts', 'src/lib/index.ts')).toEqual({ line: 6, column: 15 });
    // Dynamic imports and bare names are not static relative imports.
    expect(locateImport(root, 'src/a.ts', 'src/c.ts')).toBeUndefined();
    expect(locateImport(root, 'src/missing.ts', 'src/b.ts')).toBeUndefined();
  });
});
