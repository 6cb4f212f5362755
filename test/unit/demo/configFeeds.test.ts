// The shipped demo config (crossdock.config.json) must say what the demo data does: each
// merchant-fulfilled demo listing is fed by the location its stock ships from in the data.
import { join, resolve } from 'node:path';
import { loadConfig } from '../../../pipeline/config/load';
import { buildCatalog } from '../../../pipeline/demo/catalog';
import { Rng } from '../../../pipeline/demo/random';
import { feedLocation } from '../../../pipeline/model/feeds';

const ROOT = resolve(__dirname, '../../..');

describe('the demo config and the demo data', () => {
  it('feed every merchant-fulfilled demo listing from the location the data ships it from', () => {
    const { config } = loadConfig(join(ROOT, 'crossdock.config.json'));
    const catalog = buildCatalog(new Rng(42), { skuCount: 300, rateMultiplier: 1, days: 730 });
    const merchant = catalog.listings.filter((l) => l.fulfilment === 'merchant');
    const byRoute = new Map<string, Set<string>>();
    for (const l of merchant) {
      const route = `${l.channel}/${l.marketplace}`;
      byRoute.set(route, (byRoute.get(route) ?? new Set()).add(l.location));
    }
    // every demo route ships from one location, and the config names that one
    const wrong = [...byRoute].flatMap(([route, locations]) => {
      const [channel, marketplace] = route.split('/');
      const configured = feedLocation(config, { channel, marketplace, fulfilment: 'merchant' });
      return locations.size === 1 && configured === [...locations][0] ? [] : [`${route}: data ${[...locations].join('+')}, config ${configured}`];
    });
    expect(wrong).toEqual([]);
    expect(byRoute.get('shopify/' + merchant.find((l) => l.channel === 'shopify')!.marketplace)).toEqual(new Set(['OWN-CN']));
  });
});
