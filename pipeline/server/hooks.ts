// Extension points of the server process, for work that must live in the one process that owns
// the database: the scheduler (every `crossdock serve`) and the channel sandboxes (`npm start`).
// Each file in pipeline/server/hooks/ may export `serveHook` and/or `startHook`; they are found
// automatically, in file name order, and stopped in reverse order on shutdown.
import type { FastifyInstance } from 'fastify';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { log } from '../log';
import type { Warehouse } from '../warehouse/types';
import type { ServerDeps } from './deps';

export const HOOKS_DIR = join(__dirname, 'hooks');

/** Undoes what a hook started (close a sandbox server, stop a scheduler). */
export type StopFn = () => Promise<void> | void;

export interface StartContext {
  warehouse: Warehouse;
  dbPath: string;
  /** `--sandbox-ports N`: the channel sandboxes take N, N+1, … (a busy one is an error). */
  sandboxPorts?: number;
  /** Print a line for the person at the terminal (e.g. a sandbox URL). */
  say(line: string): void;
}

export interface ServeContext {
  app: FastifyInstance;
  deps: ServerDeps;
  /** The server's base URL, e.g. https://localhost:3000 */
  url: string;
  say(line: string): void;
}

/** Runs during `npm start` only, after the demo data is loaded and before the server listens. */
export interface StartHook {
  name: string;
  run(context: StartContext): Promise<StopFn | void>;
}

/** Runs in every `crossdock serve` (and `npm start`) once the server listens. */
export interface ServeHook {
  name: string;
  run(context: ServeContext): Promise<StopFn | void>;
}

export interface LoadedHooks {
  startHooks: StartHook[];
  serveHooks: ServeHook[];
}

export function loadHooks(dir: string = HOOKS_DIR): LoadedHooks {
  const loaded: LoadedHooks = { startHooks: [], serveHooks: [] };
  if (!existsSync(dir)) return loaded;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).sort()) {
    const mod = require(join(dir, file)) as { startHook?: StartHook; serveHook?: ServeHook };
    if (mod.startHook) loaded.startHooks.push(mod.startHook);
    if (mod.serveHook) loaded.serveHooks.push(mod.serveHook);
  }
  return loaded;
}

/** Runs hooks one after another; returns one function that stops them all, last first. */
export async function runHooks<C>(hooks: { name: string; run(context: C): Promise<StopFn | void> }[], context: C): Promise<() => Promise<void>> {
  const stops: { name: string; stop: StopFn }[] = [];
  const stopAll = async () => {
    for (const { name, stop } of stops.splice(0).reverse()) {
      // One hook failing to stop must not keep the others (or the database) open.
      await Promise.resolve()
        .then(stop)
        .catch((err: unknown) => log.warn({ err, hook: name }, 'hook did not stop cleanly'));
    }
  };
  for (const hook of hooks) {
    try {
      const stop = await hook.run(context);
      if (stop) stops.push({ name: hook.name, stop });
    } catch (err) {
      await stopAll();
      throw err;
    }
  }
  return stopAll;
}
