/** Options of `unresolved-import`, under `options.checks['unresolved-import']`. */
export interface UnresolvedImportOptions {
  /**
   * Specifiers a bundler plugin owns (virtual modules, generated routes, icon sets), never
   * reported as `unresolved-import` or `missing-package`. A pattern with `*` is a glob (`*`
   * matches anything, `/` included); one without matches the specifier exactly or as a path
   * prefix (`~react-pages` matches `~react-pages/x`). Added to the defaults, which cover the
   * conventions of Vite, unplugin-icons, Astro and SvelteKit.
   * @default ['virtual:*', '\0*', '~icons/*', 'icons:*', 'astro:*', '$app/*', '$env/*', '$service-worker', '/@vite/*', '/@id/*', '/@fs/*']
   */
  ignore?: string[];
}

/** Specifiers no resolver but the bundler's own can answer, by convention. */
export const DEFAULT_IGNORED_SPECIFIERS: readonly string[] = [
  'virtual:*',
  // Rollup's marker for a plugin-internal id.
  '\0*',
  '~icons/*',
  'icons:*',
  'astro:*',
  '$app/*',
  '$env/*',
  '$service-worker',
  '/@vite/*',
  '/@id/*',
  '/@fs/*',
];

function matcherOf(pattern: string): (specifier: string) => boolean {
  if (!pattern.includes('*'))
    return (specifier) =>
      specifier === pattern || specifier.startsWith(pattern.endsWith('/') ? pattern : `${pattern}/`);
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s\\S]*');
  const regex = new RegExp(`^${source}$`);
  return (specifier) => regex.test(specifier);
}

/** Whether a specifier is the bundler's business: the defaults plus `checks['unresolved-import'].ignore`. */
export function ignoredSpecifiers(value: unknown): (specifier: string) => boolean {
  const options = (value ?? {}) as UnresolvedImportOptions;
  if (typeof options !== 'object' || Array.isArray(options))
    throw new TypeError(
      `checks['unresolved-import'] must be an object, got ${Array.isArray(value) ? 'an array' : typeof value}`,
    );
  const extra = options.ignore ?? [];
  if (!Array.isArray(extra) || !extra.every((pattern) => typeof pattern === 'string' && pattern !== '')) {
    throw new TypeError(
      'checks[\'unresolved-import\'].ignore must be an array of non-empty specifier patterns, e.g. ["virtual:*", "~react-pages"]',
    );
  }
  const matchers = [...DEFAULT_IGNORED_SPECIFIERS, ...extra].map(matcherOf);
  return (specifier) => matchers.some((matches) => matches(specifier));
}
