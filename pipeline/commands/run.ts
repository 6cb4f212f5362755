// `crossdock run`: one pipeline pass (every due API stream, then the inbox folder).
import { Command } from 'commander';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function register(program: Command): void {
  program
    .command('run')
    .description('pull every due stream from the channel APIs and ingest the inbox folder, once (see docs/pipeline.md)')
    .option('--config <file>', 'configuration file (default: $CROSSDOCK_CONFIG or crossdock.config.json)')
    .option('--db <file>', 'DuckDB database file (default: $CROSSDOCK_DB, the config\'s "database", or data/crossdock.duckdb)')
    .option('--only <stream>', 'only this channel, channel/stream or channel/account/stream (repeatable); runs it even if not due', collect)
    .option('--all', 'run every stream now, due or not')
    .option('--wait <seconds>', 'when another process holds the database, wait this long for it (0: refuse at once)', '0')
    .option('--no-inbox', 'skip the inbox folder')
    .option('--no-rate-limits', 'do not pace requests client-side (sandboxes and benchmarks only)')
    .option('--json', 'print the pass result as JSON on stdout')
    .action(async (opts) => (require('../scheduler/cli') as typeof import('../scheduler/cli')).runCommand(opts));
}
