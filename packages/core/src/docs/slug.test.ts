import GithubSlugger from 'github-slugger';
import { describe, expect, it } from 'vitest';
import { createSlugger } from './slug.js';

describe('createSlugger', () => {
  it("gives github-slugger's anchors, repeats included, for ASCII and other text", () => {
    const headings = [
      'Install',
      'install',
      'Install',
      'install-1',
      'C# & .NET: `Get-Help` (v7.5)!',
      'Ünïcode Héading',
      'emoji 🎉 here',
      '  spaced  out  ',
      'a_b-c',
      '',
      '',
      'Ünïcode Héading',
      'x\ty',
      "What's new?",
    ];
    // Every printable ASCII character and control characters, one heading each.
    for (let code = 0; code < 128; code++) headings.push(`a${String.fromCharCode(code)}b`);
    const ours = createSlugger();
    const theirs = new GithubSlugger();
    expect(headings.map((text) => ours.slug(text))).toEqual(headings.map((text) => theirs.slug(text)));
  });
});
