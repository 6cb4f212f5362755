// `crossdock <command>`: every file in pipeline/commands/ is one command. Each module declares its
// own options and loads its implementation only when it runs, so `crossdock --help` stays fast.
import { Command } from 'commander';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CrossdockError } from './errors';
import { log } from './log';

const COMMANDS_DIR = join(__dirname, 'commands');

export function buildProgram(): Command {
  const program = new Command('crossdock')
    .description('Multi-channel inventory and order analytics for cross-border sellers')
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(text) });
  const files = readdirSync(COMMANDS_DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).sort();
  for (const file of files) {
    const mod = require(join(COMMANDS_DIR, file)) as { register(program: Command): void };
    mod.register(program);
  }
  return program;
}

export async function main(argv: string[] = process.argv): Promise<void> {
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

