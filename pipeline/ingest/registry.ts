// Every report file format `crossdock ingest` knows. A report module lives with its channel
// (pipeline/channels/<channel>/files/<report>.ts); adding a format is adding it to this list.
import { allListings } from '../channels/amazon/files/allListings';
import { allOrders } from '../channels/amazon/files/allOrders';
import { customerReturns } from '../channels/amazon/files/customerReturns';
import { fbaInventory } from '../channels/amazon/files/fbaInventory';
import { fxTemplate } from '../channels/crossdock/files/fx';
import { inventoryTemplate } from '../channels/crossdock/files/inventory';
import { listingsTemplate } from '../channels/crossdock/files/listings';
import { locationsTemplate } from '../channels/crossdock/files/locations';
import { returnsTemplate } from '../channels/crossdock/files/returns';
import { skusTemplate } from '../channels/crossdock/files/skus';
import { ordersReport } from '../channels/ebay/files/ordersReport';
import { inventoryExport } from '../channels/shopify/files/inventoryExport';
import { inventoryExportByLocation } from '../channels/shopify/files/inventoryExportByLocation';
import { ordersExport } from '../channels/shopify/files/ordersExport';
import { ReportSpec } from './types';

export const REPORTS: ReportSpec[] = [
  allOrders,
  fbaInventory,
  customerReturns,
  allListings,
  ordersExport,
  inventoryExport,
  inventoryExportByLocation,
  ordersReport,
  locationsTemplate,
  skusTemplate,
  fxTemplate,
  inventoryTemplate,
  listingsTemplate,
  returnsTemplate,
];

export function reportByKind(kind: string): ReportSpec | undefined {
  return REPORTS.find((spec) => spec.kind === kind);
}
