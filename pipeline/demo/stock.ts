// Stock of one SKU at one location, end-of-day semantics as the crossdock-inventory template
// defines them: on_hand = available + reserved + unfulfillable; inbound = units on the way.

export interface Inbound {
  day: number;
  qty: number;
}

/** Ship delays are at most a few days, so reservations sit in a small ring indexed by day. */
const RING = 8;

export class Stock {
  available = 0;
  reserved = 0;
  unfulfillable = 0;
  /** units promised to oversold orders, shipped when stock arrives */
  backordered = 0;
  inbound: Inbound[] = [];
  /** arrivals before this day wait (a held inbound shipment, a receiving backlog) */
  heldUntil = -1;
  /** the planner sends nothing here before this day (a replenishment plan gone wrong) */
  skipReplenishUntil = -1;
  private readonly shipping = new Int32Array(RING);

  inboundUnits(): number {
    let n = 0;
    for (const i of this.inbound) n += i.qty;
    return n;
  }

  /** Start of day: reserved units whose ship day is today leave; due inbound arrives. */
  startDay(day: number): number {
    const slot = day % RING;
    this.reserved -= this.shipping[slot];
    this.shipping[slot] = 0;
    let received = 0;
    if (this.inbound.length > 0 && day >= this.heldUntil) {
      for (let i = this.inbound.length - 1; i >= 0; i--) {
        if (this.inbound[i].day <= day) {
          received += this.inbound[i].qty;
          this.inbound.splice(i, 1);
        }
      }
      this.available += received;
    }
    if (this.backordered > 0 && this.available > 0) {
      const served = Math.min(this.backordered, this.available);
      this.available -= served;
      this.backordered -= served;
      this.reserveUntil(day, day + 1, served);
    }
    return received;
  }

  /** Takes up to `qty` sellable units; returns how many were there. */
  take(qty: number): number {
    const got = Math.min(qty, this.available);
    this.available -= got;
    return got;
  }

  /** Units already taken stay reserved until their ship day (not at all when shipped today). */
  reserveUntil(today: number, shipDay: number, qty: number): void {
    if (shipDay <= today) return;
    if (shipDay - today >= RING) throw new Error('ship delay beyond the reservation ring');
    this.reserved += qty;
    this.shipping[shipDay % RING] += qty;
  }

  onHand(): number {
    return this.available + this.reserved + this.unfulfillable;
  }
}
