// A AliExpress account in crossdock.config.json (documented in docs/config.md).
import { z } from 'zod';
import { accountBase, envName, url } from '../contract/config';

export const aliexpressChannel = z.strictObject({
  channel: z.literal('aliexpress'),
  ...accountBase,
  baseUrl: url.default('https://api-sg.aliexpress.com'),
  appKeyEnv: envName,
  appSecretEnv: envName,
  /** The seller's access token (the `session` system parameter). */
  sessionEnv: envName,
  currency: z.string().regex(/^[A-Z]{3}$/).default('USD'),
  marketplace: z.string().min(1).default('global'),
});

export type AliexpressConfig = z.output<typeof aliexpressChannel>;
