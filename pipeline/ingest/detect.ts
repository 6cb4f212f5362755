// Which report is this header? Pure matching of a header row against the registered report
// specs, and the "closest kind" explanation when nothing matches.
import { ReportSpec } from '../channels/contract/reports';

/** Header cell → comparable name: trimmed, BOM and wrapping quotes removed, lower case. */
export function normaliseHeaderName(cell: string): string {
  return cell
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .trim()
    .toLowerCase();
}

export interface HeaderMatch {
  spec: ReportSpec;
  /** Required (and one-of) columns absent from the header, as the spec names them. */
  missing: string[];
  /** Required columns present. */
  matched: number;
  /** Whether a forbidden column is present. */
  excluded: boolean;
}

export function matchHeader(header: string[], spec: ReportSpec): HeaderMatch {
  const names = new Set(header.map(normaliseHeaderName));
  const missing: string[] = [];
  let matched = 0;
  for (const column of spec.required) {
    if (names.has(column.toLowerCase())) matched++;
    else missing.push(column);
  }
  for (const group of spec.oneOf ?? []) {
    if (group.some((column) => names.has(column.toLowerCase()))) matched++;
    else missing.push(group.join(' or '));
  }
  const excluded = (spec.forbidden ?? []).some((column) => names.has(column.toLowerCase()));
  return { spec, missing, matched, excluded };
}

/** Number of identifying columns of a spec: the more, the more specific the match. */
function specificity(spec: ReportSpec): number {
  return spec.required.length + (spec.oneOf?.length ?? 0);
}

/** The spec a header belongs to, or undefined. The most specific full match wins. */
export function identify(header: string[], specs: readonly ReportSpec[]): ReportSpec | undefined {
  const full = specs
    .filter((spec) => spec.required.length > 0)
    .map((spec) => matchHeader(header, spec))
    .filter((m) => m.missing.length === 0 && !m.excluded);
  full.sort((a, b) => specificity(b.spec) - specificity(a.spec));
  return full[0]?.spec;
}

/** Share of a spec's identifying columns that a match found. */
function score(m: HeaderMatch): number {
  return m.matched / specificity(m.spec);
}

/** A column named by this many kinds or more (sku, quantity, currency…) says little about which report a file is. */
const GENERIC_SPREAD = 3;

/** The identifying items (required columns and one-of groups) of each spec that few specs share. */
function distinctiveItems(specs: readonly ReportSpec[]): Map<ReportSpec, string[][]> {
  const items = (spec: ReportSpec) => [...spec.required.map((c) => [c.toLowerCase()]), ...(spec.oneOf ?? []).map((g) => g.map((c) => c.toLowerCase()))];
  const spread = new Map<string, number>();
  for (const spec of specs) for (const column of new Set(items(spec).flat())) spread.set(column, (spread.get(column) ?? 0) + 1);
  return new Map(specs.map((spec) => [spec, items(spec).filter((group) => Math.min(...group.map((c) => spread.get(c) ?? 0)) < GENERIC_SPREAD)]));
}

/** Whether a header has at least half of a spec's distinctive columns (all of them generic: no test). */
function sharesDistinctive(header: string[], distinctive: string[][]): boolean {
  if (distinctive.length === 0) return true;
  const names = new Set(header.map(normaliseHeaderName));
  const present = distinctive.filter((group) => group.some((c) => names.has(c))).length;
  return present >= 1 && present / distinctive.length >= 0.5;
}

/**
 * The nearest spec to a header that matched none, or undefined when no spec has at least two and
 * half of its identifying columns there, and half of its distinctive ones (those few other kinds
 * name: a `sku,title` file is no Shopify export just because that export has a SKU and a title).
 * Naming an unrelated report helps nobody. A spec the header has every column of but is ruled out
 * by a column it never has ("excluded") is named only when no other spec has more than half of
 * its columns: a newer layout of a known report (Shopify's inventory export with "Available (not
 * editable)") is told what it lacks, not what it has too much.
 */
export function closest(headers: string[][], specs: readonly ReportSpec[]): HeaderMatch | undefined {
  const distinctive = distinctiveItems(specs);
  const matches = headers.flatMap((header) =>
    specs
      .map((spec) => matchHeader(header, spec))
      .filter((m) => m.matched >= 2 && score(m) >= 0.5 && sharesDistinctive(header, distinctive.get(m.spec) ?? [])),
  );
  const rank = (a: HeaderMatch, b: HeaderMatch) => score(b) - score(a) || a.missing.length - b.missing.length;
  const open = matches.filter((m) => !m.excluded).sort(rank);
  if (open.length && score(open[0]) > 0.5) return open[0];
  return [...matches].sort(rank)[0];
}
