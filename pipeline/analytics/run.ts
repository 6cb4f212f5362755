// Running a dataset on a warehouse: validate → resolve as_of → bind → stream positional rows.
import { log } from '../log';
import { dataVersion } from '../warehouse/dataVersion';
import type { SqlValue, Warehouse } from '../warehouse/types';
import type { EncodedBlock } from '../warehouse/jsonRows';
import { hasDefaultMart, isDefaultRequest, martJsonName, martName } from './defaultMarts';
import { defaultAsOf, sourceDates, sourceWarnings, type SourceDates } from './dataDates';
import { beginLiveAnswer } from './liveAnswers';
import { ensureMartsFresh, martIsCurrent, martIsFresh, martsState, type FreshnessOptions, type MartsState } from './models';
import { validateDatasetParams } from './params';
import { getDataset, renderDatasetSql } from './registry';
import { sqlParamNames } from './sqlRender';
import type { DatasetChunk, DatasetDefinition, DatasetParams, DatasetResult, RowRange } from './types';

export type RawParams = Record<string, string | undefined>;

/** Typed, defaulted parameters of a dataset (UsageError/NotFoundError on bad input). */
export function validateParams(name: string, raw: RawParams): DatasetParams {
  return validateDatasetParams(getDataset(name), raw);
}

interface Prepared {
  definition: DatasetDefinition;
  params: DatasetParams;
  sql: string;
  bound: Record<string, SqlValue>;
  warnings: string[];
  /** The same answer already encoded: a fresh mart's table of blocks (row_count, json_rows). */
  jsonTable?: string;
  /** Run live only because the dataset's mart is behind (being rebuilt): liveAnswers.ts. */
  standsInForMart?: boolean;
}

/**
 * What an answer is read from, read once per request: the data version it is labelled with and
 * the build state its rows are read with (null for datasets of the live tables). Handing the
 * state from the label to the rows saves reading it twice.
 */
export interface AnswerBasis {
  version: string;
  state: MartsState | null;
}

/**
 * The default as_of and the sources' last days: read from the models (int_data_dates,
 * int_source_dates), so they change only with a build; kept per build instead of two queries
 * on every request.
 */
interface BuildDates {
  defaultDay: string | null;
  sources: SourceDates[];
}
const buildDates = new WeakMap<Warehouse, { builtFor: string; dates: Promise<BuildDates> }>();

function datesOfBuild(warehouse: Warehouse, state: MartsState | null): Promise<BuildDates> {
  const read = () => warehouse.withConnection(async (conn) => ({ defaultDay: await defaultAsOf(conn), sources: await sourceDates(conn) }));
  if (state?.builtFor == null) return read();
  const kept = buildDates.get(warehouse);
  if (kept?.builtFor === state.builtFor) return kept.dates;
  const dates = read();
  buildDates.set(warehouse, { builtFor: state.builtFor, dates });
  dates.catch(() => {
    if (buildDates.get(warehouse)?.dates === dates) buildDates.delete(warehouse); // not kept: the next request reads again
  });
  return dates;
}

/**
 * The build state a dataset of the live tables is read with: null without a mart; else the state,
 * and when its mart is behind the data (a write since), a rebuild is started for the next request
 * — unless the caller would wait for it (the CLI, tests: they answer live and may close at once).
 */
async function liveState(warehouse: Warehouse, definition: DatasetDefinition, freshness: FreshnessOptions): Promise<MartsState | null> {
  if (!hasDefaultMart(definition)) return null;
  const state = await martsState(warehouse);
  if (!martIsCurrent(state, definition.name) && state.builtFor !== null && (freshness.waitForNewData ?? true) !== true) {
    ensureMartsFresh(warehouse, { waitForNewData: false }).catch((err: unknown) => log.warn({ err }, 'rebuilding the analytics marts failed'));
  }
  return state;
}

/** Whether a default request of a dataset with a mart is answered from it, by the state it is read with. */
function martAnswers(definition: DatasetDefinition, state: MartsState | null): boolean {
  if (state === null) return false;
  return definition.usesMarts === false ? martIsCurrent(state, definition.name) : martIsFresh(state, definition.name);
}

async function prepare(warehouse: Warehouse, name: string, raw: RawParams, freshness: FreshnessOptions, basis?: AnswerBasis): Promise<Prepared> {
  const definition = getDataset(name);
  const params = validateDatasetParams(definition, raw);
  const state = basis?.state ?? (definition.usesMarts === false ? await liveState(warehouse, definition, freshness) : await ensureMartsFresh(warehouse, freshness));
  const hasAsOf = 'as_of' in params;
  let last: string | null = null;
  let warnings: string[] = [];
  if (definition.usesMarts !== false && hasAsOf) {
    const dates = await datesOfBuild(warehouse, state);
    last = dates.defaultDay;
    const asOf = (params.as_of as string | null) ?? last;
    warnings = asOf === null ? [] : sourceWarnings(dates.sources, asOf, last);
  }
  // The as_of actually used is echoed in every result's params.
  if (hasAsOf && params.as_of === null) params.as_of = last;
  // ensureMartsFresh above guarantees the models match this code's SQL; a mart being rebuilt
  // after a change that affects it is skipped: its dataset is run live from the models meanwhile
  const defaultRequest = hasDefaultMart(definition) && isDefaultRequest(definition, params, last);
  if (defaultRequest && martAnswers(definition, state)) {
    return { definition, params, sql: `select * from ${martName(definition)}`, bound: {}, warnings, jsonTable: martJsonName(definition) };
  }
  const sql = renderDatasetSql(name, 'duckdb');
  const bound: Record<string, SqlValue> = {};
  for (const param of sqlParamNames(sql)) bound[param] = params[param] ?? null;
  return { definition, params, sql, bound, warnings, standsInForMart: defaultRequest };
}

/**
 * Streams a dataset in chunks of positional rows (columns in the dataset's declared order), so a
 * 100k-row result never sits in memory at once. Always yields at least one chunk.
 */
export async function* streamDataset(
  warehouse: Warehouse,
  name: string,
  raw: RawParams,
  freshness: FreshnessOptions = {},
): AsyncGenerator<DatasetChunk & { params: DatasetParams; warnings: string[] }> {
  const { definition, params, sql, bound, warnings } = await prepare(warehouse, name, raw, freshness);
  const columns = definition.columns;
  let yielded = false;
  for await (const rows of warehouse.streamRows(sql, bound, columns)) {
    yielded = true;
    yield { columns, params, warnings, rows };
  }
  if (!yielded) yield { columns, params, warnings, rows: [] };
}

/** Rows as JSON array texts: encoded by the engine where it can, else here, row by row. */
async function* jsonRowStream(warehouse: Warehouse, sql: string, bound: Record<string, SqlValue>, columns: DatasetDefinition['columns']): AsyncGenerator<string[]> {
  if (warehouse.streamJsonRows) {
    yield* warehouse.streamJsonRows(sql, bound, columns);
    return;
  }
  for await (const rows of warehouse.streamRows(sql, bound, columns)) yield rows.map((row) => JSON.stringify(row));
}

type EncodedChunk = { jsonRows: string[] } | { jsonChunk: EncodedBlock } | { skippedRows: number };

/**
 * The blocks of rows encoded when the mart was built (defaultMarts.ts) that hold `rows` (each
 * block knows its first row: jsonRows.ts), so a page of a big mart reads its own blocks only —
 * not every block before it, nor (to sort them) every block after it. The rows skipped before
 * are said first, to keep the count.
 */
async function* encodedBlocks(warehouse: Warehouse, table: string, rows: RowRange): AsyncGenerator<EncodedChunk> {
  let start = 0;
  if (rows.from > 0) {
    const [found] = await warehouse.all<{ start: number | bigint | null; total: number | bigint | null }>(
      `select min(first_row) filter (where first_row + row_count > $from) as start, sum(row_count) as total from ${table}`,
      { from: rows.from },
    );
    start = Number(found.start ?? found.total ?? 0); // past the end: every row skipped
    if (start > 0) yield { skippedRows: start };
  }
  const end = rows.to === null ? '' : ` and first_row <= ${Math.floor(rows.to)}`;
  const sql = `select row_count, json_rows, to_base64(json_deflated) as deflated from ${table} where first_row >= ${start}${end} order by block_no`;
  const columns = [
    { name: 'row_count', type: 'integer' as const },
    { name: 'json_rows', type: 'string' as const },
    { name: 'deflated', type: 'string' as const },
  ];
  for await (const rows of warehouse.streamRows(sql, {}, columns)) {
    for (const [rowCount, text, deflated] of rows) {
      const block: EncodedBlock = { text: String(text), rowCount: Number(rowCount) };
      if (typeof deflated === 'string') block.deflated = Buffer.from(deflated, 'base64');
      yield { jsonChunk: block };
    }
  }
}

async function* encodedRows(warehouse: Warehouse, sql: string, bound: Record<string, SqlValue>, columns: DatasetDefinition['columns']): AsyncGenerator<EncodedChunk> {
  for await (const jsonRows of jsonRowStream(warehouse, sql, bound, columns)) yield { jsonRows };
}

/**
 * streamDataset with every row already encoded as JSON text (`jsonRows`, or `jsonChunk` blocks
 * from a mart): what the HTTP API sends, without materialising JavaScript values cell by cell.
 * `rows`: the rows the caller needs; a mart's blocks outside them are not read (those before are
 * said by a first `skippedRows` chunk). `basis`: the state the answer's label was read with
 * (answerBasis), else it is read here. Always yields at least one chunk.
 */
export async function* streamDatasetJson(
  warehouse: Warehouse,
  name: string,
  raw: RawParams,
  freshness: FreshnessOptions = {},
  rows: RowRange = { from: 0, to: null },
  basis?: AnswerBasis,
): AsyncGenerator<EncodedChunk & { columns: DatasetDefinition['columns']; params: DatasetParams; warnings: string[] }> {
  const { definition, params, sql, bound, warnings, jsonTable, standsInForMart } = await prepare(warehouse, name, raw, freshness, basis);
  const columns = definition.columns;
  const chunks = jsonTable ? encodedBlocks(warehouse, jsonTable, rows) : encodedRows(warehouse, sql, bound, columns);
  // the rebuild builds its next mart once this answer is out (or after a bounded wait)
  const ended = standsInForMart ? beginLiveAnswer(warehouse) : () => undefined;
  try {
    let yielded = false;
    for await (const chunk of chunks) {
      yielded = true;
      yield { columns, params, warnings, ...chunk };
    }
    if (!yielded) yield { columns, params, warnings, jsonRows: [] };
  } finally {
    ended();
  }
}

/**
 * The data_version an answer of `name` reflects at least, when the caller reads it without
 * waiting for new data: the version the marts were built from for datasets that read them (a
 * rebuild may be running), the current one for datasets of the live tables. Read it before the
 * rows: if a rebuild commits in between, the answer is newer than its label, never older.
 */
export async function answerVersion(warehouse: Warehouse, name: string, freshness: FreshnessOptions = { waitForNewData: false }): Promise<string> {
  return (await answerBasis(warehouse, name, freshness)).version;
}

/** answerVersion with the state it was read from, to hand to streamDatasetJson for the rows. */
export async function answerBasis(warehouse: Warehouse, name: string, freshness: FreshnessOptions = { waitForNewData: false }): Promise<AnswerBasis> {
  const definition = getDataset(name);
  if (definition.usesMarts === false) {
    // its mart answers only at the current version, so the label is the current version either way
    const state = await liveState(warehouse, definition, freshness);
    return { version: state?.dataVersion ?? (await dataVersion(warehouse)), state };
  }
  const state = await ensureMartsFresh(warehouse, freshness);
  return { version: state.builtFor ?? state.dataVersion, state };
}

/** The whole dataset in memory (CLI, tests, small results). */
export async function runDataset(warehouse: Warehouse, name: string, raw: RawParams): Promise<DatasetResult> {
  const definition = getDataset(name);
  let params: DatasetParams = {};
  let warnings: string[] = [];
  const rows: unknown[][] = [];
  for await (const chunk of streamDataset(warehouse, name, raw)) {
    params = chunk.params;
    warnings = chunk.warnings;
    for (const row of chunk.rows) rows.push(row);
  }
  return { dataset: definition.name, params, warnings, columns: definition.columns, rows };
}
