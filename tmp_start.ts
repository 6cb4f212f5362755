import { startDemo } from './pipeline/server/start';
import https from 'node:https';
async function call(url: string, method: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<any> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = https.request(url, { method, rejectUnauthorized: false, headers: { authorization: `Bearer ${token}`, ...(data ? { 'content-type': 'application/json' } : {}), ...headers } }, (res) => {
      let text = ''; res.on('data', (c) => (text += c)); res.on('end', () => resolve({ status: res.statusCode, body: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject); req.end(data);
  });
}
(async () => {
  const demo = await startDemo({ db: '/tmp/cdstart/crossdock.duckdb', fresh: true, buildAddin: false, port: 0 as any, demo: { days: 60, skus: 12 }, say: (l) => console.log('SAY', l) });
  try {
    const url = demo.server.url.replace('localhost', '127.0.0.1');
    const stock = await call(`${url}/api/v1/datasets/stock?channel=shopify`, 'GET', demo.analystToken);
    const cols = stock.body.columns.map((c: any) => c.name);
    const rows = stock.body.rows.map((r: any[]) => Object.fromEntries(cols.map((c: string, i: number) => [c, r[i]])));
    const body = rows.slice(0, 2).map((r: any) => ({ listing: r.listing, expected_version: r.version, new_quantity: (r.channel_quantity ?? 0) + 3 }));
    const apply = await call(`${url}/api/v1/stock/apply`, 'POST', demo.managerToken, body, { 'idempotency-key': 'demo-1' });
    console.log('apply', apply.status, JSON.stringify(apply.body.rows.map((r: any) => [r.listing, r.status])));
    const run = await call(`${url}/api/v1/pipeline/run`, 'POST', demo.managerToken, {});
    console.log('run', run.status, JSON.stringify(run.body).slice(0, 300));
    await new Promise((r) => setTimeout(r, 8000));
    const runs = await call(`${url}/api/v1/pipeline/runs`, 'GET', demo.analystToken);
    console.log('runs', runs.status, JSON.stringify((runs.body.runs ?? runs.body).slice?.(0, 8).map((r: any) => [r.stream, r.run_status, r.error_message?.slice(0, 120)])));
  } finally {
    await demo.close();
  }
})().catch((e) => { console.error(e); process.exit(1); });
