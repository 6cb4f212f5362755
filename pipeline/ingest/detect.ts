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

/**
 * The nearest spec to a header that matched none, or undefined when no spec has at least two and
 * half of its identifying columns there (naming an unrelated report helps nobody). A spec the
 * header has every column of but is ruled out by a column it never has ("excluded") is named only
 * when no other spec has more than half of its columns: a newer layout of a known report (Shopify's
 * inventory export with "Available (not editable)") is told what it lacks, not what it has too much.
 */
export function closest(headers: string[][], specs: readonly ReportSpec[]): HeaderMatch | undefined {
  const matches = headers.flatMap((header) => specs.map((spec) => matchHeader(header, spec))).filter((m) => m.matched >= 2 && score(m) >= 0.5);
  const rank = (a: HeaderMatch, b: HeaderMatch) => score(b) - score(a) || a.missing.length - b.missing.length;
  const open = matches.filter((m) => !m.excluded).sort(rank);
  if (open.length && score(open[0]) > 0.5) return open[0];
  return [...matches].sort(rank)[0];
}
