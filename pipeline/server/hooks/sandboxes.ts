// `npm start` only: starts the four channel sandboxes seeded from the demo listings and points
// the stock write-back's writers at them (through the same environment variables a real
// deployment sets, see pipeline/writeback/writers.ts), so the whole loop works offline. The
// banner says plainly that pushes go to local emulators, not to real channels.
import { seedFromWarehouse } from '../../channels/sandbox/start';
import { sandboxWriterEnv } from '../../writeback/writers';
import type { StartHook } from '../hooks';

export const startHook: StartHook = {
  name: 'channel sandboxes',
  async run({ warehouse, say }) {
    const started = await seedFromWarehouse({ all: (sql) => warehouse.all(sql) }, { quiet: true });
    const env = sandboxWriterEnv(started.urls);
    const previous = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
    Object.assign(process.env, env);
    say(started.banner);
    return async () => {
      for (const [name, value] of Object.entries(previous)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await started.stop();
    };
  },
};
