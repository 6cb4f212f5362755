// Crossdock's own templates (locations, SKUs, FX rates, stock counts, listings, returns): for
// data no channel report carries, such as a 3PL's stock or a warehouse's own returns log.
import { defineChannel } from '../contract/channel';
import { fxTemplate } from './files/fx';
import { inventoryTemplate } from './files/inventory';
import { listingsTemplate } from './files/listings';
import { locationsTemplate } from './files/locations';
import { returnsTemplate } from './files/returns';
import { skusTemplate } from './files/skus';

export const crossdock = defineChannel({
  id: 'crossdock',
  label: 'Crossdock templates',
  reports: [locationsTemplate, skusTemplate, fxTemplate, inventoryTemplate, listingsTemplate, returnsTemplate],
});
