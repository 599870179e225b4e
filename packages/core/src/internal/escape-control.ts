/**
 * Characters a terminal acts on instead of printing: C0 controls (ESC starts colour and cursor
 * sequences, CR and LF start lines), DEL, C1 controls, and the bidirectional overrides and
 * isolates that reorder what is shown. A file named `a\x1b[31m\nsrc/x.ts:1:1  error ...` forged a
 * finding line in text output; JSON and SARIF escape through JSON.stringify.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The same, but keeping tab, LF and CR: for source text shown line by line in a code frame. */
const CONTROL_IN_SOURCE =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function visible(char: string): string {
  const named = NAMED[char];
  if (named) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every control character written as a visible escape (`\x1b`, `\n`, `\u202e`). */
export function escapeControlCharacters(text: string): string {
  CONTROL.lastIndex = 0;
  return CONTROL.test(text) ? text.replace(CONTROL, visible) : text;
}

/** Source text for a code frame: line breaks and tabs kept, every other control character escaped. */
export function escapeControlCharactersInSource(text: string): string {
  CONTROL_IN_SOURCE.lastIndex = 0;
  return CONTROL_IN_SOURCE.test(text) ? text.replace(CONTROL_IN_SOURCE, visible) : text;
}
