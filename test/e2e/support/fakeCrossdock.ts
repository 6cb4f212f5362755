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
import type { ChangeView } from '../../../pipeline/writeback/service';
import { ruleEtag, type StoredRule } from '../../../pipeline/writeback/rules';

type RuleRow = Omit<StoredRule, 'etag'>;
import { effectiveRule, suggestQuantity } from '../../../pipeline/writeback/allocation';

export interface FakeDataset {
  spec: DatasetSpec;
  rows: unknown[][];
}

/** The fixtures' last day with data: a later as_of answers no rows, with the server's warning. */
export const LAST_DATA_DATE = '2026-11-25';

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
  /** Allocation rules the server starts with. */
  rules?: RuleRow[];
}

export interface FakeCrossdock {
  url: string;
  server: Server;
  /** Every apply request received, with its idempotency key. */
  applies: Array<{ key: string; body: unknown }>;
  /** The stock ledger as GET /stock/changes shows it. */
  ledger: ChangeView[];
  /** The allocation rules the server holds now, and the rule ids PUT so far. */
  rules: Map<string, RuleRow>;
  ruleWrites: string[];
  /** The sandbox's current channel quantities by listing. */
  channelState(): Record<string, number>;
  /** Makes a dataset answer slowly (0: at once), so the pane can be cancelled mid-refresh. */
  setDelay(dataset: string, ms: number): void;
  /** Runs once, just after the next GET /stock/rules is answered: a change that lands between a read and a write. */
  afterNextRulesRead(fn: () => void): void;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.map': 'application/json', '.xml': 'application/xml' };

export const STOCK_COLUMNS: Column[] = [
  { name: 'listing', type: 'string' },
  { name: 'sku', type: 'string' },
  { name: 'title', type: 'string' },
  { name: 'channel', type: 'string' },
  { name: 'fulfilment', type: 'string' },
  { name: 'available_units', type: 'integer' },
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
  const delays = new Map<string, number>();
  const ledger: ChangeView[] = [];
  const rules = new Map<string, RuleRow>((options.rules ?? []).map((r) => [r.rule_id, { ...r }]));
  let afterRulesRead: (() => void) | null = null;
  const ruleWrites: string[] = [];
  let clock = Date.UTC(2026, 10, 26, 9, 0, 0);
  const tick = () => new Date((clock += 60_000)).toISOString();
  const datasets = [...options.datasets];
  if (options.stock) {
    datasets.push({ spec: stockSpec(), rows: [] });
  }
  // The pool feeding a listing holds available_units (its channel quantity when not given); the
  // suggestion applies the allocation rules with the server's own arithmetic.
  const stockRows = () => [...stock.values()].map((l) => {
    const available = l.available_units ?? l.channel_quantity;
    const suggested = l.fulfilment === 'merchant' ? suggestQuantity(available, effectiveRule([...rules.values()], { listing_id: l.listing, channel: l.channel })) : null;
    return [l.listing, l.sku, l.title, l.channel, l.fulfilment, available, l.channel_quantity, String(l.version), l.fulfilment === 'merchant', suggested];
  });

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
        const delay = delays.get(d.spec.name) ?? 0;
        // The wait ends early when the client goes away (the pane's Cancel aborts the fetch).
        if (delay) await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          res.on('close', () => {
            clearTimeout(timer);
            resolve();
          });
        });
        if (res.destroyed) return;
        let rows = d.spec.name === 'stock' ? stockRows() : d.rows;
        // Filters that name a column (or its _id) filter on it (the pane's channel/location filters).
        for (const p of d.spec.params) {
          const col = d.spec.columns.findIndex((c) => c.name === p.name || c.name === `${p.name}_id`);
          const v = url.searchParams.get(p.name);
          if (col >= 0 && v) rows = rows.filter((r) => String(r[col]) === v);
        }
        // As the real server: an as_of after the data answers no rows and says where the data ends.
        const asOf = url.searchParams.get('as_of');
        const warnings = asOf && asOf > LAST_DATA_DATE ? [`Data ends before as_of ${asOf}: all channels orders end ${LAST_DATA_DATE}, stock at FBA-US ends 2026-11-24.`] : [];
        if (warnings.length) rows = [];
        const offset = Number(url.searchParams.get('offset') ?? 0);
        const limit = Number(url.searchParams.get('limit') ?? rows.length);
        const page = rows.slice(offset, offset + limit);
        const next = offset + page.length < rows.length ? offset + page.length : null;
        return send(res, 200, { dataset: d.spec.name, params, data_version: options.dataVersion ?? 1, warnings, columns: d.spec.columns, rows: page, total_rows: rows.length, offset, next_offset: next });
      }
      const rule = /^\/stock\/rules(?:\/(.+))?$/.exec(path);
      if (rule) {
        if (req.method === 'GET' && !rule[1]) {
          send(res, 200, { rules: [...rules.values()].map((r) => ({ ...r, etag: ruleEtag(r) })) });
          const hook = afterRulesRead;
          afterRulesRead = null;
          return hook?.();
        }
        if (who.role !== 'manager') return send(res, 403, { code: 'CD_AUTH_FORBIDDEN', message: 'changing allocation rules needs the manager role' });
        const id = decodeURIComponent(rule[1] ?? '');
        // the real server's preconditions (pipeline/writeback/rules.ts): If-Match the version read, If-None-Match: * create only
        const held = rules.get(id);
        const ifMatch = req.headers['if-match'];
        if ((ifMatch !== undefined && (!held || ruleEtag(held) !== ifMatch)) || (req.headers['if-none-match'] === '*' && held)) {
          return send(res, 412, { code: 'CD_RULE_CHANGED', message: `rule ${id} was changed since you read it; read it again` });
        }
        if (req.method === 'DELETE') {
          if (!rules.delete(id)) return send(res, 404, { code: 'CD_RULE_NOT_FOUND', message: `no allocation rule ${id}` });
          return send(res, 200, { deleted: id });
        }
        if (req.method === 'PUT') {
          const b = (await body(req)) as Record<string, number | string | null>;
          const scope = id === 'all' ? { rule_scope: 'all', channel: null, listing_id: null } : id.startsWith('channel:') ? { rule_scope: 'channel', channel: id.slice(8), listing_id: null } : { rule_scope: 'listing', channel: null, listing_id: id.slice(8) };
          const stored = { rule_id: id, ...scope, reserve_units: b.reserve_units ?? null, available_pct: b.available_pct ?? null, max_units: b.max_units ?? null, floor_units: b.floor_units ?? null, note: b.note ?? null, updated_by: who.name, updated_at: tick() } as RuleRow;
          rules.set(id, stored);
          ruleWrites.push(id);
          return send(res, 200, { ...stored, etag: ruleEtag(stored) });
        }
      }
      if (path === '/stock/changes') {
        // Pages by updated_at like the real ledger (pipeline/writeback/ledger.ts changesSince).
        const since = url.searchParams.get('since');
        const limit = Number(url.searchParams.get('limit') ?? 5000);
        const page = [...ledger].sort((a, b) => a.updated_at.localeCompare(b.updated_at)).filter((c) => since === null || c.updated_at > since).slice(0, limit);
        return send(res, 200, { changes: page, next_since: page.length ? page[page.length - 1].updated_at : since });
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
        const seenBefore = new Map(edits.map((e) => [e.listing, stock.get(e.listing)?.channel_quantity ?? null]));
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
          const before = l.channel_quantity;
          l.channel_quantity = e.new_quantity;
          l.version++;
          // A channel that applies later still shows the old quantity when it answers.
          const shown = l.behaviour === 'pending' ? before : e.new_quantity;
          return { listing: e.listing, status: l.behaviour === 'pending' ? 'pending_verification' : 'applied', channel_quantity: shown, version: String(l.version), ...(j.warning ? { warning_code: j.warning.code } : {}) };
        });
        const answer = { change_set_id: `cs-${answered.size + 1}`, rows };
        const at = tick();
        rows.forEach((r, i) => {
          const e = edits[i];
          const l = stock.get(e.listing);
          const row = r as { status: ChangeView['change_status']; message?: string; channel_quantity?: number };
          const sent = row.status === 'rejected' ? null : e.new_quantity;
          ledger.push({
            change_id: `${answer.change_set_id}-${i}`, change_set_id: answer.change_set_id, row_index: i, idempotency_key: key, requested_by: who.name, requested_role: who.role, requested_at: at,
            listing_id: e.listing, channel: l?.channel ?? null, marketplace: null, sku: l?.sku ?? null, expected_version: e.expected_version, seen_quantity_units: seenBefore.get(e.listing) ?? null, asked_value: String(e.new_quantity), asked_quantity_units: e.new_quantity,
            sent_quantity_units: sent, change_status: row.status, reason_code: row.status === 'failed' ? 'CHANNEL_ERROR' : null, message: row.message ?? null, channel_quantity_units: row.channel_quantity ?? null,
            channel_response: row.status === 'rejected' ? null : { status: row.status, raw: row.message ?? 'ok' }, is_retryable: row.status === 'failed' ? true : null,
            sent_at: sent === null ? null : at, answered_at: sent === null ? null : at, verified_at: row.status === 'applied' ? at : null, updated_at: at,
            follows_change_id: null, is_side_effect: false, available_units: l?.available_units ?? null, warning_code: null, warning_message: null,
          });
        });
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
    ledger,
    rules,
    ruleWrites,
    channelState: () => Object.fromEntries([...stock.values()].map((l) => [l.listing, l.channel_quantity])),
    setDelay: (dataset, ms) => {
      delays.set(dataset, ms);
    },
    afterNextRulesRead: (fn) => {
      afterRulesRead = fn;
    },
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
