// An independent calculator of the analytics datasets for the hand-made world in
// test/fixtures/world: plain loops over the facts read from the report files, written from
// docs/analytics.md and anchors.md part B alone (never from sql/ or pipeline/analytics/).
export { agedInventoryRows, BUCKETS } from './agedInventory';
export type { AgedRow } from './agedInventory';
export { compareRows, formatMismatches, sameValue } from './compare';
export type { Comparison, Mismatch } from './compare';
export { dataQualityRows, defaultAsOf } from './dataQuality';
export type { DataQualityRow } from './dataQuality';
export { inventoryRows } from './inventory';
export type { InventoryRow } from './inventory';
export { buildLedger, fifo, firstActiveDay, period, poolDays } from './ledger';
export type { Ledger, Period } from './ledger';
export { NO_SALES, turnoverRows } from './turnover';
export type { TurnoverGroup, TurnoverRow } from './turnover';
export { readManifest, readWorld } from './world';
export type { FileOptions, World, WorldFile } from './world';
