import { createRequire } from 'node:module';
import { extractModuleFacts, type FactsOptions, type ModuleFacts } from './module-facts.js';
import type { TypeScriptApi } from './typescript.js';

/** One batch of files for a parse worker; the worker loads the same TypeScript as the main thread. */
export interface ParseTask {
  typescriptPath: string;
  files: { path: string; text: string; options: FactsOptions }[];
}

const require = createRequire(import.meta.url);
let ts: TypeScriptApi | undefined;

export default function parseBatch(task: ParseTask): ModuleFacts[] {
  ts ??= require(task.typescriptPath) as TypeScriptApi;
  return task.files.map((file) => extractModuleFacts(ts!, file.path, file.text, file.options));
}
