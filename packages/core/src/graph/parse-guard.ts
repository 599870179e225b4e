import { extractModuleFacts, type FactsOptions, type ModuleFacts } from './module-facts.js';
import type { TypeScriptApi } from './typescript.js';

/**
 * Brackets nested deeper than this are not parsed. The parser recurses once or more per level:
 * the main thread's stack holds about 500 nested object literals, a worker's (larger) stack
 * more, so without a limit of its own the same file would parse in one thread and not in the
 * other. Real code stays far below; generated data this deep is reported, not half-parsed.
 */
export const MAX_NESTING = 256;

/**
 * Module facts of one file, where a file too deeply nested for the parser is a `parse-error` of
 * that file, not the end of the run. Bracket depth is checked first (the same answer in every
 * thread); nesting without brackets (thousands of chained arrows or ternaries) can still
 * overflow, and the stack unwinds to here.
 */
export function parseModuleFacts(
  ts: TypeScriptApi,
  fileName: string,
  text: string,
  options: FactsOptions,
): ModuleFacts {
  const nesting = deepestNesting(text);
  if (nesting.depth > MAX_NESTING) return tooDeep(nesting, `more than ${MAX_NESTING}, the limit`);
  try {
    return extractModuleFacts(ts, fileName, text, options);
  } catch (error) {
    if (!(error instanceof RangeError) || !/call stack/i.test(error.message)) throw error;
    return tooDeep(nesting, 'too deep for the parser (maximum call stack size exceeded)');
  }
}

function tooDeep(at: { line: number; column: number; depth: number }, why: string): ModuleFacts {
  return {
    imports: [],
    parseError: {
      line: at.line,
      column: at.column,
      message: `nested ${at.depth} levels deep here, ${why}: not parsed; flatten or split this expression`,
    },
  };
}

/**
 * Where bracket nesting first reaches its maximum: the place to look at. Strings and comments
 * are not skipped, so the depth is approximate; it only locates the finding.
 */
function deepestNesting(text: string): { line: number; column: number; depth: number } {
  let depth = 0;
  let max = 0;
  let line = 1;
  let lineStart = 0;
  let at = { line: 1, column: 1 };
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) {
      line++;
      lineStart = i + 1;
    } else if (code === 40 || code === 91 || code === 123) {
      if (++depth > max) {
        max = depth;
        at = { line, column: i - lineStart + 1 };
      }
    } else if ((code === 41 || code === 93 || code === 125) && depth > 0) {
      depth--;
    }
  }
  return { ...at, depth: max };
}
