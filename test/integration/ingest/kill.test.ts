import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeAllOrdersTsv } from '../../../pipeline/bench/ingest';
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import { fixture, ingest } from './helpers';

const ROOT = resolve(__dirname, '../../..');
const COUNTS = `select (select count(*) from order_line) as order_lines, (select count(*) from rejected_row) as rejects,
  (select count(*) from pipeline_run) as runs, (select count(*) from ingested_file) as files, (select count(*) from location) as locations,
  (select setting_value from setting where setting_key = 'data_version') as data_version`;

describe('a kill mid-load', () => {
  // Debug logging prints one line per finished statement: kill a little after a given one.
  it.each([
    ['while DuckDB reads the file', 'cd_bool', 250],
    ['inside the write transaction', 'begin transaction', 30],
  ])('%s leaves the database file as it was before the file', async (_when, marker, delayMs) => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-kill-'));
    const db = join(dir, 'crossdock.duckdb');
    const big = join(dir, 'all_orders_big.tsv');
    await writeAllOrdersTsv(big, 250_000);

    const before = await DuckWarehouse.open(db);
    await ingest(before, [fixture('amazon/all_orders_bad_rows.tsv')]);
    const countsBefore = await before.all(COUNTS);
    before.close();

    const child = spawn(process.execPath, [join(ROOT, 'bin/crossdock.js'), 'ingest', '--db', db, big], {
      cwd: ROOT,
      env: { ...process.env, CROSSDOCK_LOG_LEVEL: 'debug', JEST_WORKER_ID: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const exited = new Promise<NodeJS.Signals | null>((ok) => child.on('exit', (_code, signal) => ok(signal)));
    await new Promise<void>((ok) => {
      child.stderr.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes(marker)) setTimeout(ok, delayMs);
      });
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(stdout).toBe(''); // it never finished

    const after = await DuckWarehouse.open(db);
    expect(await after.all(COUNTS)).toEqual(countsBefore);
    // and the file is whole: the same big file now loads completely
    const [summary] = await ingest(after, [big]);
    expect(summary).toMatchObject({ rows_read: 250_000, rows_loaded: 250_000, rows_rejected: 0 });
    after.close();
  }, 120_000);

  it('inside the write transaction of several files loading together leaves none of them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-kill-batch-'));
    const db = join(dir, 'crossdock.duckdb');
    const folder = join(dir, 'orders');
    mkdirSync(folder);
    const files = ['a.tsv', 'b.tsv', 'c.tsv'].map((name) => join(folder, name));
    for (const [i, file] of files.entries()) await writeAllOrdersTsv(file, 80_000, 100 + i);

    const before = await DuckWarehouse.open(db);
    await ingest(before, [fixture('amazon/all_orders_bad_rows.tsv')]);
    const countsBefore = await before.all(COUNTS);
    before.close();

    const child = spawn(process.execPath, [join(ROOT, 'bin/crossdock.js'), 'ingest', '--db', db, folder], {
      cwd: ROOT,
      env: { ...process.env, CROSSDOCK_LOG_LEVEL: 'debug', JEST_WORKER_ID: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const exited = new Promise<NodeJS.Signals | null>((ok) => child.on('exit', (_code, signal) => ok(signal)));
    await new Promise<void>((ok) => {
      child.stderr.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('begin transaction')) setTimeout(ok, 30);
      });
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(stdout).toBe('');

    const after = await DuckWarehouse.open(db);
    expect(await after.all(COUNTS)).toEqual(countsBefore);
    const summaries = await ingest(after, [folder]);
    expect(summaries.map((s) => s.rows_loaded)).toEqual([80_000, 80_000, 80_000]);
    after.close();
  }, 120_000);
});
