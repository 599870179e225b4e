import { describe, expect, it } from 'vitest';
import { isSchemeSpecifier, matchPathsPattern } from './resolver.js';
import { workspaceLinkTarget } from './workspace-packages.js';

describe('matchPathsPattern (TypeScript matchPatternOrExact)', () => {
  const paths = {
    '*': ['./*'],
    '@app/*': ['./src/*'],
    '@app/special/*': ['./special/*'],
    '@sdk/server': ['./node_modules/@sdk/server'],
    '@sdk/*': ['./sdk/*'],
    'a*b*c': ['./x'],
  };
  const patternOf = (specifier: string) => matchPathsPattern(paths, specifier)?.pattern;
  it('takes an exact key first, then the longest prefix, whatever the object order', () => {
    expect(patternOf('@sdk/server')).toBe('@sdk/server');
    expect(patternOf('@sdk/client')).toBe('@sdk/*');
    expect(patternOf('@app/special/x')).toBe('@app/special/*');
    expect(patternOf('@app/x')).toBe('@app/*');
    expect(patternOf('zod/v4')).toBe('*');
    // A key with two stars is ignored by TypeScript.
    expect(patternOf('abc')).toBe('*');
  });
  it('matches a suffix only when prefix and suffix do not overlap', () => {
    expect(matchPathsPattern({ 'ab*ba': ['./x'] }, 'aba')).toBeUndefined();
    expect(matchPathsPattern({ 'ab*ba': ['./x'] }, 'abba')?.pattern).toBe('ab*ba');
    expect(matchPathsPattern(undefined, 'x')).toBeUndefined();
  });
});

describe('isSchemeSpecifier', () => {
  it('is any scheme of two letters or more; not a drive letter, a path or a package', () => {
    for (const specifier of [
      'cloudflare:workers',
      'bun:test',
      'npm:mitata',
      'jsr:@std/path',
      'https://esm.sh/x',
      'virtual:pwa',
      'astro:content',
      'deno:x',
    ])
      expect(isSchemeSpecifier(specifier), specifier).toBe(true);
    for (const specifier of ['C:\\src\\x', 'c:/src/x', './a:b', 'react', '@scope/pkg', '#imports', '/abs'])
      expect(isSchemeSpecifier(specifier), specifier).toBe(false);
  });
});

describe('workspaceLinkTarget', () => {
  const packages = new Map([
    ['@demo/tsconfig', 'tooling/tsconfig'],
    ['root-pkg', '.'],
  ]);
  it('maps a workspace package place in any node_modules under the root to its directory', () => {
    expect(workspaceLinkTarget(packages, '/r', '/r/node_modules/@demo/tsconfig/tsconfig.json')).toBe(
      '/r/tooling/tsconfig/tsconfig.json',
    );
    expect(workspaceLinkTarget(packages, '/r', '/r/packages/a/node_modules/@demo/tsconfig/package.json')).toBe(
      '/r/tooling/tsconfig/package.json',
    );
    expect(workspaceLinkTarget(packages, '/r', '/r/node_modules/root-pkg/base.json')).toBe('/r/base.json');
  });
  it('leaves other packages and paths outside the root alone', () => {
    expect(workspaceLinkTarget(packages, '/r', '/r/node_modules/@other/tsconfig/tsconfig.json')).toBeUndefined();
    expect(workspaceLinkTarget(packages, '/r', '/elsewhere/node_modules/@demo/tsconfig/tsconfig.json')).toBeUndefined();
    expect(workspaceLinkTarget(packages, '/r', '/r/src/tsconfig.json')).toBeUndefined();
  });
});
