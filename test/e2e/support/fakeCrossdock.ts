// A small stand-in for `crossdock serve` (docs/api.md): serves the built add-in at /addin/ and
// the API at /api/v1 over plain HTTP on 127.0.0.1, with datasets, tokens and a stock sandbox
// that answers plan/apply with a chosen mix of outcomes. Used by the benchmark (synthetic large
// datasets) and by e2e scenarios that need outcomes the real sandboxes would not give on demand.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { DatasetSpec } from '../../../pipeline/analytics/types';
import type { Column } from '../../../pipeline/warehouse/values';

export interface FakeDataset {
  spec: DatasetSpec;
  rows: unknown[][];
}

export interface StockListing {
  listing: string;
  sku: string;
  title: string;
  channel: string;
  fulfilment: 'fba' | 'merchant';
  channel_quantity: number;
  version: number;
  /** What the channel does when pushed: answer normally, report a conflict, or fail. */
  behaviour?: 'ok' | 'conflict' | 'fail' | 'pending';
  /** The pool's available units: a plan above them warns ABOVE_AVAILABLE (the push still goes). */
  available_units?: number;
}

export interface FakeCrossdockOptions {
  addinDir: string;
  datasets: FakeDataset[];
  stock?: StockListing[];
  tokens?: Record<string, { name: string; role: 'analyst' | 'manager' }>;
  dataVersion?: number;
}

export interface FakeCrossdock {
  url: string;
  server: Server;
  /** Every apply request received, with its idempotency key. */
  applies: Array<{ key: string; body: unknown }>;
  /** The sandbox's current channel quantities by listing. */
  channelState(): Record<string, number>;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.map': 'application/json' };

export const STOCK_COLUMNS: Column[] = [
  { name: 'listing', type: 'string' },
  { name: 'sku', type: 'string' },
  { name: 'title', type: 'string' },
  { name: 'channel', type: 'string' },
  { name: 'fulfilment', type: 'string' },
  { name: 'channel_quantity', type: 'integer' },
  { name: 'version', type: 'string' }, // the real server's versions are text (pipeline/model/wire.ts)
  { name: 'editable', type: 'boolean' },
  { name: 'suggested_quantity', type: 'integer' },
];

export function stockSpec(): DatasetSpec {
  return { name: 'stock', title: 'Stock by listing', description: 'One row per listing.', params: [{ name: 'channel', type: 'string', description: 'Only this channel', allowed: ['amazon', 'ebay', 'shopify', 'aliexpress'] }], columns: STOCK_COLUMNS, key: ['listing'] };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(text);
}

async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null;
}

export async function startFakeCrossdock(options: FakeCrossdockOptions): Promise<FakeCrossdock> {
  const tokens = options.tokens ?? { 'manager-token': { name: 'Mia Manager', role: 'manager' }, 'analyst-token': { name: 'Ana Analyst', role: 'analyst' } };
  const stock = new Map((options.stock ?? []).map((l) => [l.listing, { ...l }]));
  const answered = new Map<string, unknown>();
  const applies: FakeCrossdock['applies'] = [];
  const datasets = [...options.datasets];
  if (options.stock) {
    datasets.push({ spec: stockSpec(), rows: [] });
  }
  const stockRows = () => [...stock.values()].map((l) => [l.listing, l.sku, l.title, l.channel, l.fulfilment, l.channel_quantity, String(l.version), l.fulfilment === 'merchant', l.channel_quantity]);

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname.startsWith('/addin/')) {
        const rel = normalize(decodeURIComponent(url.pathname.slice('/addin/'.length)) || 'taskpane.html');
        if (rel.startsWith('..')) return send(res, 404, { code: 'CD_NOT_FOUND', message: 'no such file' });
        try {
          const data = await readFile(join(options.addinDir, rel));
          res.writeHead(200, { 'content-type': TYPES[extname(rel)] ?? 'application/octet-stream' });
          return res.end(data);
        } catch {
          return send(res, 404, { code: 'CD_NOT_FOUND', message: 'no such file' });
        }
      }
      if (!url.pathname.startsWith('/api/v1/')) return send(res, 404, { code: 'CD_NOT_FOUND', message: 'not found' });
      const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
      const who = auth ? tokens[auth[1]] : undefined;
      if (!who) return send(res, 401, { code: 'CD_AUTH_REQUIRED', message: 'send a valid bearer token' });
      const path = url.pathname.slice('/api/v1'.length);
      if (path === '/me') return send(res, 200, { name: who.name, role: who.role });
      if (path === '/datasets') return send(res, 200, { datasets: datasets.map((d) => d.spec) });
      const ds = /^\/datasets\/([a-z_]+)$/.exec(path);
      if (ds && req.method === 'GET') {
        const d = datasets.find((x) => x.spec.name === ds[1]);
        if (!d) return send(res, 404, { code: 'CD_NOT_FOUND', message: `no dataset ${ds[1]}` });
        const params: Record<string, string | null> = {};
        for (const p of d.spec.params) params[p.name] = url.searchParams.get(p.name) ?? p.default ?? null;
        let rows = d.spec.name === 'stock' ? stockRows() : d.rows;
        // Filters that name a column filter on it (enough for the pane's channel/location filters).
        for (const p of d.spec.params) {
          const col = d.spec.columns.findIndex((c) => c.name === p.name);
          const v = url.searchParams.get(p.name);
          if (col >= 0 && v) rows = rows.filter((r) => String(r[col]) === v);
        }
        const offset = Number(url.searchParams.get('offset') ?? 0);
        const limit = Number(url.searchParams.get('limit') ?? rows.length);
        const page = rows.slice(offset, offset + limit);
        const next = offset + page.length < rows.length ? offset + page.length : null;
        return send(res, 200, { dataset: d.spec.name, params, data_version: options.dataVersion ?? 1, columns: d.spec.columns, rows: page, total_rows: rows.length, offset, next_offset: next });
      }
      if (path === '/stock/plan' || path === '/stock/apply') {
        if (who.role !== 'manager') return send(res, 403, { code: 'CD_FORBIDDEN', message: 'pushing stock needs the manager role' });
        const edits = (await body(req)) as Array<{ listing: string; expected_version: string; new_quantity: number }>;
        const judge = (e: (typeof edits)[number]) => {
          const l = stock.get(e.listing);
          if (!l) return { status: 'rejected' as const, reason_code: 'CD_STOCK_UNKNOWN_LISTING', message: 'unknown listing' };
          if (l.fulfilment === 'fba') return { status: 'rejected' as const, reason_code: 'CD_STOCK_FBA', message: 'FBA quantities belong to Amazon' };
          if (String(l.version) !== e.expected_version) return { status: 'rejected' as const, reason_code: 'CD_STOCK_STALE', message: `the channel quantity changed since the refresh (now ${l.channel_quantity})` };
          const available = l.available_units;
          if (available !== undefined && e.new_quantity > Math.max(available, 0)) {
            return { status: 'ok' as const, warning: { code: 'ABOVE_AVAILABLE', message: `${e.new_quantity} is above the ${available} units available in pool OWN-CN, which feeds this listing`, available_units: available } };
          }
          return { status: 'ok' as const };
        };
        if (path === '/stock/plan') {
          const rows = edits.map((e) => ({ listing: e.listing, ...judge(e), current_quantity: stock.get(e.listing)?.channel_quantity ?? null, new_quantity: e.new_quantity }));
          const perChannel = new Map<string, number>();
          for (const r of rows) if (r.status === 'ok') perChannel.set(stock.get(r.listing)!.channel, (perChannel.get(stock.get(r.listing)!.channel) ?? 0) + 1);
          const batches = [...perChannel].map(([channel, n]) => ({ channel, rows: n, calls: Math.ceil(n / (channel === 'ebay' ? 25 : channel === 'aliexpress' ? 20 : channel === 'amazon' ? 1 : 250)) }));
          return send(res, 200, { rows, batches });
        }
        const key = String(req.headers['idempotency-key'] ?? '');
        if (!key) return send(res, 400, { code: 'CD_IDEMPOTENCY_KEY_REQUIRED', message: 'send an Idempotency-Key header' });
        applies.push({ key, body: edits });
        if (answered.has(key)) return send(res, 200, answered.get(key));
        const rows = edits.map((e) => {
          const j = judge(e);
          if (j.status !== 'ok') return { listing: e.listing, status: 'rejected', message: j.message };
          const l = stock.get(e.listing)!;
          if (l.behaviour === 'conflict') {
            l.channel_quantity += 3; // somebody sold/changed it on the channel meanwhile
            l.version++;
            return { listing: e.listing, status: 'conflict', message: `the channel now shows ${l.channel_quantity}`, channel_quantity: l.channel_quantity };
          }
          if (l.behaviour === 'fail') {
            l.behaviour = 'ok'; // a transient failure: the retry succeeds
            return { listing: e.listing, status: 'failed', message: 'HTTP 503 from the channel; retry later' };
          }
          l.channel_quantity = e.new_quantity;
          l.version++;
          return { listing: e.listing, status: l.behaviour === 'pending' ? 'pending_verification' : 'applied', channel_quantity: e.new_quantity, version: String(l.version), ...(j.warning ? { warning_code: j.warning.code } : {}) };
        });
        const answer = { change_set_id: `cs-${answered.size + 1}`, rows };
        answered.set(key, answer);
        return send(res, 200, answer);
      }
      return send(res, 404, { code: 'CD_NOT_FOUND', message: `no route ${path}` });
    } catch (err) {
      send(res, 500, { code: 'CD_INTERNAL', message: err instanceof Error ? err.message : String(err) });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    applies,
    channelState: () => Object.fromEntries([...stock.values()].map((l) => [l.listing, l.channel_quantity])),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
