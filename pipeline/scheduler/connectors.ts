// The pull connectors, one per channel (each lives in pipeline/channels/<channel>/streams/).
import type { ChannelId } from '../config/schema';
import { connector as aliexpress } from '../channels/aliexpress/streams';
import { connector as amazon } from '../channels/amazon/streams';
import { connector as ebay } from '../channels/ebay/streams';
import { connector as shopify } from '../channels/shopify/streams';
import type { Connector } from './stream';

export const CONNECTORS: Record<ChannelId, Connector<never, never>> = {
  shopify: shopify as unknown as Connector<never, never>,
  ebay: ebay as unknown as Connector<never, never>,
  amazon: amazon as unknown as Connector<never, never>,
  aliexpress: aliexpress as unknown as Connector<never, never>,
};
