import { createRequire } from 'node:module';

type YamlModule = typeof import('yaml');
type JsoncModule = typeof import('jsonc-parser');

const require = createRequire(import.meta.url);
let yaml: YamlModule | undefined;
let jsonc: JsoncModule | undefined;

/**
 * `yaml`'s `parse`, loaded on first use: its CommonJS build is slow to load (a check worker pays
 * it too), and a warm run over a repository without YAML config never needs it.
 */
export function parseYaml(text: string): unknown {
  yaml ??= require('yaml') as YamlModule;
  return yaml.parse(text);
}

/**
 * `jsonc-parser`, loaded on first use: only a configuration file that exists, or a
 * `markdownlint-configure-file` comment, needs it.
 */
export function jsoncParser(): JsoncModule {
  jsonc ??= require('jsonc-parser') as JsoncModule;
  return jsonc;
}

/** The parts of `semver` (npm's own range semantics) the workspace rules use. */
export interface Semver {
  satisfies(version: string, range: string): boolean;
  validRange(range: string): string | null;
  valid(version: string): string | null;
}
let semver: Semver | undefined;

/** `semver`, loaded on first use: only a workspace with cross-package dependencies needs it. */
export function semverModule(): Semver {
  semver ??= require('semver') as Semver;
  return semver;
}
