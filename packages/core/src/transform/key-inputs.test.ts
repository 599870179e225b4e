// Config files a plugin reads by itself: which edits reach the key, and which leave it alone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createConfigSearch, expandPathNames, rootConfigFiles, SVELTE_CONFIG_FILES } from './key-inputs.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

function tempApp(files: Record<string, string>, depth = 0): string {
  const top = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-config-search-'));
  roots.push(top);
  const root = path.join(top, ...Array.from({ length: depth }, (_, i) => `level${i}`));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

/** The SVGR key part of `file`, from a search made afresh (a new build). */
const svgrKey = (root: string, file: string, options: unknown = {}) =>
  createConfigSearch('vite-plugin-svgr', options, root)!(path.join(root, file));

describe('createConfigSearch for vite-plugin-svgr', () => {
  it('sees an .svgrrc in the SVG directory and its parents, not in a sibling directory', () => {
    const root = tempApp({
      'package.json': '{"name":"app"}',
      'src/icons/a.svg': '<svg/>',
      'src/other/b.svg': '<svg/>',
    });
    const before = { a: svgrKey(root, 'src/icons/a.svg'), b: svgrKey(root, 'src/other/b.svg') };
    fs.writeFileSync(path.join(root, 'src/icons/.svgrrc'), '{"icon":true}');
    expect(svgrKey(root, 'src/icons/a.svg')).not.toBe(before.a);
    expect(svgrKey(root, 'src/other/b.svg')).toBe(before.b);
    fs.writeFileSync(path.join(root, 'svgr.config.js'), 'export default { icon: true };');
    expect(svgrKey(root, 'src/other/b.svg')).not.toBe(before.b);
  });

  it('counts a package.json by its svgr field only', () => {
    const root = tempApp({ 'package.json': '{"name":"app"}', 'src/a.svg': '<svg/>' });
    const before = svgrKey(root, 'src/a.svg');
    fs.writeFileSync(path.join(root, 'package.json'), '{"name":"app","dependencies":{"x":"1"}}');
    expect(svgrKey(root, 'src/a.svg')).toBe(before);
    fs.writeFileSync(path.join(root, 'package.json'), '{"name":"app","svgr":{"icon":true}}');
    expect(svgrKey(root, 'src/a.svg')).not.toBe(before);
  });

  it('searches nothing with runtimeConfig: false, and only the given configFile with one', () => {
    const root = tempApp({ 'src/a.svg': '<svg/>', 'svgr.json': '{}' });
    expect(createConfigSearch('vite-plugin-svgr', { svgrOptions: { runtimeConfig: false } }, root)).toBeUndefined();
    const options = { svgrOptions: { configFile: 'svgr.json' } };
    const before = svgrKey(root, 'src/a.svg', options);
    fs.writeFileSync(path.join(root, 'src/.svgrrc'), '{"icon":true}');
    expect(svgrKey(root, 'src/a.svg', options)).toBe(before);
    fs.writeFileSync(path.join(root, 'svgr.json'), '{"icon":true}');
    expect(svgrKey(root, 'src/a.svg', options)).not.toBe(before);
  });

  it('is the same for the same tree in another checkout', () => {
    const files = { 'package.json': '{"name":"app"}', 'src/.svgrrc': '{"icon":true}', 'src/a.svg': '<svg/>' };
    expect(svgrKey(tempApp(files), 'src/a.svg')).toBe(svgrKey(tempApp(files), 'src/a.svg'));
    // CI checks out at another depth: directories above the root without a config add nothing.
    expect(svgrKey(tempApp(files, 3), 'src/a.svg')).toBe(svgrKey(tempApp(files), 'src/a.svg'));
  });
});

describe('rootConfigFiles', () => {
  it('names svelte.config.* for vite-plugin-svelte, or the configFile it was given', () => {
    expect(rootConfigFiles('vite-plugin-svelte:compile', {})).toEqual(SVELTE_CONFIG_FILES);
    expect(rootConfigFiles('vite-plugin-svelte:compile', { configFile: 'config/svelte.js' })).toEqual([
      'config/svelte.js',
    ]);
    expect(rootConfigFiles('vite:vue', {})).toEqual([]);
  });
});

describe('expandPathNames', () => {
  it("names a file's package and the babel plugins and presets it depends on; keeps plain names", () => {
    const root = tempApp({
      'node_modules/@vitejs/plugin-react/package.json': JSON.stringify({
        name: '@vitejs/plugin-react',
        version: '6.0.0',
        // Babel's own scoped packages (`@babel/plugin-*`) are not named `babel-plugin-*`: not added.
        dependencies: { '@babel/core': '7', '@babel/plugin-transform-react-jsx-self': '7' },
        peerDependencies: { 'babel-plugin-react-compiler': '1', vite: '8' },
      }),
      // A stub without a name and version is passed over for the package above it.
      'node_modules/@vitejs/plugin-react/dist/package.json': '{ "type": "module" }',
      'node_modules/@vitejs/plugin-react/dist/preset.js': '',
    });
    const preset = path.join(root, 'node_modules/@vitejs/plugin-react/dist/preset.js');
    expect(expandPathNames(['react-compiler', preset, path.join(root, 'nowhere.js')])).toEqual([
      'react-compiler',
      '@vitejs/plugin-react',
      'babel-plugin-react-compiler',
    ]);
  });
});
