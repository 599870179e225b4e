import { slug as githubSlug } from 'github-slugger';

const ASCII = /^[\x00-\x7f]*$/;
const NOT_SLUG_ASCII = /[^ \-0-9_a-z]/g;

/**
 * github-slugger's anchors (lowercase, punctuation removed, spaces to '-', '-1', '-2' for
 * repeats). Its removal pattern is one large Unicode class; on ASCII text it removes exactly
 * what is not a space, '-', digit, '_' or letter, so ASCII headings skip the large pattern.
 */
export function createSlugger(): { slug(text: string): string } {
  const occurrences: Record<string, number> = Object.create(null) as Record<string, number>;
  return {
    slug(text) {
      const base = ASCII.test(text)
        ? text.toLowerCase().replace(NOT_SLUG_ASCII, '').replace(/ /g, '-')
        : githubSlug(text);
      let result = base;
      while (Object.hasOwn(occurrences, result)) {
        occurrences[base]++;
        result = `${base}-${occurrences[base]}`;
      }
      occurrences[result] = 0;
      return result;
    },
  };
}
