// `crossdock <command>`: every file in pipeline/commands/ is one command. Each module declares its
// own options and loads its implementation only when it runs, so `crossdock --help` stays fast.
import { Command } from 'commander';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CrossdockError } from './errors';
import { log } from './log';

const COMMANDS_DIR = join(__dirname, 'commands');
const { version } = require('../package.json') as { version: string };

export function buildProgram(): Command {
  const program = new Command('crossdock')
    .description('Multi-channel inventory and order analytics for cross-border sellers')
    .version(version, '-V, --version', 'print the version of crossdock')
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(text) });
  const files = readdirSync(COMMANDS_DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).sort();
  for (const file of files) {
    const mod = require(join(COMMANDS_DIR, file)) as { register(program: Command): void };
    mod.register(program);
  }
  return program;
}

/**
 * A reader that stops reading (`crossdock query inventory | head -3`) closes the pipe: end
 * quietly with success, as Unix tools do, instead of dying with an EPIPE stack trace.
 */
function endQuietlyOnClosedPipe(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(0);
  });
}

export async function main(argv: string[] = process.argv): Promise<void> {
  endQuietlyOnClosedPipe();
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CrossdockError) {
      process.stderr.write(`${err.code}: ${err.message}\n`);
      process.exitCode = err.exitCode;
    } else {
      log.error({ err }, 'unexpected error (a bug): please report it with this output');
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    }
  }
}

