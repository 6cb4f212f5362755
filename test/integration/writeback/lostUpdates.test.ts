// A sale on a channel without compare-and-set (eBay, Amazon, AliExpress) between the sheet's
// refresh and the push: the listing is read right before its write, so the row comes back
// `conflict` with the channel's quantity and a new version, and the sale is not overwritten.
// The last test measures what stays unprotected: the gap between that read and the write.
import type { ChannelId } from '../../../pipeline/channels/contract/writer';
import { StockWriteback } from '../../../pipeline/writeback/service';
import { startWorld, World } from './world';

const manager = { name: 'max', role: 'manager' };

async function refresh(world: World) {
  return world.wh.all<{ listing: string; version: string; quantity: number }>(
    'select listing_version.listing_id as listing, version, channel_quantity_units as quantity from listing_version join listing using (listing_id) order by listing_id',
  );
}

/** The ops each channel reads with before a write, and the write itself. */
const OPS: Record<Exclude<ChannelId, 'shopify'>, { read: string[]; write: string }> = {
  ebay: { read: ['getInventoryItem', 'getOffer'], write: 'bulkUpdatePriceQuantity' },
  amazon: { read: ['getListingsItem'], write: 'patchListingsItem' },
  aliexpress: { read: ['aliexpress.solution.product.info.get'], write: 'aliexpress.solution.batch.product.inventory.update' },
};

describe('a sale between the refresh and the push on a channel without compare-and-set', () => {
  let world: World;
  afterEach(async () => world?.close());

  it.each([
    ['ebay'],
    ['amazon'],
    ['aliexpress'],
  ] as const)('answers %s conflict with the quantity the channel shows and leaves the sale in place', async (channel) => {
    world = await startWorld({ [channel]: 4 });
    const service = new StockWriteback({ warehouse: world.wh, writers: world.writers, config: { verifyIntervalMs: 3_600_000 } });
    const sheet = await refresh(world);
    const edits = sheet.map((row) => ({ listing: row.listing, expected_version: row.version, new_quantity: 12 }));
    expect((await service.plan(edits)).rows.every((r) => r.status === 'ok')).toBe(true);
    const sold = sheet[1];
    world.sandboxes[channel]!.setQuantity(sold.listing, sold.quantity - 1); // a sale on the channel

    const answer = await service.apply(edits, `lost-update-${channel}`, manager);

    const row = answer.rows[1];
    expect(row).toMatchObject({ status: 'conflict', reason_code: 'CHANNEL_CONFLICT', channel_quantity: sold.quantity - 1 });
    expect(row.version).toBeDefined();
    expect(row.version).not.toBe(sold.version);
    expect(world.sandboxes[channel]!.quantity(sold.listing)).toBe(sold.quantity - 1);
    expect(answer.rows.filter((r) => r !== row).map((r) => r.status)).not.toContain('conflict');
    // The sheet shows the channel's number, and an edit made on it goes through.
    const [after] = (await refresh(world)).filter((r) => r.listing === sold.listing);
    expect(after).toEqual({ listing: sold.listing, version: row.version, quantity: sold.quantity - 1 });
    const replan = await service.plan([{ listing: sold.listing, expected_version: after.version, new_quantity: 11 }]);
    expect(replan.rows[0].status).toBe('ok');
  });

  it('measures the read→write gap per channel in the sandbox (the window left unprotected)', async () => {
    world = await startWorld({ ebay: 100, amazon: 20, aliexpress: 100 });
    const service = new StockWriteback({ warehouse: world.wh, writers: world.writers, config: { verifyIntervalMs: 3_600_000 } });
    const edits = (await refresh(world)).map((row) => ({ listing: row.listing, expected_version: row.version, new_quantity: 7 })); // lowers: no eBay raise reads
    const answer = await service.apply(edits, 'gap', manager);
    expect(answer.rows.filter((r) => r.status === 'conflict')).toEqual([]);
    const report: string[] = [];
    for (const [channel, ops] of Object.entries(OPS)) {
      const log = world.sandboxes[channel as ChannelId]!.ctx.callLog;
      const gaps: number[] = [];
      log.forEach((call, i) => {
        if (call.operation !== ops.write) return;
        const read = log.slice(0, i).reverse().find((c) => ops.read.includes(c.operation));
        if (read) gaps.push(call.at_ms - read.at_ms);
      });
      gaps.sort((a, b) => a - b);
      expect(gaps.length).toBeGreaterThan(0);
      const pick = (p: number) => gaps[Math.min(gaps.length - 1, Math.floor(p * gaps.length))].toFixed(1);
      report.push(`${channel} writes=${gaps.length} read→write p50=${pick(0.5)} ms p95=${pick(0.95)} ms max=${gaps[gaps.length - 1].toFixed(1)} ms`);
    }
    process.stdout.write(`READ_WRITE_GAP ${report.join(' | ')}\n`);
  });
});
