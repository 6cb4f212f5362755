// `crossdock start` (`npm start`): demo data on first run, add-in bundle, demo tokens, then serve.
import { Command } from 'commander';
import type { StartOptions } from '../server/start';
import { parsePort } from './serve';

export type StartCommandOptions = Pick<StartOptions, 'db' | 'port' | 'host' | 'cert' | 'key' | 'fresh' | 'buildAddin' | 'sandboxPorts'>;

export function register(program: Command): void {
  program
    .command('start')
    .description('first run: generate and load demo data, build the add-in; then serve it with demo tokens')
    .option('--db <file>', 'DuckDB database file (default: $CROSSDOCK_DB or data/crossdock.duckdb)')
    .option('--port <n>', 'port to listen on (default 3000)', parsePort)
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option('--cert <file>', 'TLS certificate (PEM); default: the Office development certificate')
    .option('--key <file>', 'TLS private key (PEM), with --cert')
    .option('--sandbox-ports <first>', 'run the channel sandboxes on this port and the next ones (default: the config\'s 4701–4706, or free ports when those are busy)', parsePort)
    .option('--fresh', 'delete the database and demo files first, and start over')
    .option('--no-build-addin', 'do not build the add-in bundle when it is missing')
    .action(async (opts: StartCommandOptions) => {
      const { start } = require('../server/start') as typeof import('../server/start');
      await start(opts);
      // A pull abandoned by the stop may still sleep on a rate-limit timer: the work is done.
      process.exit(0);
    });
}
