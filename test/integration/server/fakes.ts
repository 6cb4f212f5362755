// Test doubles for the server: a small dataset registry over a real in-memory DuckDB table
// (parameterised SQL, so injection tests mean something), a synthetic registry that yields as
// many rows as asked without holding them, and an app builder with tokens of both roles.
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { DatasetParams, DatasetSpec } from '../../../pipeline/analytics/types';
import { UsageError } from '../../../pipeline/errors';
import { buildServer, BuildServerOptions } from '../../../pipeline/server/app';
import { requireRole } from '../../../pipeline/server/auth/requireRole';
import { createToken, TokenAuthenticator } from '../../../pipeline/server/auth/tokenStore';
import type { DatasetChunk, DatasetRegistry, ServerConfig, ServerDeps } from '../../../pipeline/server/deps';
import { routes as addinRoutes } from '../../../pipeline/server/routes/addin';
import { routes as datasetRoutes } from '../../../pipeline/server/routes/datasets';
import { routes as healthRoutes } from '../../../pipeline/server/routes/health';
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';

export const SERVER_ROUTES: FastifyPluginAsync[] = [addinRoutes, datasetRoutes, healthRoutes];

export const NOW = new Date('2024-12-02T09:00:00Z');

export const STOCK_SPEC: DatasetSpec = {
  name: 'channel_stock',
  title: 'Stock per channel',
  description: 'One row per sku × channel: units on hand.',
  params: [
    { name: 'as_of', type: 'date', description: 'day of the position' },
    { name: 'window_days', type: 'integer', description: 'days looked back', default: '90' },
    { name: 'channel', type: 'string', description: 'only this channel' },
    { name: 'sku_prefix', type: 'string', description: 'only SKUs starting with this' },
  ],
  columns: [
    { name: 'sku', type: 'string' },
    { name: 'channel', type: 'string' },
    { name: 'on_hand_units', type: 'integer' },
  ],
  key: ['sku', 'channel'],
};

/** Validation the way the analytics module does it: allow-list of names, typed values. */
export function validateStockParams(raw: Record<string, string>): DatasetParams {
  const known = STOCK_SPEC.params.map((p) => p.name);
  for (const name of Object.keys(raw)) {
    if (!known.includes(name)) throw new UsageError(`unknown parameter "${name}" for channel_stock; valid parameters: ${known.join(', ')}`, 'CD_PARAM_UNKNOWN');
  }
  if (raw.as_of !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(raw.as_of)) throw new UsageError(`as_of must be a date YYYY-MM-DD, got "${raw.as_of}"`, 'CD_BAD_PARAMETER');
  if (raw.window_days !== undefined && !/^\d+$/.test(raw.window_days)) throw new UsageError(`window_days must be a whole number, got "${raw.window_days}"`, 'CD_BAD_PARAMETER');
  return {
    as_of: raw.as_of ?? null,
    window_days: Number(raw.window_days ?? 90),
    channel: raw.channel ?? null,
    sku_prefix: raw.sku_prefix ?? null,
  };
}

export const SEED_ROWS: [string, string, number][] = [
  ['MUG-01', 'amazon', 12],
  ['MUG-01', 'ebay', 3],
  ['MUG-02', 'amazon', 0],
  ['TEE-01', 'shopify', 40],
];

export async function seedStock(warehouse: DuckWarehouse): Promise<void> {
  await warehouse.run('create table fake_stock (sku varchar, channel varchar, on_hand_units integer)');
  for (const row of SEED_ROWS) await warehouse.run('insert into fake_stock values ($1, $2, $3)', row);
}

export function stockRegistry(): DatasetRegistry {
  return {
    listDatasets: () => [STOCK_SPEC],
    validateParams: (name, raw) => {
      if (name !== STOCK_SPEC.name) throw new UsageError(`unknown dataset ${name}`);
      return validateStockParams(raw);
    },
    async *streamDataset(warehouse, _name, raw) {
      const params = validateStockParams(raw);
      const rows = await warehouse.all<{ sku: string; channel: string; on_hand_units: number }>(
        `select sku, channel, on_hand_units from fake_stock
         where ($1::varchar is null or channel = $1::varchar)
           and ($2::varchar is null or starts_with(sku, $2::varchar))
         order by sku, channel`,
        [params.channel as string | null, params.sku_prefix as string | null],
      );
      yield { columns: STOCK_SPEC.columns, rows: rows.map((row) => [row.sku, row.channel, row.on_hand_units]) };
    },
  };
}

export const WIDE_SPEC: DatasetSpec = {
  name: 'wide',
  title: 'Synthetic wide rows',
  description: 'n synthetic rows of ten columns, generated on demand.',
  params: [{ name: 'rows', type: 'integer', description: 'how many rows', default: '100000' }],
  columns: [
    { name: 'row_number', type: 'integer' },
    ...Array.from({ length: 8 }, (_, i) => ({ name: `text_${i}`, type: 'string' as const })),
    { name: 'amount', type: 'number' },
  ],
  key: ['row_number'],
};

/** Yields `rows` rows in chunks of 2048, creating each chunk only when asked for it. */
export function wideRegistry(onChunk: () => void = () => undefined): DatasetRegistry & { closed: () => boolean } {
  let closed = false;
  return {
    closed: () => closed,
    listDatasets: () => [WIDE_SPEC],
    validateParams: (_name, raw) => ({ rows: Number(raw.rows ?? 100000) }),
    async *streamDataset(_warehouse, _name, raw): AsyncGenerator<DatasetChunk> {
      const total = Number(raw.rows ?? 100000);
      try {
        for (let start = 0; start < total; start += 2048) {
          onChunk();
          const rows: unknown[][] = [];
          for (let n = start; n < Math.min(total, start + 2048); n++) {
            rows.push([n, ...Array.from({ length: 8 }, (_, i) => `row ${n} column ${i} some text`), n * 1.25]);
          }
          yield { columns: WIDE_SPEC.columns, rows };
          await new Promise((resolve) => setImmediate(resolve));
        }
      } finally {
        closed = true;
      }
    },
  };
}

export interface TestServer {
  app: FastifyInstance;
  warehouse: DuckWarehouse;
  analystToken: string;
  managerToken: string;
  deps: ServerDeps;
}

/** A manager-only route that exists only in tests (the write-back routes are someone else's). */
export const managerOnlyRoute: FastifyPluginAsync = async (app) => {
  app.post('/api/v1/test/manager-only', { preHandler: requireRole('manager') }, async (request) => ({ ok: true, who: request.principal?.name }));
};

export async function buildTestServer(options: {
  datasets?: DatasetRegistry;
  config?: Partial<ServerConfig>;
  server?: BuildServerOptions;
  /** The server's clock (default: always NOW). */
  clock?: () => Date;
} = {}): Promise<TestServer> {
  const clock = options.clock ?? (() => NOW);
  const warehouse = await DuckWarehouse.open(':memory:');
  await seedStock(warehouse);
  const analyst = await createToken(warehouse, { name: 'anna (analyst)', role: 'analyst', now: NOW });
  const manager = await createToken(warehouse, { name: 'max (manager)', role: 'manager', now: NOW });
  const deps: ServerDeps = {
    warehouse,
    datasets: options.datasets ?? stockRegistry(),
    auth: new TokenAuthenticator(warehouse, clock),
    config: {
      allowedOrigins: ['https://addin.example.com'],
      addinDir: '/nonexistent/addin',
      bodyLimitBytes: 64 * 1024,
      version: '0.0.0-test',
      https: false,
      instanceId: 'test',
      ...options.config,
    },
    clock,
  };
  // Only this area's routes: other route modules have their own tests and dependencies.
  const app = await buildServer(deps, { routes: SERVER_ROUTES, extraRoutes: [managerOnlyRoute], ...options.server });
  return { app, warehouse, analystToken: analyst.token, managerToken: manager.token, deps };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
