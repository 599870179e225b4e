/** One conflict block as git writes it (or a stray marker left after a partial resolution). */
export interface ConflictBlock {
  /** 1-based line of `<<<<<<<` (or of the stray marker). */
  line: number;
  endLine: number;
  /** `complete`: <<<<<<< … ======= … >>>>>>>; `unterminated`: no closing marker; `stray`: >>>>>>> alone. */
  shape: 'complete' | 'unterminated' | 'stray';
  /** diff3 style (has a `|||||||` base section). */
  diff3: boolean;
}

function isMarker(line: string, char: string): boolean {
  // Exactly seven marker characters, then end of line or a space (git's `<<<<<<< HEAD`).
  if (line.length < 7) return false;
  for (let i = 0; i < 7; i++) if (line.charCodeAt(i) !== char.charCodeAt(0)) return false;
  const next = line[7];
  return next === undefined || next === ' ' || next === '\r' || next === '\t';
}

function isSeparator(line: string): boolean {
  return line === '=======' || line === '=======\r';
}

/**
 * Conflict blocks in a text. `=======` counts only inside a block opened by `<<<<<<<`, so a
 * setext heading underline or a banner comment is never flagged.
 */
export function scanConflictMarkers(text: string): ConflictBlock[] {
  if (!text.includes('<<<<<<<') && !text.includes('>>>>>>>')) return [];
  const blocks: ConflictBlock[] = [];
  const lines = text.split('\n');
  let open: { line: number; state: 'ours' | 'base' | 'theirs'; diff3: boolean } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const first = line[0];
    if (first !== '<' && first !== '|' && first !== '=' && first !== '>') continue;
    if (isMarker(line, '<')) {
      if (open) blocks.push({ line: open.line, endLine: i, shape: 'unterminated', diff3: open.diff3 });
      open = { line: i + 1, state: 'ours', diff3: false };
    } else if (open && open.state === 'ours' && isMarker(line, '|')) {
      open.state = 'base';
      open.diff3 = true;
    } else if (open && open.state !== 'theirs' && isSeparator(line)) {
      open.state = 'theirs';
    } else if (isMarker(line, '>')) {
      if (open) {
        blocks.push({
          line: open.line,
          endLine: i + 1,
          shape: open.state === 'theirs' ? 'complete' : 'unterminated',
          diff3: open.diff3,
        });
        open = undefined;
      } else {
        blocks.push({ line: i + 1, endLine: i + 1, shape: 'stray', diff3: false });
      }
    }
  }
  if (open) blocks.push({ line: open.line, endLine: lines.length, shape: 'unterminated', diff3: open.diff3 });
  return blocks;
}
