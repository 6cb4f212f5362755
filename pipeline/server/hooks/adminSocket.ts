// Every `crossdock serve` (and `npm start`) listens on its local admin socket, so token commands
// (and query, ingest, run) work while the server holds the database (pipeline/server/adminSocket.ts).
import { log } from '../../log';
import { listenAdminSocket } from '../adminSocket';
import type { ServeHook } from '../hooks';

export const serveHook: ServeHook = {
  name: 'admin socket',
  async run({ deps }) {
    if (deps.warehouse.path === ':memory:') return;
    // the scheduler hook may start after this one: read deps.pipeline when a `run` arrives
    const socket = await listenAdminSocket(deps.warehouse, deps.warehouse.path, deps.clock, deps.datasets, () => deps.pipeline);
    log.info({ path: socket.path }, 'admin socket listening (crossdock token, query, ingest and run work while the server runs)');
    return () => socket.close();
  },
};
