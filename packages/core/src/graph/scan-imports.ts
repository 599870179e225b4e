import { createLineCounter, type ModuleFacts, type ModuleImport } from './module-facts.js';

/**
 * Gap between a keyword and what follows it: whitespace and comments
 * (`import(/* webpackChunkName: "x" *\/ './Page')` is common). A block comment is matched so that
 * it can never stretch over its own end when the match backtracks (a lazy `[\s\S]*?` did, and
 * did not finish on a 1.7 MB file), and a line comment runs to the end of its line (a line with
 * many `//` could otherwise be split into comments in exponentially many ways).
 */
const GAP = String.raw`(?:\s|/\*[^*]*\*+(?:[^/*][^*]*\*+)*/|//[^\n\r\u2028\u2029]*(?![^\n\r\u2028\u2029]))*`;

/**
 * Every string that follows `from`, `import` or `require` (`require(`, `require?.(`,
 * `import(`) with only whitespace and comments between: the specifier of each module reference
 * TypeScript's syntax has (imports, `export ... from`, side-effect imports, `import x =
 * require()`, `import()`, `require()`, `import('x')` types). Matches in comments and strings too,
 * and matches may overlap.
 */
const REFERENCE = new RegExp(
  String.raw`\b(from|import|require)${GAP}((?:\?\.${GAP})?\(${GAP})?(?:'((?:[^'\\\n\r]|\\[^])*)'|"((?:[^"\\\n\r]|\\[^])*)"|` +
    String.raw`\`((?:[^\`\\$]|\\[^])*)\`)`,
  'g',
);

/** A `\u` escape of a letter of `require`: `requir\u0065(...)` is a require call the pattern cannot see. */
const ESCAPED_REQUIRE_LETTER = /\\u(?:00(?:72|65|71|75|69)|\{0*(?:72|65|71|75|69)\})/i;

/**
 * Module references of a file found by a regular expression over its text, without parsing:
 * a superset of the imports `extractModuleFacts` lists, for pruning the graph before parsing
 * (build-graph.ts). Every import is marked runtime (`typeOnly: false`), and matches inside
 * comments and strings count: extra edges only make the pruning keep more files. An `import(`
 * is listed twice, as `dynamic` and as `import-type` (`typeof import('x')`), because the two
 * resolve in different modes.
 *
 * Escape sequences in specifiers are decoded as the parser decodes them. Returns undefined where
 * a match could still differ from the parsed specifier: an escape this does not decode (legacy
 * octal), or an escaped letter that may spell `require`.
 */
export function scanModuleReferences(text: string): ModuleFacts | undefined {
  if (text.includes('\\u') && ESCAPED_REQUIRE_LETTER.test(text)) return undefined;
  const imports: ModuleImport[] = [];
  const lines = createLineCounter(text);
  REFERENCE.lastIndex = 0;
  for (let match = REFERENCE.exec(text); match; match = REFERENCE.exec(text)) {
    const [whole, keyword, call] = match;
    const specifier = match[3] ?? match[4] ?? match[5];
    // The next search starts right after this keyword, not after the match: a match that began in
    // a comment or string can run over real references (a template literal spans lines).
    REFERENCE.lastIndex = match.index + keyword.length;
    // `require 'x'` and `from('x')` are no module references.
    if (call === undefined ? keyword === 'require' : keyword === 'from') continue;
    let cooked = specifier;
    if (specifier.includes('\\')) {
      const decoded = decodeEscapes(specifier);
      if (decoded === undefined) return undefined;
      cooked = decoded;
    }
    const position = lines.at(match.index + whole.length - specifier.length - 2);
    if (keyword === 'require') {
      imports.push({ specifier: cooked, kind: 'require', typeOnly: false, ...position });
    } else if (call !== undefined) {
      imports.push({ specifier: cooked, kind: 'dynamic', typeOnly: false, ...position });
      imports.push({ specifier: cooked, kind: 'import-type', typeOnly: false, ...position });
    } else {
      imports.push({ specifier: cooked, kind: 'import', typeOnly: false, ...position });
    }
  }
  return { imports };
}

const SIMPLE_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', 0: '\0' };

/**
 * The value of a string literal's body with escapes, as the parser reads it: `\xHH`, `\uHHHH`,
 * `\u{...}`, single-character escapes and line continuations. Undefined for what it does not
 * decode (legacy octal escapes, malformed ones).
 */
function decodeEscapes(body: string): string | undefined {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (char !== '\\') {
      out += char;
      continue;
    }
    const next = body[++i];
    if (next === undefined) return undefined;
    if (next === 'x' || next === 'u') {
      let hex: string;
      if (next === 'u' && body[i + 1] === '{') {
        const close = body.indexOf('}', i + 2);
        if (close === -1) return undefined;
        hex = body.slice(i + 2, close);
        i = close;
      } else {
        hex = body.slice(i + 1, i + (next === 'x' ? 3 : 5));
        i += hex.length;
        if (hex.length !== (next === 'x' ? 2 : 4)) return undefined;
      }
      const code = /^[0-9a-fA-F]+$/.test(hex) ? parseInt(hex, 16) : NaN;
      if (!(code <= 0x10ffff)) return undefined;
      out += String.fromCodePoint(code);
    } else if (next >= '0' && next <= '9') {
      // \0 not followed by a digit is NUL; anything else is a legacy octal escape.
      if (next !== '0' || (body[i + 1] >= '0' && body[i + 1] <= '9')) return undefined;
      out += '\0';
    } else if (next === '\r') {
      if (body[i + 1] === '\n') i++;
    } else if (next === '\n' || next === '\u2028' || next === '\u2029') {
      // line continuation: nothing
    } else {
      out += SIMPLE_ESCAPES[next] ?? next;
    }
  }
  return out;
}
