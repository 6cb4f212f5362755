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

/** The nearest spec to a header that matched none: highest share of identifying columns present. */
export function closest(headers: string[][], specs: readonly ReportSpec[]): HeaderMatch | undefined {
  let best: HeaderMatch | undefined;
  let bestScore = -1;
  for (const header of headers) {
    for (const spec of specs) {
      const m = matchHeader(header, spec);
      const score = m.matched / specificity(spec);
      if (score > bestScore || (score === bestScore && best && m.missing.length < best.missing.length)) {
        best = m;
        bestScore = score;
      }
    }
  }
  return best;
}
