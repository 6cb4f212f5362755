// A Amazon (SP-API) account in crossdock.config.json (documented in docs/config.md).
import { z } from 'zod';
import { accountBase, envName, url } from '../contract/config';

export const amazonChannel = z.strictObject({
  channel: z.literal('amazon'),
  ...accountBase,
  baseUrl: url.default('https://sellingpartnerapi-na.amazon.com'),
  /** Login with Amazon token endpoint (refresh token → access token). */
  lwaUrl: url.default('https://api.amazon.com/auth/o2/token'),
  marketplaces: z
    .array(z.strictObject({ id: z.string().regex(/^[A-Z0-9]{10,14}$/, 'an SP-API marketplace id such as "ATVPDKIKX0DER"'), code: z.string().regex(/^[A-Z]{2}$/) }))
    .min(1),
  clientIdEnv: envName,
  clientSecretEnv: envName,
  refreshTokenEnv: envName,
  /** Your merchant token (Seller Central → Account info); stock write-back addresses listings with it. */
  sellerId: z.string().regex(/^[A-Z0-9]{8,20}$/, 'the merchant token, e.g. "A2EXAMPLE1234"').optional(),
  /** First wait between getReport polls; it doubles up to 5 minutes (polling fast causes FATAL). */
  reportPollSeconds: z.number().min(0).max(300).default(30),
  /** Give up on a report still queued after this long (the run fails; the watermark stays). */
  reportTimeoutMinutes: z.number().positive().max(24 * 60).default(120),
});

export type AmazonConfig = z.output<typeof amazonChannel>;
