// Every report file format `crossdock ingest` knows. A report module lives with its channel
// (pipeline/channels/<channel>/files/<report>.ts); adding a format is adding it to this list.
import { allListings } from '../channels/amazon/files/allListings';
import { allOrders } from '../channels/amazon/files/allOrders';
import { customerReturns } from '../channels/amazon/files/customerReturns';
import { fbaInventory } from '../channels/amazon/files/fbaInventory';
import { ReportSpec } from './types';

export const REPORTS: ReportSpec[] = [allOrders, fbaInventory, customerReturns, allListings];

export function reportByKind(kind: string): ReportSpec | undefined {
  return REPORTS.find((spec) => spec.kind === kind);
}
