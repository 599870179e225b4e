import { describe, expect, it } from 'vitest';
import { clearHtmlCommentText } from 'markdownlint/helpers';
import { clearHtmlComments } from './clear-html-comments.js';
import { createRandom } from '../../test-support/random.js';

describe('HTML comments cleared as markdownlint clears them', () => {
  it('equals markdownlint/helpers clearHtmlCommentText on 20,000 texts made of comment-sensitive pieces', () => {
    // Comment openers and closers, table pipes, spaces before line endings, tabs, `-` and `>`
    // where CommonMark's comment rules look: every branch of the function, in any order.
    const pieces = ['<!--', '-->', '|', ' ', '  ', '\n', '\t', 'a', '-', '>', '<!-->', '<!--->', 'text'];
    const random = createRandom(12);
    const different: string[] = [];
    for (let n = 0; n < 20_000; n++) {
      let text = '';
      const length = 1 + Math.floor(random() * 30);
      for (let k = 0; k < length; k++) text += pieces[Math.floor(random() * pieces.length)];
      if (clearHtmlComments(text) !== clearHtmlCommentText(text)) different.push(text);
    }
    expect(different).toEqual([]);
  });

  it('leaves a text without a complete comment as it is', () => {
    expect(clearHtmlComments('a <!-- never closed\n\tb  \n')).toBe('a <!-- never closed\n\tb  \n');
  });
});
