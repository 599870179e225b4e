/** Source of generated component number `index`. */
export function componentSource(index: number): string;
/** Writes `count` components and an index.jsx rendering them all into `dir` (emptied first). */
export function generate(dir?: string, count?: number): void;
