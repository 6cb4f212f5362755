// The dataset registry: every module in pipeline/analytics/datasets/ that exports
// `dataset: DatasetDefinition` is a dataset; its SQL is sql/analytics/<name>.sql. Adding a dataset
// is adding those two files (docs/analytics.md).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, NotFoundError } from '../errors';
import { expandIncludes, renderSql } from './sqlRender';
import type { DatasetDefinition, SqlEngine } from './types';

export const DATASETS_DIR = join(__dirname, 'datasets');
export const ANALYTICS_SQL_DIR = resolve(__dirname, '../../sql/analytics');
/** SQL fragments that datasets paste with `{{ include('name') }}` (sql/analytics/shared/<name>.sql). */
export const SHARED_SQL_DIR = join(ANALYTICS_SQL_DIR, 'shared');
const NAME = /^[a-z][a-z0-9_]*$/;

let cache: Map<string, DatasetDefinition> | undefined;

function discover(): Map<string, DatasetDefinition> {
  const found = new Map<string, DatasetDefinition>();
  const files = existsSync(DATASETS_DIR)
    ? readdirSync(DATASETS_DIR).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts')).sort()
    : [];
  for (const file of files) {
    const mod = require(join(DATASETS_DIR, file)) as { dataset?: DatasetDefinition };
    const definition = mod.dataset;
    if (!definition) throw new ConfigError(`${join(DATASETS_DIR, file)} must export "dataset"`);
    if (!NAME.test(definition.name)) throw new ConfigError(`dataset name "${definition.name}" must be lower_snake_case`);
    if (found.has(definition.name)) throw new ConfigError(`dataset "${definition.name}" is defined twice`);
    found.set(definition.name, definition);
  }
  return found;
}

function registry(): Map<string, DatasetDefinition> {
  cache ??= discover();
  return cache;
}

export function datasetNames(): string[] {
  return [...registry().keys()];
}

export function allDatasets(): DatasetDefinition[] {
  return [...registry().values()];
}

/** The dataset called `name`, or NotFoundError listing the valid names. */
export function getDataset(name: string): DatasetDefinition {
  const definition = registry().get(name);
  if (!definition) {
    throw new NotFoundError(`unknown dataset "${name}"; valid datasets: ${datasetNames().join(', ')}`, 'CD_DATASET_UNKNOWN');
  }
  return definition;
}

export function datasetSqlPath(definition: DatasetDefinition): string {
  return join(ANALYTICS_SQL_DIR, definition.sqlFile ?? `${definition.name}.sql`);
}

function readFragment(name: string): string {
  const path = join(SHARED_SQL_DIR, `${name}.sql`);
  if (!existsSync(path)) throw new ConfigError(`SQL fragment "${name}" not found: ${path}`);
  return readFileSync(path, 'utf8');
}

/** The dataset's neutral SQL text with its shared fragments pasted in (not yet rendered for an engine). */
export function datasetSqlText(definition: DatasetDefinition): string {
  return expandIncludes(readFileSync(datasetSqlPath(definition), 'utf8'), readFragment);
}

const rendered = new Map<string, string>();

/** The dataset's query with its rows in their stated order (nulls last in both engines). */
function orderedAnswer(definition: DatasetDefinition, sql: string): string {
  const terms = (definition.order ?? definition.key).map((term) => {
    const [column, direction = 'asc', ...rest] = term.trim().split(/\s+/);
    if (!definition.columns.some((c) => c.name === column) || !['asc', 'desc'].includes(direction) || rest.length > 0) {
      throw new ConfigError(`dataset ${definition.name}: order term "${term}" must be one of its columns, optionally followed by asc or desc`);
    }
    return `${column} ${direction} nulls last`;
  });
  return `select * from (\n${sql}\n) as answer\norder by ${terms.join(', ')}`;
}

/** The dataset's SQL for an engine (DuckDB: `$name` parameters; BigQuery: `@name`). */
export function renderDatasetSql(name: string, engine: SqlEngine, options: { relationPrefix?: string } = {}): string {
  const key = `${name}\u0000${engine}\u0000${options.relationPrefix ?? ''}`;
  let sql = rendered.get(key);
  if (sql === undefined) {
    const definition = getDataset(name);
    sql = orderedAnswer(definition, renderSql(datasetSqlText(definition), { engine, relationPrefix: options.relationPrefix }));
    rendered.set(key, sql);
  }
  return sql;
}
