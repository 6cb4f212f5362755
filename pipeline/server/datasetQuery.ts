// The query string of GET /api/v1/datasets/:name, split into the dataset's own parameters (which
// the analytics module validates against the dataset's allow-list) and the paging fields, plus
// the ETag that names one answer: same data version, same dataset, same parameters, same page.
import { createHash } from 'node:crypto';
import { UsageError } from '../errors';
import type { Page } from './datasetBody';

export const MAX_PAGE_ROWS = 1_000_000;
const MAX_VALUE_LENGTH = 256;

export interface DatasetQuery {
  raw: Record<string, string>;
  page: Page;
}

function nonNegativeInteger(name: string, value: string, min: number, max: number): number {
  if (!/^\d{1,10}$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got "${value}"`, 'CD_BAD_PARAMETER');
  }
  return Number(value);
}

export function parseDatasetQuery(query: Record<string, unknown>): DatasetQuery {
  const raw: Record<string, string> = {};
  let offset = 0;
  let limit: number | null = null;
  for (const [name, value] of Object.entries(query)) {
    if (typeof value !== 'string') throw new UsageError(`give the parameter "${name}" once`, 'CD_BAD_PARAMETER');
    if (value.length > MAX_VALUE_LENGTH) throw new UsageError(`the parameter "${name}" is longer than ${MAX_VALUE_LENGTH} characters`, 'CD_BAD_PARAMETER');
    if (name === 'offset') offset = nonNegativeInteger('offset', value, 0, 1_000_000_000);
    else if (name === 'limit') limit = nonNegativeInteger('limit', value, 1, MAX_PAGE_ROWS);
    else raw[name] = value;
  }
  return { raw, page: { offset, limit } };
}

/** Key order and defaults must not change the tag: hash the validated parameters, sorted. */
export function datasetEtag(serverId: string, dataVersion: string, dataset: string, params: Record<string, unknown>, page: Page): string {
  const canonical = JSON.stringify([dataset, Object.keys(params).sort().map((key) => [key, params[key]]), page.offset, page.limit]);
  const digest = createHash('sha256').update(canonical).digest('base64url').slice(0, 22);
  return `"${serverId}.${dataVersion}.${digest}"`;
}

/** True when an If-None-Match header names this tag (or `*`). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}
