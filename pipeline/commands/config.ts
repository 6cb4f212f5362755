// `crossdock config check`: validate the configuration and try each channel's credentials.
import { Command } from 'commander';

export function register(program: Command): void {
  const config = program.command('config').description('inspect the configuration (crossdock.config.json, docs/config.md)');
  config
    .command('check')
    .description('validate the configuration file and try each channel account\'s credentials')
    .option('--config <file>', 'configuration file (default: $CROSSDOCK_CONFIG or crossdock.config.json)')
    .option('--offline', 'validate only; do not call the channels')
    .action(async (opts) => (require('../scheduler/cli') as typeof import('../scheduler/cli')).configCheckCommand(opts));
}
