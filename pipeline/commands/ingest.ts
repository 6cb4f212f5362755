// `crossdock ingest [--db FILE] [--json] [--snapshot-date DATE] [--marketplace CODE] PATH...`
// Loads channel report files (kind detected from the header row) into the DuckDB warehouse, or,
// while a server holds it, through the server's admin socket (pipeline/ingest/cli.ts).
import { Command } from 'commander';

interface IngestCliOptions {
  db?: string;
  json?: boolean;
  snapshotDate?: string;
  marketplace?: string;
}

export function register(program: Command): void {
  program
    .command('ingest <paths...>')
    .description('load channel report files and Crossdock templates (files or folders) into the warehouse')
    .option('--db <file>', 'DuckDB database file (default: $CROSSDOCK_DB or data/crossdock.duckdb)')
    .option('--json', 'print one JSON summary per file: {file, kind, rows_read, rows_loaded, rows_rejected[, earlier_load]}')
    .option('--snapshot-date <date>', 'stock date for inventory reports that carry none (default: the file date, UTC)')
    .option('--marketplace <code>', 'marketplace for files that do not say (Amazon MYI/returns/listings; default US)')
    .action(async (paths: string[], opts: IngestCliOptions) => {
      const { runIngest } = require('../ingest/cli') as typeof import('../ingest/cli');
      await runIngest(paths, opts);
    });
}
