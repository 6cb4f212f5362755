import { FaultInjector } from '../../../pipeline/channels/sandbox/faults';
import { toSandboxListing } from '../../../pipeline/channels/sandbox/seedListings';
import { seededRandom } from '../../../pipeline/channels/sandbox/rng';

describe('sandbox fault injection', () => {
  it('draws the same faults for the same seed', () => {
    const draw = () => {
      const faults = new FaultInjector({ serverErrorRate: 0.2, throttleRate: 0.1, hangRate: 0.05, seed: 42 });
      return Array.from({ length: 50 }, () => faults.requestFault());
    };
    expect(draw()).toEqual(draw());
  });

  it('hits each fault at about its configured rate', () => {
    const faults = new FaultInjector({ serverErrorRate: 0.2, throttleRate: 0.1, seed: 7 });
    const counts: Record<string, number> = {};
    for (let i = 0; i < 20_000; i++) {
      const fault = String(faults.requestFault());
      counts[fault] = (counts[fault] ?? 0) + 1;
    }
    expect(counts.server_error / 20_000).toBeCloseTo(0.2, 1);
    expect(counts.throttle / 20_000).toBeCloseTo(0.1, 1);
    expect(counts.hang).toBeUndefined();
  });

  it('injects nothing with the default knobs', () => {
    const faults = new FaultInjector();
    expect(Array.from({ length: 100 }, () => faults.requestFault()).every((f) => f === null)).toBe(true);
    expect(faults.rowError()).toBe(false);
    expect(faults.latencyMs()).toBe(0);
  });

  it('keeps latency inside a [min, max] range', () => {
    const faults = new FaultInjector({ latencyMs: [5, 9], seed: 3 });
    const values = Array.from({ length: 200 }, () => faults.latencyMs());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...values)).toBeLessThanOrEqual(9);
  });

  it('produces numbers in [0, 1) from a seed', () => {
    const random = seededRandom(1);
    const values = Array.from({ length: 1000 }, random);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(new Set(values).size).toBe(1000);
  });
});

describe('sandbox listing rows', () => {
  it('reads a warehouse listing row, keeping empty ids as null', () => {
    expect(toSandboxListing({ listing_id: 'ebay:EBAY_US:A:merchant', channel: 'ebay', marketplace: 'EBAY_US', sku: 'A', fulfilment: 'merchant', channel_offer_id: '9', channel_listing_id: '', channel_quantity_units: 3 })).toEqual({
      listing_id: 'ebay:EBAY_US:A:merchant',
      channel: 'ebay',
      marketplace: 'EBAY_US',
      sku: 'A',
      fulfilment: 'merchant',
      channel_listing_id: null,
      channel_offer_id: '9',
      channel_inventory_item_id: null,
      channel_location_id: null,
      channel_quantity_units: 3,
    });
  });

  it('refuses a channel it has no sandbox for', () => {
    expect(() => toSandboxListing({ listing_id: 'x', channel: 'walmart', marketplace: 'US', sku: 'A', fulfilment: 'merchant' })).toThrow(/unknown channel/);
  });
});
