import { describe, expect, it } from 'vitest';
import { ignoredSpecifiers } from './bundler-specifiers.js';

describe('ignoredSpecifiers', () => {
  it('ignores the bundler conventions by default, and nothing a module could be', () => {
    const ignored = ignoredSpecifiers(undefined);
    for (const specifier of [
      'virtual:pwa-register',
      'virtual:generated-pages',
      '\0plugin-id',
      '~icons/mdi/home',
      'icons:logo',
      'astro:content',
      '$app/stores',
      '$env/static/private',
      '$service-worker',
      '/@vite/client',
    ]) {
      expect(ignored(specifier), specifier).toBe(true);
    }
    for (const specifier of ['./virtual', 'virtual', '~/icons/x', 'react', '@app/icons', '$lib/x', './nope'])
      expect(ignored(specifier), specifier).toBe(false);
  });

  it('adds configured globs and prefixes to the defaults', () => {
    const ignored = ignoredSpecifiers({ ignore: ['~react-pages', '@generated/*', 'uno*.css'] });
    expect(
      [
        '~react-pages',
        '~react-pages/routes',
        '@generated/routes',
        '@generated/a/b',
        'uno.css',
        'unocss.css',
        'virtual:x',
      ].every(ignored),
    ).toBe(true);
    expect(['~react-pages-extra', '@generated', 'uno.scss'].some(ignored)).toBe(false);
  });

  it('names the option when it is malformed', () => {
    expect(() => ignoredSpecifiers({ ignore: 'virtual:*' })).toThrow(
      /checks\['unresolved-import'\]\.ignore must be an array/,
    );
    expect(() => ignoredSpecifiers({ ignore: [''] })).toThrow(/non-empty/);
    expect(() => ignoredSpecifiers([])).toThrow(/checks\['unresolved-import'\] must be an object, got an array/);
  });
});
