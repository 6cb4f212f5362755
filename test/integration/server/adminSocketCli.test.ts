// `crossdock query` and `crossdock ingest` beside a running server: the server's warehouse is
// open in this process (as `crossdock serve` holds it), its admin socket listens, and the CLI
// functions send their work there. The answers must be those of running on the file directly.
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { query } from '../../../pipeline/analytics/queryCommand';
import { tokenCreate, tokenRevoke } from '../../../pipeline/commands/token';
import { DataError } from '../../../pipeline/errors';
import { runIngest } from '../../../pipeline/ingest/cli';
import { adminSocketPath, listenAdminSocket, type AdminSocket } from '../../../pipeline/server/adminSocket';
import { loadAnalyticsRegistry } from '../../../pipeline/server/analyticsRegistry';
import { TokenAuthenticator } from '../../../pipeline/server/auth/tokenStore';
import type { DatasetRegistry } from '../../../pipeline/server/deps';
import type { PipelineControl } from '../../../pipeline/server/routes/pipeline';
import { runCommand } from '../../../pipeline/scheduler/cli';
import { bumpDataVersion, DuckWarehouse } from '../../../pipeline/warehouse/duckdb';

async function seed(db: string): Promise<void> {
  const wh = await DuckWarehouse.open(db);
  await wh.transaction(async (conn) => {
    await conn.run("insert into location (location_id, location_name, location_kind, pool_id, is_settable) values ('WH1', 'Own main', 'own', 'OWN', true)");
    await conn.run("insert into sku (sku, title, unit_cost_amount, cost_currency_code) values ('S1', 'Mug', 2, 'USD'), ('S2', 'Cup', 3, 'USD')");
    await conn.run(
      `insert into inventory_snapshot (snapshot_date, sku, location_id, on_hand_units, available_units)
       values ('2025-01-01', 'S1', 'WH1', 5, 5), ('2025-01-02', 'S1', 'WH1', 4, 4), ('2025-01-02', 'S2', 'WH1', 9, 9)`,
    );
    await bumpDataVersion(conn);
  });
  wh.close();
}

async function capture(name: string, options: Parameters<typeof query>[1]): Promise<string> {
  let out = '';
  await query(name, options, (text) => (out += text), () => undefined, { isTTY: false });
  return out;
}

/** Runs the ingest CLI, collecting what it prints on stdout and stderr. */
async function ingestCli(paths: string[], db: string, json = false): Promise<{ lines: string[]; errors: string; error?: unknown }> {
  const lines: string[] = [];
  let errors = '';
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (lines.push(String(chunk).trimEnd()), true));
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((errors += String(chunk)), true));
  try {
    await runIngest(paths, { db, json });
    return { lines, errors };
  } catch (error) {
    return { lines, errors, error };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('the CLI beside a running server (admin socket)', () => {
  let dir: string;
  let db: string;
  let server: DuckWarehouse;
  let socket: AdminSocket;
  let direct: string;
  const served: string[] = [];
  let failNext: Error | null = null;
  // the server's scheduler, as the scheduler hook sets it (undefined: started without a config)
  const passes: Array<{ only?: string[]; trigger?: string; skipInbox?: boolean }> = [];
  let pipeline: PipelineControl | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cd-admin-cli-'));
    db = join(dir, 'crossdock.duckdb');
    await seed(db);
    // What the file answers with no server running, before the "server" opens it.
    direct = await capture('inventory', { db, format: 'csv' });
    server = await DuckWarehouse.open(db);
    const real = loadAnalyticsRegistry();
    const registry: DatasetRegistry = {
      ...real,
      streamDataset: (warehouse, name, raw) => {
        served.push(name);
        if (failNext) {
          const err = failNext;
          failNext = null;
          throw err;
        }
        return real.streamDataset(warehouse, name, raw);
      },
    };
    socket = await listenAdminSocket(server, db, () => new Date('2025-01-03T00:00:00Z'), registry, () => pipeline);
  }, 60_000);

  afterAll(async () => {
    await socket.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('listens on a socket beside the database that only its owner may use', () => {
    expect(socket.path).toBe(join(dir, '.crossdock.duckdb.admin.sock'));
    expect(statSync(socket.path).isSocket()).toBe(true);
    expect(statSync(socket.path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((name) => name.startsWith('.cdadm-'))).toEqual([]); // the private folder it was bound in is gone
  });

  it('runs `crossdock run` in the server\'s scheduler, with its exit code, and says when the server has none', async () => {
    const config = join(dir, 'crossdock.config.json');
    writeFileSync(config, JSON.stringify({ database: db, baseCurrency: 'USD', locations: [], channels: [] }));
    const said: string[] = [];
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (said.push(String(chunk).trimEnd()), true));
    try {
      await expect(runCommand({ config, only: ['aliexpress'] })).rejects.toMatchObject({ code: 'CD_PIPELINE_OFF', exitCode: 75 });
      pipeline = {
        status: () => [],
        runNow: async (options) => {
          passes.push(options);
          return {
            passId: 'p1',
            streams: [{ key: 'aliexpress/main/orders', runId: 'r1', status: 'failed', rowsRead: 0, rowsLoaded: 0, rowsRejected: 0, watermarkBefore: null, watermarkAfter: null, error: 'aliexpress/main: token refused', exitCode: 78, transient: false }],
            inbox: [],
          };
        },
      };
      process.exitCode = undefined;
      await runCommand({ config, only: ['aliexpress'], inbox: false });
      expect(passes).toEqual([{ only: ['aliexpress'], trigger: 'cli', skipInbox: true }]);
      expect(said.join('\n')).toMatch(/^failed\s+aliexpress\/main\/orders: 0 read, 0 loaded, 0 rejected/m);
      expect(process.exitCode).toBe(78);
    } finally {
      stdout.mockRestore();
      process.exitCode = undefined;
      pipeline = undefined;
    }
  });

  it('answers a query through the server with the rows the file gives directly', async () => {
    const before = served.length;
    const csv = await capture('inventory', { db, format: 'csv' });
    expect(served.length).toBe(before + 1);
    expect(csv).toBe(direct);
    const lines = csv.trimEnd().split('\r\n');
    const header = lines[0].split(',');
    const onHand = header.indexOf('on_hand_units');
    expect(lines.slice(1).map((l) => [l.split(',')[0], l.split(',')[onHand]])).toEqual([['S1', '4'], ['S2', '9']]);
  });

  it('applies --columns, --sort and --limit to the served rows', async () => {
    const csv = await capture('inventory', { db, format: 'csv', columns: 'on_hand_units,sku', sort: 'on_hand_units:desc', limit: '1' });
    expect(csv).toBe('on_hand_units,sku\r\n9,S2\r\n');
  });

  it("gives the server's refusal with its own code and exit code", async () => {
    failNext = new DataError('the marts could not be read', 'CD_TEST_REFUSAL');
    await expect(capture('inventory', { db, format: 'json' })).rejects.toMatchObject({ code: 'CD_TEST_REFUSAL', exitCode: 65, message: 'the marts could not be read' });
  });

  it('loads a file in the server, says unchanged on the same file again and replacing after an edit', async () => {
    const file = join(dir, 'inventory.csv');
    writeFileSync(file, 'snapshot_date,location_id,sku,on_hand,available\n2025-01-02,WH1,NEW1,7,6\n');
    const first = await ingestCli([file], db);
    expect(first.error).toBeUndefined();
    expect(first.lines).toEqual([`${file}: crossdock/inventory, 1 rows read, 1 loaded`]);
    // The server's own connection sees the row, and a query through it finds it (marts caught up).
    expect(await server.all("select on_hand_units from inventory_snapshot where sku = 'NEW1'")).toEqual([{ on_hand_units: 7 }]);
    const csv = await capture('inventory', { db, format: 'csv', filter: ['sku_prefix=NEW'], columns: 'sku,on_hand_units,available_units' });
    expect(csv).toBe('sku,on_hand_units,available_units\r\nNEW1,7,6\r\n');

    const again = await ingestCli([file], db);
    expect(again.lines).toEqual([expect.stringMatching(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: crossdock/inventory, 1 rows read: unchanged, the same contents were loaded \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC$`))]);

    const asJson = await ingestCli([file], db, true);
    expect(asJson.lines.map((line) => JSON.parse(line))).toEqual([
      { file, kind: 'crossdock/inventory', rows_read: 1, rows_loaded: 1, rows_rejected: 0, earlier_load: { status: 'unchanged', loaded_at: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d$/) } },
    ]);

    writeFileSync(file, 'snapshot_date,location_id,sku,on_hand,available\n2025-01-02,WH1,NEW1,8,8\n');
    const edited = await ingestCli([file], db);
    expect(edited.lines).toEqual([expect.stringMatching(/: crossdock\/inventory, 1 rows read, 1 loaded, replacing the version of this file loaded \d{4}-\d\d-\d\d \d\d:\d\d UTC$/)]);
    expect(await server.all("select on_hand_units from inventory_snapshot where sku = 'NEW1'")).toEqual([{ on_hand_units: 8 }]);
  });

  it('refuses an unknown file with the exit code a direct run gives, loading the others', async () => {
    const bad = join(dir, 'titles.csv');
    const good = join(dir, 'more.csv');
    writeFileSync(bad, 'sku,title\nS1,Mug\n');
    writeFileSync(good, 'snapshot_date,location_id,sku,on_hand,available\n2025-01-02,WH1,NEW2,3,3\n');
    const result = await ingestCli([bad, good], db);
    expect(result.error).toMatchObject({ code: 'CD_INGEST_UNKNOWN_REPORT', exitCode: 65, message: '1 of 2 file(s) not loaded (reasons above); the others loaded' });
    expect(result.errors).toContain(`CD_INGEST_UNKNOWN_REPORT: ${bad}: the header matches no supported report: no known kind has most of its columns`);
    expect(result.lines).toEqual([`${good}: crossdock/inventory, 1 rows read, 1 loaded`]);
  });

  it('creates and revokes a token in the server, which honours it at once', async () => {
    const lines = await tokenCreate({ db, role: 'analyst', name: 'excel-anna' });
    const auth = new TokenAuthenticator(server);
    expect(await auth.verify(lines[1])).toMatchObject({ name: 'excel-anna', role: 'analyst' });
    const id = /token ([a-z0-9]{8})/.exec(lines[0])![1];
    expect(await tokenRevoke(id, { db })).toEqual([`revoked 1 token(s): ${id}`]);
    expect(await auth.verify(lines[1])).toBeNull();
  });
});

describe('with no server running', () => {
  it('opens the file itself, even when a killed server left its socket file behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-admin-stale-'));
    const db = join(dir, 'crossdock.duckdb');
    try {
      await seed(db);
      writeFileSync(adminSocketPath(db), ''); // nobody listens here
      const csv = await capture('inventory', { db, format: 'csv', columns: 'sku,on_hand_units' });
      expect(csv).toBe('sku,on_hand_units\r\nS1,4\r\nS2,9\r\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
