// One logger for the whole process, on stderr. JSON lines with CROSSDOCK_LOG_FORMAT=json (servers,
// log shippers); otherwise one readable line per record. Secrets never go through here, and the
// usual credential fields are redacted in case one slips in.
import pino from 'pino';

const LEVEL_NAMES: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/** Formats a pino JSON record as `12:00:01 info  message key=value`. */
export function formatLogLine(record: Record<string, unknown>): string {
  const { level, time, msg, ...rest } = record;
  const clock = new Date(Number(time)).toISOString().slice(11, 19);
  const fields = Object.entries(rest)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `${clock} ${(LEVEL_NAMES[Number(level)] ?? String(level)).padEnd(5)} ${String(msg ?? '')}${fields ? ' ' + fields : ''}\n`;
}

const readable = { write: (chunk: string) => process.stderr.write(formatLogLine(JSON.parse(chunk))) };

export const log = pino(
  {
    level: process.env.CROSSDOCK_LOG_LEVEL ?? (process.env.JEST_WORKER_ID ? 'silent' : 'info'),
    redact: {
      paths: ['token', 'authorization', 'password', 'secret', '*.token', '*.authorization', '*.password', '*.secret', 'headers.authorization'],
      censor: '[redacted]',
    },
    base: undefined,
  },
  process.env.CROSSDOCK_LOG_FORMAT === 'json' ? pino.destination({ dest: 2, sync: true }) : readable,
);

/** Lines meant for the person at the terminal (summaries, URLs) on stdout. */
export function say(line: string): void {
  process.stdout.write(line + '\n');
}
