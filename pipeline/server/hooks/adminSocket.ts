// Every `crossdock serve` (and `npm start`) listens on its local admin socket, so token commands
// work while the server holds the database (pipeline/server/adminSocket.ts).
import { log } from '../../log';
import { listenAdminSocket } from '../adminSocket';
import type { ServeHook } from '../hooks';

export const serveHook: ServeHook = {
  name: 'admin socket',
  async run({ deps }) {
    if (deps.warehouse.path === ':memory:') return;
    const socket = await listenAdminSocket(deps.warehouse, deps.warehouse.path, deps.clock);
    log.info({ path: socket.path }, 'admin socket listening (crossdock token … works while the server runs)');
    return () => socket.close();
  },
};
