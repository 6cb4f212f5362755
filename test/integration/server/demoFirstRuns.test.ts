// A fresh `npm start` demo with its real start and serve hooks (channel sandboxes, scheduler):
// the streams whose history the demo files loaded start where the files end, so the first
// scheduled runs of every stream succeed, with no clamped window, no missing secret, no abort.
import { generateCertificates } from 'office-addin-dev-certs';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../pipeline/config/load';
import { planTargets } from '../../../pipeline/scheduler/runner';
import type { PipelineService } from '../../../pipeline/scheduler/service';
import { loadHooks } from '../../../pipeline/server/hooks';
import { startDemo, type StartedDemo } from '../../../pipeline/server/start';
import { renderModelStatements } from '../../../pipeline/analytics';

jest.setTimeout(300_000);

// The demo ends yesterday, as a demo generated today would: the test does not age with the clock.
const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString();

describe('a fresh npm start demo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cd-demo-runs-'));
  const tls = { ca: join(dir, 'ca.crt'), cert: join(dir, 'localhost.crt'), key: join(dir, 'localhost.key') };
  const env = { ...process.env };
  let demo: StartedDemo;
  let closed = false;
  const lines: string[] = [];
  const db = join(dir, 'data', 'crossdock.duckdb');

  beforeAll(async () => {
    const quiet = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    await generateCertificates(tls.ca, tls.cert, tls.key);
    quiet.mockRestore();
    const hooks = loadHooks();
    demo = await startDemo({
      db,
      port: 0,
      cert: tls.cert,
      key: tls.key,
      buildAddin: false,
      addinDir: join(dir, 'no-addin'),
      demo: { skus: 6, days: 30, endDate: yesterday },
      startHooks: hooks.startHooks,
      serveHooks: hooks.serveHooks,
      say: (line) => lines.push(line),
    });
  });

  afterAll(async () => {
    if (!closed) await demo?.close();
    for (const k of Object.keys(process.env)) if (!(k in env)) delete process.env[k];
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the load (files done of all, rows) and the model being built as it goes, without a terminal', () => {
    const loaded = /^ {2}loaded (\d+) files \(([\d,]+) rows\)/.exec(lines.find((l) => l.startsWith('  loaded ')) ?? '');
    expect(loaded).not.toBeNull();
    const loading = lines.filter((l) => l.startsWith('  loading: ')).map((l) => /^ {2}loading: (\d+)\/(\d+) files ([\d,]+) rows$/.exec(l));
    expect(loading.length).toBeGreaterThan(0);
    for (const step of loading) expect(step?.[2]).toBe(loaded![1]); // the total is every file the plan loads
    const building = lines.filter((l) => l.startsWith('  building: ')).map((l) => /^ {2}building: (\d+)\/(\d+) steps (\S.*)$/.exec(l));
    expect(building.length).toBeGreaterThan(0);
    const models = renderModelStatements('duckdb').map((m) => m.name);
    for (const step of building) {
      expect(Number(step![2])).toBe(models.length + 2); // every model, the forecasts, the marts
      expect([...models, 'demand forecasts', 'dataset marts'][Number(step![1])]).toBe(step![3]);
    }
  });

  it('starts the streams of the channels the demo files cover where the files end', async () => {
    const { warehouse } = demo.server.deps;
    const rows = await warehouse.all<{ channel: string; stream: string; cursor_value: string; run_id: string }>(
      "select channel, stream, cursor_value, run_id from stream_watermark where run_id = 'demo-files' order by channel, stream",
    );
    // every configured stream but those of the channels whose history only the sandbox serves
    const expected = planTargets(loadConfig())
      .filter((t) => !['mercadolibre', 'shopee'].includes(t.channel.channel))
      .map((t) => ({ channel: t.channel.channel, stream: t.stream.name, cursor_value: dayAfter(yesterday), run_id: 'demo-files' }))
      .sort((a, b) => `${a.channel}/${a.stream}`.localeCompare(`${b.channel}/${b.stream}`));
    expect(rows).toEqual(expected);
  });

  it('succeeds in the first scheduled run of every stream', async () => {
    const pipeline = demo.server.deps.pipeline as PipelineService;
    expect(pipeline).toBeDefined();
    // a pass of every stream, as the first cron tick runs them (the streams already running
    // their first load are skipped and finish on their own)
    const pass = await pipeline.runNow({ trigger: 'api' });
    const deadline = Date.now() + 240_000;
    while (pipeline.status().some((s) => s.running) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    const runs = await demo.server.deps.warehouse.all<{ stream: string; run_status: string; error_message: string | null }>(
      "select stream, run_status, error_message from pipeline_run where run_kind = 'api' order by stream, started_at",
    );
    expect(pass.streams.length).toBeGreaterThan(0);
    expect(new Set(runs.map((r) => r.stream))).toEqual(new Set(pipeline.targets.map((t) => `${t.channel.channel}/${t.stream.name}`)));
    expect(runs.filter((r) => r.run_status !== 'succeeded')).toEqual([]);
  });

  it('stops cleanly: the database is checkpointed, no write-ahead log is left behind', async () => {
    closed = true;
    await demo.close();
    expect(existsSync(db)).toBe(true);
    expect(existsSync(`${db}.wal`)).toBe(false);
  });
});
