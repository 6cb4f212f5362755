// `crossdock query DATASET`: prints an analytics dataset (docs/analytics.md), from the database
// file or, while a server holds it, through the server (pipeline/server/adminSocket.ts).
import { Command } from 'commander';

/** Rows a table shows at a terminal without --limit: a screenful or two, not 1,000 lines. */
export const TERMINAL_ROWS = 50;

export function register(program: Command): void {
  program
    .command('query [dataset]')
    .description('print an analytics dataset (no dataset: list them with their parameters)')
    .option('--db <file>', 'DuckDB database file (default: $CROSSDOCK_DB or data/crossdock.duckdb)')
    .option('--as-of <date>', 'report date YYYY-MM-DD (default: the last day with data)')
    .option('--window <days>', 'trailing window in days (default 90)')
    .option('--filter <key=value>', 'a dataset parameter, e.g. channel=amazon (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--format <format>', 'table, csv or json', 'table')
    .option('--columns <a,b,c>', 'only these columns, in this order (a table at a terminal otherwise shows the key columns first and leaves out what does not fit)')
    .option('--sort <col[:desc]>', 'order the rows by one column (nulls last)')
    .option('--limit <n>', `at most N rows (a table at a terminal shows ${TERMINAL_ROWS} unless told)`)
    .option('--raw', "CSV for machines: text starting with = + - @ is written as is (by default it gets a leading ' so Excel never runs it)")
    .action(async (dataset: string | undefined, options) => {
      const { query } = require('../analytics/queryCommand') as typeof import('../analytics/queryCommand');
      await query(dataset, options);
    });
}
