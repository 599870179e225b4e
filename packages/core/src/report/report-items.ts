import type { Finding } from '../types.js';
import { sortFindings } from './findings.js';
import { FindingBlock, PRINTED_SEPARATOR, renderFinding, StoredFinding } from './stored-findings.js';

/*
 * A run's report as items: plain findings and stored blocks (stored-findings.ts) handed on
 * whole, in the report's order; what the formatters and the CLI's exit status read from them
 * without an object per stored finding.
 */

/**
 * What a check returns and a run reports: plain findings, and stored blocks handed on whole.
 * A block stands for all its findings, in its order, with their stored severities.
 */
export type ReportItem = Finding | FindingBlock;

/** Where a run's result keeps its findings as the formatters take them (stored blocks unparsed). */
export const REPORT_FINDINGS = Symbol('warmbuild.reportFindings');

/** The findings of a run result for a report: stored blocks stay unparsed. */
export function reportFindings(result: { findings: Finding[]; [REPORT_FINDINGS]?: ReportItem[] }): ReportItem[] {
  return result[REPORT_FINDINGS] ?? result.findings;
}

/** Plain findings for callers outside the report path (plugins, SARIF, the public API). */
export function materializeFindings(findings: readonly ReportItem[]): Finding[] {
  const out: Finding[] = [];
  for (const item of findings) {
    if (item instanceof FindingBlock) for (const finding of item.materialize()) out.push(finding);
    else out.push(item instanceof StoredFinding ? item.materialize() : item);
  }
  return out;
}

/** Every finding of the items, blocks as `StoredFinding`s (for a caller that looks at each one). */
export function expandItems(items: readonly ReportItem[]): Finding[] {
  const out: Finding[] = [];
  for (const item of items) {
    if (item instanceof FindingBlock) for (const finding of item.findings()) out.push(finding);
    else out.push(item);
  }
  return out;
}

/** How many findings the items stand for. */
export function countItems(items: readonly ReportItem[]): number {
  let count = 0;
  for (const item of items) count += item instanceof FindingBlock ? item.length : 1;
  return count;
}

/** Whether the items hold an error-severity finding. */
export function itemsHaveErrors(items: readonly ReportItem[]): boolean {
  return items.some((item) => (item instanceof FindingBlock ? item.holds('error') : item.severity === 'error'));
}

/**
 * The report's order (`sortFindings`) of plain findings and whole blocks: a block is one file's
 * findings, sorted, so it sorts by its file as long as nothing else has that file; a block that
 * shares its file with another item is handed on as its findings, sorted with the rest.
 */
export function sortItems(findings: Finding[], blocks: readonly FindingBlock[]): ReportItem[] {
  let whole: FindingBlock[] = [];
  if (blocks.length > 0) {
    const seen = new Map<string, number>();
    for (const finding of findings) seen.set(finding.file, 2);
    for (const block of blocks) seen.set(block.file, (seen.get(block.file) ?? 0) + 1);
    for (const block of blocks) {
      if (seen.get(block.file) === 1) whole.push(block);
      else for (const finding of block.findings()) findings.push(finding);
    }
    whole = whole.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  }
  const sorted = sortFindings(findings);
  if (whole.length === 0) return sorted;
  const out: ReportItem[] = [];
  let f = 0;
  for (const block of whole) {
    while (f < sorted.length && sorted[f].file < block.file) out.push(sorted[f++]);
    out.push(block);
  }
  while (f < sorted.length) out.push(sorted[f++]);
  return out;
}

/** Whether `next` starts right after `previous` and the separator, in the same memory. */
function followsInStore(previous: Uint8Array, next: Uint8Array): boolean {
  const end = previous.byteOffset + previous.byteLength;
  if (previous.buffer !== next.buffer || next.byteOffset !== end + 2) return false;
  const between = new Uint8Array(next.buffer, end, 2);
  return between[0] === 0x2c && between[1] === 0x0a;
}

/**
 * The JSON report's text as chunks, to be written in order: a stored block handed on whole,
 * or whose findings are all present, contiguous and unchanged, is written as its stored bytes;
 * anything else is printed finding by finding. Same bytes as
 * `JSON.stringify({ findings, stats }, null, 2)`.
 */
export function renderJsonReport(
  items: readonly ReportItem[],
  stats: Record<string, unknown>,
): (string | Uint8Array)[] {
  const stats2 = JSON.stringify(stats, null, 2).replaceAll('\n', '\n  ');
  if (countItems(items) === 0) return [`{\n  "findings": [],\n  "stats": ${stats2}\n}\n`];
  const chunks: (string | Uint8Array)[] = ['{\n  "findings": [\n'];
  let pending = '';
  let first = true;
  for (let i = 0; i < items.length; ) {
    const finding = items[i];
    if (finding instanceof FindingBlock) {
      i++;
      if (finding.length === 0) continue;
      const bytes = finding.printedBytes();
      const previous = pending === '' ? chunks[chunks.length - 1] : undefined;
      if (!first && previous instanceof Uint8Array && followsInStore(previous, bytes)) {
        // Kept one after the other in the store, separator included: one range of its bytes.
        chunks[chunks.length - 1] = new Uint8Array(
          bytes.buffer,
          previous.byteOffset,
          bytes.byteOffset + bytes.byteLength - previous.byteOffset,
        );
        continue;
      }
      if (!first) pending += PRINTED_SEPARATOR;
      first = false;
      if (pending) chunks.push(pending);
      pending = '';
      chunks.push(bytes);
      continue;
    }
    if (!first) pending += ',\n';
    first = false;
    if (finding instanceof StoredFinding && finding.index === 0) {
      const block = finding.block;
      let run = 1;
      while (run < block.length && i + run < items.length) {
        const next = items[i + run];
        if (!(next instanceof StoredFinding) || next.block !== block || next.index !== run || !next.printedAsIs) break;
        run++;
      }
      if (run === block.length && finding.printedAsIs) {
        if (pending) chunks.push(pending);
        pending = '';
        chunks.push(block.printedBytes());
        i += run;
        continue;
      }
    }
    if (finding instanceof StoredFinding) pending += finding.printed();
    else pending += renderFinding(finding);
    // Keep strings to a size the writer handles in one piece.
    if (pending.length > 1 << 20) {
      chunks.push(pending);
      pending = '';
    }
    i++;
  }
  chunks.push(`${pending}\n  ],\n  "stats": ${stats2}\n}\n`);
  return chunks;
}
