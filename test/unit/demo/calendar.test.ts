import { Calendar, dayInfo, parseDay, retailEvents, shopifyTimestamp } from '../../../pipeline/demo/calendar';
import { ebayMoney } from '../../../pipeline/demo/formats/ebay';
import { money } from '../../../pipeline/demo/formats/text';
import { Rng } from '../../../pipeline/demo/random';

const iso = (day: number) => dayInfo(day).iso;

describe('demo calendar', () => {
  it('finds Thanksgiving, Black Friday, Cyber Monday and Prime Day of 2026', () => {
    const e = retailEvents(2026);
    expect(iso(e.thanksgiving)).toBe('2026-11-26'); // 1 Nov 2026 is a Sunday: Thursdays 5, 12, 19, 26
    expect(iso(e.blackFriday)).toBe('2026-11-27');
    expect(iso(e.cyberMonday)).toBe('2026-11-30');
    expect(iso(e.primeDay)).toBe('2026-07-14'); // 1 Jul 2026 is a Wednesday: Tuesdays 7, 14
    expect(iso(e.singlesDay)).toBe('2026-11-11');
  });

  it('spells eBay dates as Mon-DD-YY', () => {
    expect(dayInfo(parseDay('2024-11-26')).ebay).toBe('Nov-26-24');
    expect(dayInfo(parseDay('2026-01-05')).ebay).toBe('Jan-05-26');
  });

  it('writes Shopify times in New York time, switching offset at the US DST boundaries', () => {
    const cal = new Calendar(parseDay('2026-01-01'), parseDay('2026-12-31'));
    const ts = (s: string) => Date.parse(s) / 1000;
    expect(shopifyTimestamp(cal, ts('2026-03-08T06:59:59Z'))).toBe('2026-03-08 01:59:59 -0500');
    expect(shopifyTimestamp(cal, ts('2026-03-08T07:00:00Z'))).toBe('2026-03-08 03:00:00 -0400');
    expect(shopifyTimestamp(cal, ts('2026-11-01T05:59:59Z'))).toBe('2026-11-01 01:59:59 -0400');
    expect(shopifyTimestamp(cal, ts('2026-11-01T06:00:00Z'))).toBe('2026-11-01 01:00:00 -0500');
  });
});

describe('demo money spelling', () => {
  it('writes eBay money as $1,234.50 and EUR 1.234,50', () => {
    expect(ebayMoney(1234.5, 'USD')).toBe('$1,234.50');
    expect(ebayMoney(9.99, 'USD')).toBe('$9.99');
    expect(ebayMoney(1234.5, 'EUR')).toBe('EUR 1.234,50');
    expect(ebayMoney(12.99, 'EUR')).toBe('EUR 12,99');
  });

  it('rounds to the cent half away from zero', () => {
    expect(money(0.005)).toBe('0.01');
    expect(money(12.9)).toBe('12.90');
    expect(money(99.995)).toBe('100.00');
    expect(money(-3.2)).toBe('-3.20');
  });
});

describe('demo random numbers', () => {
  it('repeats the same stream for the same seed and differs for another', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 5 }, () => a.u32());
    expect(Array.from({ length: 5 }, () => b.u32())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.u32())).not.toEqual(sa);
  });

  it('draws Poisson counts whose mean matches the rate', () => {
    const rng = new Rng(1);
    for (const mean of [0.3, 4, 60]) {
      let sum = 0;
      for (let i = 0; i < 20000; i++) sum += rng.poisson(mean);
      expect(sum / 20000).toBeCloseTo(mean, mean < 1 ? 1 : 0);
    }
  });
});
