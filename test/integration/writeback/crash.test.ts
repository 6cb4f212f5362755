// kill -9 mid-apply, restart, reconcile: nothing applied twice, nothing lost silently.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import { IN_FLIGHT_SETTLED_MS } from '../../../pipeline/writeback/recheck';
import { StockWriteback } from '../../../pipeline/writeback/service';
import type { ChannelId, ChannelWriter } from '../../../pipeline/channels/contract/writer';
import { writersFromEnv } from '../../../pipeline/writeback/writers';
import { listingsFromWarehouse } from '../../../pipeline/channels/sandbox/seedListings';
import { sandboxQuantities, seedListings, startSandboxesFor, worldListings, type AnySandbox } from './world';

const ROOT = join(__dirname, '../../..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Wraps writers so the test can see whether recovery sent anything (it must only read). */
function countingPushes(writers: Partial<Record<ChannelId, ChannelWriter>>) {
  let pushes = 0;
  const wrapped: Partial<Record<ChannelId, ChannelWriter>> = {};
  for (const [channel, writer] of Object.entries(writers) as [ChannelId, ChannelWriter][]) {
    wrapped[channel] = {
      channel: writer.channel,
      maxRowsPerCall: writer.maxRowsPerCall,
      appliesSynchronously: writer.appliesSynchronously,
      push: (rows, options) => {
        pushes++;
        return writer.push(rows, options);
      },
      read: (rows) => writer.read(rows),
    };
  }
  return { writers: wrapped, pushes: () => pushes };
}

describe('a server killed with SIGKILL in the middle of an apply', () => {
  let dir: string;
  let sandboxes: Partial<Record<ChannelId, AnySandbox>> = {};
  afterEach(async () => {
    await Promise.all(Object.values(sandboxes).map((s) => s?.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('is reconciled on restart from the channels: every row applied exactly as shown, or failed explicitly', async () => {
    dir = mkdtempSync(join(tmpdir(), 'crossdock-crash-'));
    const dbPath = join(dir, 'crossdock.duckdb');
    const seed = await DuckWarehouse.open(dbPath);
    // Amazon is left out: settling its rows reads them at 5/s, which the sandboxes tests cover.
    await seedListings(seed, worldListings({ shopify: 600, ebay: 400, aliexpress: 400 }, 10));
    const listings = await listingsFromWarehouse({ all: (sql) => seed.all(sql) });
    const edits = (await seed.all<{ listing: string; version: string }>('select listing_id as listing, version from listing_version order by listing_id')).map(
      (row, i) => ({ listing: row.listing, expected_version: row.version, new_quantity: 100 + (i % 50) }),
    );
    seed.close();

    // Slow channels, so the kill lands while batches are still being sent.
    const started = await startSandboxesFor(listings, { faults: { latencyMs: 40 } });
    sandboxes = started.sandboxes;
    writeFileSync(join(dir, 'env.json'), JSON.stringify(started.env));
    writeFileSync(join(dir, 'edits.json'), JSON.stringify(edits));

    const child = spawn(process.execPath, ['-r', 'tsx/cjs', join(__dirname, 'applyChild.ts'), dbPath, join(dir, 'env.json'), join(dir, 'edits.json'), 'crash-push'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CROSSDOCK_LOG_LEVEL: 'silent' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    // Kill once eBay has taken a few of its 16 calls (Shopify's 3 calls run alongside).
    const deadline = Date.now() + 60_000;
    while ((sandboxes.ebay?.callCount('bulkUpdatePriceQuantity') ?? 0) < 5) {
      if (Date.now() > deadline) throw new Error(`the child never reached the channels: ${stderr}`);
      await sleep(2);
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // Restart: a new process opens the same file and reconciles before taking work.
    const wh = await DuckWarehouse.open(dbPath);
    const left = await wh.all<{ change_status: string; n: number }>('select change_status, count(*)::integer as n from stock_change group by 1 order by 1');
    expect(left.some((r) => r.change_status === 'pending' || r.change_status === 'sent')).toBe(true); // it really died mid-apply
    const recovery = countingPushes(writersFromEnv(started.env));
    // The verification timeout stays at its 30 minutes: these channels apply a write before they
    // answer, so a row they do not show is settled as soon as its call can no longer be in flight.
    let skew = 0;
    const service = new StockWriteback({ warehouse: wh, writers: recovery.writers, clock: () => new Date(Date.now() + skew), config: { verifyIntervalMs: 3_600_000 } });
    const report = await service.start();
    expect(report.sets).toBe(1);
    skew = IN_FLIGHT_SETTLED_MS + 1_000; // the first verifier pass after the in-flight time
    await service.verifyOnce();
    await service.stop();
    expect(recovery.pushes()).toBe(0);

    const rows = await wh.all<{ listing_id: string; change_status: string; asked_quantity_units: number; reason_code: string | null }>(
      'select listing_id, change_status, asked_quantity_units, reason_code from stock_change',
    );
    expect(rows).toHaveLength(1400); // a ledger entry for every edit
    const shown = sandboxQuantities({ sandboxes });
    let applied = 0;
    for (const row of rows) {
      const quantity = shown.get(row.listing_id);
      if (row.change_status === 'applied') {
        applied++;
        expect([row.listing_id, quantity]).toEqual([row.listing_id, row.asked_quantity_units]);
      } else {
        // Never silently lost: a row the channel shows is applied; every other row failed explicitly.
        expect([row.listing_id, row.change_status, quantity]).toEqual([row.listing_id, 'failed', 10]);
        expect(['NOT_SENT', 'NOT_APPLIED']).toContain(row.reason_code);
      }
    }
    expect(applied).toBeGreaterThan(0);
    expect(applied).toBeLessThan(1400);
    expect(await wh.all('select set_status from stock_change_set')).toEqual([{ set_status: 'interrupted' }]);

    // The same Idempotency-Key answers the reconciled result and sends nothing.
    const again = await new StockWriteback({ warehouse: wh, writers: recovery.writers }).apply(edits, 'crash-push', { name: 'child', role: 'manager' });
    expect(again.rows.filter((r) => r.status === 'applied')).toHaveLength(applied);
    expect(recovery.pushes()).toBe(0);
    wh.close();
  });
});
