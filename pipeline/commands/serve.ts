// `crossdock serve`: the long-running process that owns the database and serves the API and the
// Excel add-in over HTTPS (docs/server.md).
import { Command } from 'commander';
import { UsageError } from '../errors';
import { say } from '../log';

export interface ServeCommandOptions {
  db?: string;
  port?: number;
  host?: string;
  cert?: string;
  key?: string;
  origin?: string[];
}

export function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new UsageError(`--port must be a number from 0 to 65535, got "${value}"`);
  return Number(value);
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function register(program: Command): void {
  program
    .command('serve')
    .description('serve the API and the Excel add-in over HTTPS; owns the database while it runs')
    .option('--db <file>', 'DuckDB database file (default: $CROSSDOCK_DB or data/crossdock.duckdb)')
    .option('--port <n>', 'port to listen on (default 3000; 0 picks a free one)', parsePort)
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option('--cert <file>', 'TLS certificate (PEM); default: the Office development certificate')
    .option('--key <file>', 'TLS private key (PEM), with --cert')
    .option('--origin <url>', 'another web origin allowed to call the API (repeatable)', collect)
    .action(async (opts: ServeCommandOptions) => {
      const { startServer, untilSignal } = require('../server/serve') as typeof import('../server/serve');
      const server = await startServer({ ...opts, origins: opts.origin });
      say(`Crossdock is serving ${server.deps.warehouse.path} at ${server.url}`);
      say(`  add-in: ${server.addinUrl}`);
      say('  stop with Ctrl+C');
      await untilSignal(server.close, { waitingFor: server.waitingFor, checkpoint: () => server.deps.warehouse.run('force checkpoint') });
      // A pull abandoned by the stop may still sleep on a rate-limit timer: the work is done.
      process.exit(0);
    });
}
