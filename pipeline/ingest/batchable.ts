// Whether files of one report kind may be staged together (batch.ts) with the result of loading
// them one by one. Pure: it reads the spec's SQL, never a file.
import { FILE_COLUMN, LoadContext, ReportSpec } from '../channels/contract/reports';

const PROBE: LoadContext = {
  sourceFile: '/probe',
  snapshotDate: '2000-01-01',
  marketplace: 'US',
  marketplaceExplicit: false,
  fbaLocationId: 'FBA-US',
  baseCurrency: 'USD',
  locations: [],
  salesChannels: [],
};

/** Every SQL text a spec builds for a header and context (fields, records, outputs, after-load). */
function specSql(spec: ReportSpec, ctx: LoadContext, header: string[]): string {
  const fields = spec.fields(ctx, header).map((f) => `${f.expr ?? ''} ${(f.allowed ?? []).join(',')}`);
  return [...fields, spec.isRecord?.(header) ?? '', ...Object.values(spec.output(ctx)), ...(spec.afterLoad?.(ctx) ?? [])].join('\n');
}

/** Windows (`over (…)`) that do not partition by file first: they would mix the lines of two files. */
export function windowsAcrossFiles(sql: string): number {
  const windows = sql.match(/\bover\s*\(/gi)?.length ?? 0;
  const perFile = sql.match(new RegExp(`\\bover\\s*\\(\\s*partition\\s+by\\s+${FILE_COLUMN}\\b`, 'gi'))?.length ?? 0;
  return windows - perFile;
}

/**
 * A spec loads in batches unless a reshape of its rows drops the file column, a window of its
 * SQL does not partition by file, or its SQL depends on the locations known before a file while
 * its loads change them (the second file of a batch would not see what the first added).
 */
export function batchableSpec(spec: ReportSpec, header: string[]): boolean {
  if (spec.reshape && !spec.reshape(header, '(probe)', header).every((statement) => new RegExp(`\\b${FILE_COLUMN}\\b`).test(statement))) return false;
  const sql = specSql(spec, PROBE, header);
  if (windowsAcrossFiles(sql) > 0) return false;
  const changesLocations = spec.target === 'location' || spec.afterLoad !== undefined;
  if (changesLocations) {
    const withLocation = specSql(spec, { ...PROBE, locations: [{ location_id: 'PROBE-1', location_name: 'Probe warehouse' }] }, header);
    if (withLocation !== sql) return false;
  }
  return true;
}
