// `crossdock forecast --series FILE.csv --horizon H`: forecasts a long-format series file with the
// backtested engine (docs/forecasting.md).
import { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('forecast')
    .description('forecast every series of a series_id,date,units CSV (daily, weekly or monthly) with backtested model choice')
    .option('--series <file>', 'long-format CSV with header series_id,date,units (ISO dates, zeros as rows)')
    .option('--horizon <n>', 'periods to forecast after each series\' last date')
    .option('--season <n>', 'season length in periods (default 7 daily, 52 weekly, 12 monthly)')
    .option('--format <format>', 'csv or json', 'csv')
    .option('--quantiles <list>', 'quantiles to print, e.g. 0.1,0.5,0.9', '0.1,0.5,0.9')
    .option('--origins <n>', 'rolling-origin backtest origins', '4')
    .option('--workers <n>', 'worker threads (default: the CPUs available)')
    .action(async (opts: import('../forecast/command').ForecastCommandOptions) => {
      // require, not import(): under tsx/cjs an extensionless dynamic import() does not resolve.
      const { runForecastCommand } = require('../forecast/command') as typeof import('../forecast/command');
      const out: string[] = [];
      const flush = () => {
        if (out.length) process.stdout.write(out.splice(0).join(''));
      };
      await runForecastCommand(opts, {
        write: (text) => {
          out.push(text);
          if (out.length >= 512) flush();
        },
        note: (text) => process.stderr.write(`${text}\n`),
      });
      flush();
    });
}
