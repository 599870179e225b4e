import { createRequire } from 'node:module';

type YamlModule = typeof import('yaml');

const require = createRequire(import.meta.url);
let yaml: YamlModule | undefined;

/**
 * `yaml`'s `parse`, loaded on first use: its CommonJS build takes ~50 ms to load (measured in
 * a check worker), and a warm run over a repository without YAML config never needs it.
 */
export function parseYaml(text: string): unknown {
  yaml ??= require('yaml') as YamlModule;
  return yaml.parse(text);
}
