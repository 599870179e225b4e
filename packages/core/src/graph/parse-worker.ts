import { createRequire } from 'node:module';
import type { FactsOptions } from './module-facts.js';
import { parseModuleFacts } from './parse-guard.js';
import type { TypeScriptApi } from './typescript.js';

/** One batch of files for a parse worker; the worker loads the same TypeScript as the main thread. */
export interface ParseTask {
  typescriptPath: string;
  files: { path: string; text: string; options: FactsOptions }[];
}

const require = createRequire(import.meta.url);
let ts: TypeScriptApi | undefined;

/** Facts of each file of the batch, as JSON (see parse-files.ts). */
export default function parseBatch(task: ParseTask): string {
  ts ??= require(task.typescriptPath) as TypeScriptApi;
  return JSON.stringify(task.files.map((file) => parseModuleFacts(ts!, file.path, file.text, file.options)));
}
