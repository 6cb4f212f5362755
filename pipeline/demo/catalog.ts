// The demo seller's world: product catalogue (SKUs with cost, lead time, MOQ), stock locations,
// and which channel listings each SKU has and which location feeds them. Pure: a seeded Rng in,
// plain data out.
import { Rng, UPPER_ALNUM } from './random';
import { CategoryKey, DemandGroup } from './seasonality';

export type Channel = 'amazon' | 'ebay' | 'shopify' | 'aliexpress' | 'mercadolibre' | 'shopee';
export type Fulfilment = 'fba' | 'merchant';
export type LocationId = 'FBA-US' | 'FBA-DE' | '3PL-US' | '3PL-UK' | 'OWN-CN';

export interface Location {
  id: LocationId;
  name: string;
  kind: 'fba' | '3pl' | 'own';
  country: string;
  poolId: string;
  settable: boolean;
  /** days from OWN-CN to here (mean, sd); OWN-CN itself is supplied by the factories */
  transit: [number, number];
}

export const LOCATIONS: Location[] = [
  { id: 'FBA-US', name: 'Amazon FBA US', kind: 'fba', country: 'US', poolId: 'FBA-NA', settable: false, transit: [30, 5] },
  { id: 'FBA-DE', name: 'Amazon FBA DE (Pan-EU)', kind: 'fba', country: 'DE', poolId: 'FBA-EU', settable: false, transit: [36, 6] },
  { id: '3PL-US', name: 'Lone Star Fulfillment Dallas (3PL)', kind: '3pl', country: 'US', poolId: '3PL-US', settable: true, transit: [26, 4] },
  { id: '3PL-UK', name: 'Midlands Fulfilment Coventry (3PL)', kind: '3pl', country: 'GB', poolId: '3PL-UK', settable: true, transit: [32, 5] },
  { id: 'OWN-CN', name: 'Shenzhen Warehouse', kind: 'own', country: 'CN', poolId: 'OWN-CN', settable: true, transit: [0, 0] },
];

/**
 * The own store's marketplace code. Shopify's exports do not name the shop, and `crossdock ingest`
 * files Shopify orders under its --marketplace (default US), so listings use the same code.
 */
export const SHOPIFY_MARKETPLACE = 'US';

interface CategoryDef {
  key: CategoryKey;
  label: string;
  prefix: string;
  brand: string;
  nouns: string[];
  adjectives: string[];
  priceUsd: [number, number];
  variants: 'size' | 'color' | 'none';
  weight: number;
  leadTimeDays: [number, number];
  moq: number[];
  casePack: number[];
  hsCode: string;
  /** cubic feet per unit, for the FBA MYI report */
  volume: [number, number];
}

export const CATEGORIES: Record<CategoryKey, CategoryDef> = {
  apparel: {
    key: 'apparel', label: 'Apparel', prefix: 'APP', brand: 'Northpeak', weight: 0.3, variants: 'size',
    nouns: ['Merino Crew Tee', 'Fleece Quarter-Zip', 'Running Shorts', 'Rain Shell Jacket', 'Thermal Leggings', 'Packable Down Vest', 'Hiking Socks 3-Pack', 'Linen Shirt', 'Yoga Joggers', 'Softshell Pants', 'Beanie', 'Hoodie'],
    adjectives: ['Classic', 'Trail', 'Urban', 'Alpine', 'Everyday', 'Coastal', 'Lightweight', 'Heritage'],
    priceUsd: [14.99, 59.99], leadTimeDays: [35, 55], moq: [200, 300, 500], casePack: [20, 25, 50], hsCode: '6109.10', volume: [0.03, 0.12],
  },
  electronics: {
    key: 'electronics', label: 'Electronics Accessories', prefix: 'ELE', brand: 'VoltNest', weight: 0.22, variants: 'color',
    nouns: ['USB-C Cable 2m', '65W GaN Charger', 'Magnetic Phone Mount', 'Wireless Charging Pad', 'Bluetooth Tracker', 'Laptop Stand', 'Power Bank 10000mAh', 'HDMI Adapter', 'Earbud Case', 'Cable Organizer', 'Smart Plug', 'Webcam Cover 3-Pack'],
    adjectives: ['Pro', 'Slim', 'Braided', 'Compact', 'Fast', 'Travel', 'Dual', 'Ultra'],
    priceUsd: [9.99, 69.99], leadTimeDays: [25, 45], moq: [300, 500, 1000], casePack: [50, 100], hsCode: '8544.42', volume: [0.01, 0.08],
  },
  home: {
    key: 'home', label: 'Home & Kitchen', prefix: 'HOM', brand: 'Homestead Lane', weight: 0.18, variants: 'color',
    nouns: ['Silicone Spatula Set', 'Bamboo Cutting Board', 'Glass Storage Jars', 'Linen Napkins 4-Pack', 'Ceramic Planter', 'Drawer Organizer', 'Pour-Over Kettle', 'Throw Blanket', 'Spice Rack', 'Bath Mat', 'Coffee Canister', 'Shower Caddy'],
    adjectives: ['Nordic', 'Rustic', 'Modern', 'Essential', 'Stackable', 'Premium', 'Soft', 'Minimal'],
    priceUsd: [12.99, 79.99], leadTimeDays: [30, 50], moq: [200, 300, 500], casePack: [12, 24, 36], hsCode: '3924.10', volume: [0.1, 0.6],
  },
  toys: {
    key: 'toys', label: 'Toys & Games', prefix: 'TOY', brand: 'Tinkerbay', weight: 0.12, variants: 'none',
    nouns: ['Magnetic Tiles 60pc', 'Wooden Train Set', 'Card Game', 'Plush Fox', 'Stacking Rainbow', 'Kinetic Sand Kit', 'Marble Run', 'Puzzle 1000pc', 'Bath Boats', 'Science Kit', 'Building Bricks 500pc', 'Dino Figures 12-Pack'],
    adjectives: ['Deluxe', 'Junior', 'Classic', 'Mini', 'Family', 'Explorer', 'Creative', 'Rainbow'],
    priceUsd: [9.99, 64.99], leadTimeDays: [40, 60], moq: [300, 500, 1000], casePack: [12, 24], hsCode: '9503.00', volume: [0.1, 0.5],
  },
  sports: {
    key: 'sports', label: 'Sports & Outdoors', prefix: 'SPO', brand: 'Kestrel', weight: 0.1, variants: 'color',
    nouns: ['Resistance Bands Set', 'Insulated Bottle 750ml', 'Yoga Mat 6mm', 'Jump Rope', 'Camping Lantern', 'Trekking Poles', 'Dry Bag 20L', 'Foam Roller', 'Cycling Gloves', 'Hammock'],
    adjectives: ['Trail', 'Summit', 'Active', 'Pro', 'Eco', 'Rugged'],
    priceUsd: [12.99, 69.99], leadTimeDays: [30, 50], moq: [200, 500], casePack: [10, 20, 40], hsCode: '9506.91', volume: [0.05, 0.4],
  },
  pet: {
    key: 'pet', label: 'Pet Supplies', prefix: 'PET', brand: 'Pawly', weight: 0.08, variants: 'none',
    nouns: ['Slow Feeder Bowl', 'Dog Harness', 'Cat Scratcher', 'Poop Bag Refills 360', 'Chew Toy Set', 'Pet Hair Remover', 'Travel Water Bottle', 'Cooling Mat', 'Cat Tunnel', 'Grooming Brush'],
    adjectives: ['Comfy', 'Tough', 'Eco', 'Calm', 'Happy', 'Easy'],
    priceUsd: [7.99, 39.99], leadTimeDays: [25, 45], moq: [300, 500, 1000], casePack: [24, 48], hsCode: '4201.00', volume: [0.05, 0.3],
  },
};

const SIZES = ['S', 'M', 'L', 'XL'];
const SIZE_SHARE = [0.2, 0.32, 0.3, 0.18];
const COLORS: Array<[string, string]> = [['Black', 'BLK'], ['White', 'WHT'], ['Grey', 'GRY'], ['Navy', 'NVY'], ['Sage', 'SGE'], ['Sand', 'SND']];

/** How a SKU sells over the simulated window. */
export type DemandClass = 'regular' | 'slow' | 'dead' | 'new';

export interface Sku {
  index: number;
  sku: string;
  title: string;
  productTitle: string;
  handle: string;
  option: { name: string; value: string } | null;
  category: CategoryKey;
  unitCost: number;
  costCurrency: 'CNY' | 'USD';
  leadTimeDays: number;
  leadTimeSdDays: number;
  moq: number;
  casePack: number;
  priceUsd: number;
  priceEur: number;
  priceGbp: number;
  /** expected units per day over all channels at a seasonality factor of 1 */
  baseRate: number;
  demandClass: DemandClass;
  /** index of the first simulated day the SKU exists (0 = from the start) */
  launchOffset: number;
  /** a listing whose photos/description mislead: many NOT_AS_DESCRIBED returns */
  badListing: boolean;
  asin: string;
  fnsku: string;
  volume: number;
}

export interface Listing {
  sku: Sku;
  channel: Channel;
  marketplace: string;
  fulfilment: Fulfilment;
  location: LocationId;
  group: DemandGroup | null;
  /** share of the SKU's base demand this listing gets */
  weight: number;
  currency: 'USD' | 'EUR' | 'GBP' | 'MXN' | 'SGD';
  price: number;
  channelListingId: string;
  channelOfferId: string;
  channelInventoryItemId: string;
  channelLocationId: string;
  status: string;
}

export interface Catalog {
  skus: Sku[];
  listings: Listing[];
  /** per SKU: the locations that hold its stock (feeding locations plus OWN-CN) */
  stockedAt: LocationId[][];
}

export interface CatalogOptions {
  skuCount: number;
  /** multiplies every SKU's demand (order volume beyond the SKU count) */
  rateMultiplier: number;
  days: number;
}

const ending99 = (x: number): number => Math.max(0.99, Math.round(x) - 0.01);

export function buildCatalog(rng: Rng, opts: CatalogOptions): Catalog {
  const skus: Sku[] = [];
  const catKeys = Object.keys(CATEGORIES) as CategoryKey[];
  const catWeights = catKeys.map((k) => CATEGORIES[k].weight);
  const productNo: Record<string, number> = {};
  let hasDead = false;

  while (skus.length < opts.skuCount) {
    const def = CATEGORIES[catKeys[rng.weighted(catWeights)]];
    const no = (productNo[def.key] = (productNo[def.key] ?? 0) + 1);
    const noun = def.nouns[(no - 1) % def.nouns.length];
    const adjective = def.adjectives[Math.floor((no - 1) / def.nouns.length) % def.adjectives.length];
    const generation = Math.floor((no - 1) / (def.nouns.length * def.adjectives.length));
    const productTitle = `${def.brand} ${adjective} ${noun}${generation > 0 ? ` Gen ${generation + 1}` : ''}`;
    const handle = productTitle.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    const code = `${def.prefix}-${String(no).padStart(4, '0')}`;
    const priceUsd = ending99(rng.range(def.priceUsd[0], def.priceUsd[1]));
    const costShare = rng.range(0.22, 0.36);
    const costInCny = rng.chance(0.8);
    const leadTime = rng.int(def.leadTimeDays[0], def.leadTimeDays[1]);
    const moq = rng.pick(def.moq);
    const casePack = rng.pick(def.casePack);
    const volume = rng.range(def.volume[0], def.volume[1]);

    // Product-level popularity; variants split it.
    const r = rng.next();
    // at least one dead product even in a small catalogue
    const forceDead = !hasDead && skus.length >= opts.skuCount / 2;
    const demandClass: DemandClass = forceDead || r < 0.045 ? 'dead' : r < 0.2 ? 'slow' : r < 0.24 ? 'new' : 'regular';
    if (demandClass === 'dead') hasDead = true;
    const productRate =
      demandClass === 'dead' ? 0 : demandClass === 'slow' ? rng.range(0.01, 0.07) : Math.min(60, Math.exp(rng.normal(Math.log(1.55), 1.0)));
    const launchOffset =
      demandClass === 'new' ? Math.max(0, opts.days - rng.int(20, 75)) : demandClass === 'regular' && rng.chance(0.15) ? rng.int(30, Math.max(31, opts.days - 120)) : 0;

    let variants: Array<{ name: string; value: string; code: string; share: number }>;
    if (def.variants === 'size') {
      const color = rng.pick(COLORS);
      variants = SIZES.map((s, i) => ({ name: 'Size', value: s, code: `${color[1]}-${s}`, share: SIZE_SHARE[i] }));
    } else if (def.variants === 'color' && rng.chance(0.45)) {
      const n = rng.int(2, 3);
      const start = rng.int(0, COLORS.length - 1);
      variants = [];
      for (let i = 0; i < n; i++) {
        const c = COLORS[(start + i) % COLORS.length];
        variants.push({ name: 'Color', value: c[0], code: c[1], share: i === 0 ? 0.5 : 0.5 / (n - 1) });
      }
    } else {
      variants = [{ name: 'Title', value: 'Default Title', code: '', share: 1 }];
    }

    for (const v of variants) {
      if (skus.length >= opts.skuCount) break;
      const single = v.name === 'Title';
      skus.push({
        index: skus.length,
        sku: single ? code : `${code}-${v.code}`,
        title: single ? productTitle : `${productTitle} - ${v.value}`,
        productTitle,
        handle,
        option: single ? null : { name: v.name, value: v.value },
        category: def.key,
        unitCost: costInCny ? Math.round(priceUsd * costShare * 7.1 * 100) / 100 : Math.round(priceUsd * costShare * 100) / 100,
        costCurrency: costInCny ? 'CNY' : 'USD',
        leadTimeDays: leadTime,
        leadTimeSdDays: Math.round(leadTime * rng.range(0.08, 0.25) * 10) / 10,
        moq,
        casePack,
        priceUsd,
        priceEur: ending99(priceUsd * 0.96),
        priceGbp: ending99(priceUsd * 0.82),
        baseRate: productRate * v.share * opts.rateMultiplier,
        demandClass,
        launchOffset,
        badListing: false,
        asin: 'B0' + rng.chars(UPPER_ALNUM, 8),
        fnsku: 'X00' + rng.chars(UPPER_ALNUM, 7),
        volume: Math.round(volume * 100) / 100,
      });
    }
  }

  // A couple of popular apparel/electronics products whose listing misleads (wrong photos,
  // wrong material): their returns are mostly NOT_AS_DESCRIBED.
  const candidates = [...new Set(skus.filter((s) => s.demandClass === 'regular' && s.launchOffset === 0 && (s.category === 'apparel' || s.category === 'electronics')).map((s) => s.handle))];
  const rateOf = new Map<string, number>();
  for (const s of skus) rateOf.set(s.handle, (rateOf.get(s.handle) ?? 0) + s.baseRate);
  candidates.sort((a, b) => rateOf.get(b)! - rateOf.get(a)! || (a < b ? -1 : 1));
  for (const handle of [candidates[1], candidates[4]]) for (const s of skus) if (handle !== undefined && s.handle === handle) s.badListing = true;

  const listings: Listing[] = [];
  const stockedAt: LocationId[][] = [];
  const shopifyLocationGid = 'gid://shopify/Location/7' + rng.digits(10);
  for (const sku of skus) {
    const at = new Set<LocationId>(['OWN-CN']);
    const add = (l: Omit<Listing, 'sku' | 'status'> & { status?: string }): void => {
      listings.push({ sku, status: 'Active', ...l });
      at.add(l.location);
    };
    const ids = (): Pick<Listing, 'channelListingId' | 'channelOfferId' | 'channelInventoryItemId' | 'channelLocationId'> => ({
      channelListingId: sku.asin,
      channelOfferId: rng.digits(4) + rng.chars(UPPER_ALNUM, 7),
      channelInventoryItemId: '',
      channelLocationId: '',
    });
    const r = rng.next();
    if (r < 0.82) add({ channel: 'amazon', marketplace: 'US', fulfilment: 'fba', location: 'FBA-US', group: 'amazon-US', weight: 1.0, currency: 'USD', price: sku.priceUsd, ...ids() });
    else if (r < 0.96) add({ channel: 'amazon', marketplace: 'US', fulfilment: 'merchant', location: '3PL-US', group: 'amazon-US', weight: 0.4, currency: 'USD', price: sku.priceUsd, ...ids() });
    const d = rng.next();
    if (d < 0.52) add({ channel: 'amazon', marketplace: 'DE', fulfilment: 'fba', location: 'FBA-DE', group: 'amazon-DE', weight: 0.42, currency: 'EUR', price: sku.priceEur, ...ids() });
    else if (d < 0.7) add({ channel: 'amazon', marketplace: 'DE', fulfilment: 'merchant', location: '3PL-UK', group: 'amazon-DE', weight: 0.18, currency: 'EUR', price: sku.priceEur, ...ids() });
    const ebayIds = (loc: LocationId): Pick<Listing, 'channelListingId' | 'channelOfferId' | 'channelInventoryItemId' | 'channelLocationId'> => ({
      channelListingId: '2' + rng.digits(11),
      channelOfferId: '5' + rng.digits(9),
      channelInventoryItemId: '',
      channelLocationId: loc,
    });
    if (rng.chance(0.58)) add({ channel: 'ebay', marketplace: 'US', fulfilment: 'merchant', location: '3PL-US', group: 'ebay-US', weight: 0.38, currency: 'USD', price: ending99(sku.priceUsd * 0.97), ...ebayIds('3PL-US') });
    if (rng.chance(0.2)) add({ channel: 'ebay', marketplace: 'DE', fulfilment: 'merchant', location: '3PL-UK', group: 'ebay-DE', weight: 0.1, currency: 'EUR', price: sku.priceEur, ...ebayIds('3PL-UK') });
    if (rng.chance(0.88)) {
      add({
        channel: 'shopify', marketplace: SHOPIFY_MARKETPLACE, fulfilment: 'merchant', location: 'OWN-CN', group: 'shopify', weight: 0.45, currency: 'USD', price: sku.priceUsd,
        channelListingId: '4' + rng.digits(13), channelOfferId: '', channelInventoryItemId: 'gid://shopify/InventoryItem/4' + rng.digits(13), channelLocationId: shopifyLocationGid,
      });
    }
    if (rng.chance(0.38)) {
      add({
        channel: 'aliexpress', marketplace: 'GLOBAL', fulfilment: 'merchant', location: 'OWN-CN', group: null, weight: 0, currency: 'USD', price: ending99(sku.priceUsd * 0.85),
        channelListingId: '1005006' + rng.digits(9), channelOfferId: '', channelInventoryItemId: '120000' + rng.digits(11), channelLocationId: '',
      });
    }
    stockedAt.push(LOCATIONS.map((l) => l.id).filter((id) => at.has(id)));
  }
  // Latin America and South-East Asia, shipped cross-border from the Shenzhen warehouse (OWN-CN,
  // stocked for every SKU). Drawn from a fork taken after the loop so that the listings above,
  // and everything generated from them, stay exactly as they were. Small markets: a few % of
  // the orders, sold only through the channels' APIs (the demo seeds their sandboxes).
  const newMarkets = rng.fork(17);
  for (const sku of skus) {
    if (newMarkets.chance(0.3)) {
      listings.push({
        sku, status: 'Active', channel: 'mercadolibre', marketplace: 'MX', fulfilment: 'merchant', location: 'OWN-CN', group: 'mercadolibre-MX', weight: 0.15,
        currency: 'MXN', price: ending99(sku.priceUsd * 18.5), channelListingId: 'MLM' + newMarkets.digits(10), channelOfferId: '', channelInventoryItemId: '', channelLocationId: '',
      });
    }
    if (newMarkets.chance(0.25)) {
      listings.push({
        sku, status: 'Active', channel: 'shopee', marketplace: 'SG', fulfilment: 'merchant', location: 'OWN-CN', group: 'shopee-SG', weight: 0.12,
        currency: 'SGD', price: ending99(sku.priceUsd * 1.35), channelListingId: '2' + newMarkets.digits(10), channelOfferId: '', channelInventoryItemId: '0', channelLocationId: '',
      });
    }
  }
  return { skus, listings, stockedAt };
}
