// Which package a factory comes from, seen from its first read of its options; and options that
// hold node_modules paths fingerprinted without this checkout's path.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { callFactory } from './factory-package.js';
import { portableOptions } from './portable-options.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

/** A package `wb-factory@<version>` in a temp node_modules whose default export is `source`. */
async function installFactory(
  version: string,
  source: string,
): Promise<{ root: string; factory: (options: unknown) => unknown }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-factory-'));
  roots.push(root);
  const dir = path.join(root, 'node_modules', 'wb-factory');
  fs.mkdirSync(path.join(dir, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'wb-factory', version, type: 'module' }));
  // A dist/package.json stub without a name, as many packages ship: skipped on the way up.
  fs.writeFileSync(path.join(dir, 'dist', 'package.json'), JSON.stringify({ type: 'module' }));
  fs.writeFileSync(path.join(dir, 'dist', 'index.js'), source);
  const mod = (await import(pathToFileURL(path.join(dir, 'dist', 'index.js')).href)) as {
    default: (options: unknown) => unknown;
  };
  return { root, factory: mod.default };
}

describe('callFactory', () => {
  it('names the package of a factory that reads a missing option, and hands it a plain object', async () => {
    const { factory } = await installFactory(
      '1.2.3',
      'export default (opts = {}) => ({ name: "x", include: opts.include ?? "all", opts });',
    );
    const { result, factoryPackage } = callFactory(factory, { exclude: 'none' });
    expect(factoryPackage()).toMatchObject({ name: 'wb-factory', version: '1.2.3' });
    const opts = (result as { opts: object }).opts;
    expect(Object.getPrototypeOf(opts)).toBe(Object.prototype);
    expect(structuredClone(opts)).toEqual({ exclude: 'none' });
  });

  it('names it when the options are only read in a later hook, and when none were given', async () => {
    const { factory } = await installFactory(
      '2.0.0',
      'export default (opts) => ({ name: "x", config() { return opts.mode; } });',
    );
    const later = callFactory(factory, { mode: 'a' });
    expect((later.result as { config(): string }).config()).toBe('a');
    expect(later.factoryPackage()).toMatchObject({ name: 'wb-factory', version: '2.0.0' });
    const { factory: bare } = await installFactory(
      '3.0.0',
      'export default (opts = {}) => ({ name: "x", debug: opts.debug === true });',
    );
    expect(callFactory(bare, undefined).factoryPackage()).toMatchObject({ version: '3.0.0' });
  });

  it('skips a wrapper outside node_modules and names the package it calls', async () => {
    const { factory } = await installFactory('4.0.0', 'export default (opts) => ({ name: "x", a: opts.a });');
    const wrapper = (options: unknown) => factory(options);
    expect(callFactory(wrapper, { a: 1 }).factoryPackage()).toMatchObject({ version: '4.0.0' });
  });
});

describe('portableOptions', () => {
  it('replaces an absolute path into node_modules by package@version/path', async () => {
    const { root } = await installFactory('5.0.0', 'export default () => ({ name: "x" });');
    const file = path.join(root, 'node_modules', 'wb-factory', 'dist', 'index.js');
    expect(portableOptions({ presets: [{ preset: [file, { target: '19' }] }], other: '/not/a/module/path' })).toEqual({
      presets: [{ preset: ['wb-factory@5.0.0/dist/index.js', { target: '19' }] }],
      other: '/not/a/module/path',
    });
  });
});
