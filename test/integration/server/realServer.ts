// The server over the real analytics module (pipeline/analytics) and a given warehouse, with an
// analyst's token: what the tests of real datasets through HTTP start from.
import { loadAnalyticsRegistry } from '../../../pipeline/server/analyticsRegistry';
import { buildServer } from '../../../pipeline/server/app';
import { createToken, TokenAuthenticator } from '../../../pipeline/server/auth/tokenStore';
import type { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import { NOW, SERVER_ROUTES } from './fakes';

export async function realAnalyticsServer(warehouse: DuckWarehouse): Promise<{ app: Awaited<ReturnType<typeof buildServer>>; auth: { authorization: string } }> {
  const { token } = await createToken(warehouse, { name: 'anna', role: 'analyst', now: NOW });
  const app = await buildServer(
    {
      warehouse,
      datasets: loadAnalyticsRegistry(),
      auth: new TokenAuthenticator(warehouse, () => NOW),
      config: { allowedOrigins: [], addinDir: '/nonexistent', bodyLimitBytes: 65536, version: 'test', https: false, instanceId: 'it' },
      clock: () => NOW,
    },
    { routes: SERVER_ROUTES },
  );
  return { app, auth: { authorization: `Bearer ${token}` } };
}
