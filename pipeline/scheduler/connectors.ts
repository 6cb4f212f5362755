// The pull connectors, one per channel that has accounts (pipeline/channels/index.ts).
import { ACCOUNT_CHANNELS } from '../channels';
import type { Connector } from '../channels/contract/streams';

export const CONNECTORS: Readonly<Record<string, Connector>> = Object.fromEntries(ACCOUNT_CHANNELS.map((channel) => [channel.id, channel.accounts.connector]));
