/**
 * Front matter as markdownlint recognizes it (YAML `---`, TOML `+++`, JSON `{`), at the very
 * start of the file. Rules skip these lines; line numbers still count them.
 *
 * markdownlint 0.42 runs its pattern through re2js on the text with every line ending turned
 * into `\n`, so: `\s` is ASCII white space only (tab, newline, form feed, return, space),
 * `[^\S\r\n\u2028\u2029]` is tab, form feed or space, and `^`/`$` are next to `\n` only. The
 * same pattern with those classes spelled out, on the same normalized text:
 */
const S = '[\\t\\n\\f\\r ]';
const H = '[\\t\\f ]';
const BOL = '(?<![^\\n])';
const EOL = '(?![^\\n])';
const FRONT_MATTER = new RegExp(
  `((${BOL}---${H}*${EOL}[\\s\\S]+?${BOL}---${S}*)|(${BOL}\\+\\+\\+${H}*${EOL}[\\s\\S]+?${BOL}(\\+\\+\\+|\\.\\.\\.)${S}*)|(${BOL}\\{${H}*${EOL}[\\s\\S]+?${BOL}\\}${S}*))(\\n|${EOL})`,
  // Sticky: tried at the start only. Unanchored, a failed match was retried at every later
  // line that could open front matter, each attempt scanning to the end of the file.
  'y',
);

export interface FrontMatterSplit {
  /** Number of lines the front matter occupies. */
  frontMatterLines: number;
  /** The document after the front matter. */
  body: string;
}

export function splitFrontMatter(text: string): FrontMatterSplit {
  const first = text.charCodeAt(0);
  // '-', '+', '{': anything else cannot start front matter, and the regex is not free.
  if (first !== 0x2d && first !== 0x2b && first !== 0x7b) return { frontMatterLines: 0, body: text };
  const normalized = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  FRONT_MATTER.lastIndex = 0;
  const match = FRONT_MATTER.exec(normalized);
  if (match?.index !== 0) return { frontMatterLines: 0, body: text };
  const lines = match[0].split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.length--;
  if (normalized === text) return { frontMatterLines: lines.length, body: text.slice(match[0].length) };
  // The match ends after its last line's ending or at the end of the text: cut the original
  // text after as many line endings.
  if (!match[0].endsWith('\n')) return { frontMatterLines: lines.length, body: '' };
  const endings = /\r\n?|\n/g;
  for (let count = 0; count < lines.length; count++) endings.exec(text);
  return { frontMatterLines: lines.length, body: text.slice(endings.lastIndex) };
}
