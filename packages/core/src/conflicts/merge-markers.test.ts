import { describe, expect, it } from 'vitest';
import { scanConflictMarkers } from './merge-markers.js';

describe('scanConflictMarkers', () => {
  it('finds merge and diff3 blocks as git writes them', () => {
    const text = [
      'a',
      '<<<<<<< HEAD',
      'ours',
      '||||||| base',
      'base',
      '=======',
      'theirs',
      '>>>>>>> feature',
      'b',
      '<<<<<<< HEAD',
      'x',
      '=======',
      'y',
      '>>>>>>> other',
    ].join('\n');
    expect(scanConflictMarkers(text)).toEqual([
      { line: 2, endLine: 8, shape: 'complete', diff3: true },
      { line: 10, endLine: 14, shape: 'complete', diff3: false },
    ]);
  });

  it('ignores a lone ======= (setext heading, banner) and marker-like text that is not a marker', () => {
    const text = 'Title\n=======\n\n<<<<<<<< eight\n`<<<<<<< HEAD` in prose\n=======\n';
    expect(scanConflictMarkers(text)).toEqual([]);
  });

  it('reports unterminated blocks and stray closing markers (a half-resolved conflict), CRLF included', () => {
    expect(scanConflictMarkers('<<<<<<< HEAD\r\nours\r\n=======\r\ntheirs\r\n')).toEqual([
      { line: 1, endLine: 5, shape: 'unterminated', diff3: false },
    ]);
    expect(scanConflictMarkers('kept\n>>>>>>> feature\n')).toEqual([
      { line: 2, endLine: 2, shape: 'stray', diff3: false },
    ]);
  });
});
