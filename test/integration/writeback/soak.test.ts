// Injected-fault soak: 5,000 edits across the channel sandboxes while every channel answers 20%
// of requests with a 5xx and 20% with a 429. Rows the writers could not land are retried the way
// a manager would ("Retry failed": fresh versions, a new Idempotency-Key). It must end with every
// channel showing the asked quantity for each row that did not conflict, conflicting rows left as
// the channel had them, and a ledger entry for every edit. Only Shopify has compare-and-set: a
// quantity changed on eBay/Amazon/AliExpress behind our back is overwritten (docs/writeback.md).
// The channels' rate limits are off here (the benchmark runs with them on): what is tested is
// fault handling, and Amazon's 5 reads/s would make verifying its rows take minutes.
import { sandboxWriters } from '../../../pipeline/channels/sandbox/start';
import { StockWriteback } from '../../../pipeline/writeback/service';
import type { ApplyRowResult } from '../../../pipeline/writeback/results';
import { sandboxQuantities, startWorld, World, WORLD_CHANNELS } from './world';

const EDITS = 5000;
const manager = { name: 'soak', role: 'manager' };

describe('write-back soak with injected faults', () => {
  let world: World;
  afterEach(async () => world?.close());

  it(`lands ${EDITS} edits through 20% 5xx and 20% 429 on every channel`, async () => {
    const perChannel = Math.ceil(EDITS / WORLD_CHANNELS.length);
    world = await startWorld(Object.fromEntries(WORLD_CHANNELS.map((c) => [c, perChannel])), {
      faults: { serverErrorRate: 0.2, throttleRate: 0.2, retryAfterSeconds: 0.05, seed: 4242 },
      rateLimits: false,
      amazon: { applyDelayMs: 300, feedQueueMs: 100, feedProcessingMs: 200 },
    });
    // Same writers, quicker clocks: back-off from 50 ms, Amazon polled and read fast (no limits here).
    const fast = { ratePerSecond: 500, burst: 50 };
    world.writers = sandboxWriters(world.started, {
      http: { backoff: { baseMs: 50, maxMs: 2000 } },
      own: { amazon: { limits: { feedPollIntervalMs: 100, concurrency: 16, rates: { getListingsItem: fast, patchListingsItem: fast } } } },
    });
    // The apply answers when every channel has: a round answered early (20 s on a busy machine) would
    // leave its rows claimed, and the next round's retries refused IN_FLIGHT.
    const service = new StockWriteback({ warehouse: world.wh, writers: world.writers, config: { verifyIntervalMs: 3_600_000, verifyTimeoutMs: 120_000, answerWithinMs: 3_600_000 } });
    const ids = (await world.wh.all<{ listing_id: string }>('select listing_id from listing order by listing_id')).map((r) => r.listing_id).slice(0, EDITS);
    const asked = new Map(ids.map((id, i) => [id, 20 + (i % 37)]));
    // 1 in 50 listings is changed on the channel itself after the sheet was refreshed.
    const changedOnChannel = new Set(ids.filter((_, i) => i % 50 === 7));
    for (const id of changedOnChannel) world.sandboxes[id.split(':')[0] as keyof World['sandboxes']]!.setQuantity(id, 3);

    let todo = ids;
    const final = new Map<string, ApplyRowResult>();
    for (let round = 1; round <= 6 && todo.length > 0; round++) {
      const versions = new Map((await world.wh.all<{ listing_id: string; version: string }>('select listing_id, version from listing_version')).map((r) => [r.listing_id, r.version]));
      const body = todo.map((id) => ({ listing: id, expected_version: versions.get(id), new_quantity: asked.get(id) }));
      const answer = await service.apply(body, `soak-round-${round}`, manager);
      // A channel still working when the answer time ran out (a busy machine) finishes behind the
      // answer: wait for it, so the next round never meets its own listings still in flight.
      await service.settled();
      Object.assign(answer, await service.apply(body, `soak-round-${round}`, manager));
      // Amazon-style accepted rows: let the verifier settle them.
      for (let i = 0; i < 200 && answer.rows.some((r) => r.status === 'pending_verification'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 400)); // Amazon shows accepted rows after 300 ms
        await service.verifyOnce();
        Object.assign(answer, await service.apply(body, `soak-round-${round}`, manager));
      }
      for (const row of answer.rows) final.set(row.listing, row);
      todo = answer.rows.filter((r) => r.status === 'failed' && r.retryable).map((r) => r.listing);
    }

    const shown = sandboxQuantities(world);
    const byStatus: Record<string, number> = {};
    // Every channel but Amazon's feed path catches a change on the channel (Shopify by CAS, eBay and
    // AliExpress by reading before the write, Amazon patches of a retry round likewise).
    const conflicts = ids.filter((id) => changedOnChannel.has(id) && (!id.startsWith('amazon:') || final.get(id)!.status === 'conflict'));
    for (const id of ids) {
      const row = final.get(id)!;
      byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
      if (conflicts.includes(id)) {
        expect([id, row.status, shown.get(id)]).toEqual([id, 'conflict', 3]);
      } else {
        expect([id, row.status, shown.get(id)]).toEqual([id, 'applied', asked.get(id)]);
      }
    }
    expect(conflicts.length).toBeGreaterThan(0);
    expect(byStatus).toEqual({ applied: EDITS - conflicts.length, conflict: conflicts.length });
    const ledger = await world.wh.all<{ listings: number; open: number }>(
      "select count(distinct listing_id)::integer as listings, count(*) filter (where change_status in ('pending', 'sent', 'pending_verification'))::integer as open from stock_change",
    );
    expect(ledger).toEqual([{ listings: EDITS, open: 0 }]);
  }, 600_000);
});
