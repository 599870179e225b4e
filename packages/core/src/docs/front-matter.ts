/**
 * Front matter as markdownlint recognizes it (YAML `---`, TOML `+++`, JSON `{`), at the very
 * start of the file. Rules skip these lines; line numbers still count them.
 */
const FRONT_MATTER =
  /((^---[^\S\r\n\u2028\u2029]*$[\s\S]+?^---\s*)|(^\+\+\+[^\S\r\n\u2028\u2029]*$[\s\S]+?^(\+\+\+|\.\.\.)\s*)|(^\{[^\S\r\n\u2028\u2029]*$[\s\S]+?^\}\s*))(\r\n|\r|\n|$)/my;

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
  // Sticky: tried at the start only. Unanchored, a failed match was retried at every later
  // line that could open front matter, each attempt scanning to the end of the file.
  FRONT_MATTER.lastIndex = 0;
  const match = FRONT_MATTER.exec(text);
  if (!match || match.index !== 0) return { frontMatterLines: 0, body: text };
  const lines = match[0].split(/\r\n?|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.length--;
  return { frontMatterLines: lines.length, body: text.slice(match[0].length) };
}
