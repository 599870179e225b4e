import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The version of @warmbuild/core; part of every cache key salt. */
export const WARMBUILD_VERSION: string = (require('../package.json') as { version: string }).version;

/** Bumped whenever the on-disk entry layout changes; names the versioned cache sub-directory. */
export const CACHE_FORMAT_VERSION = 1;
