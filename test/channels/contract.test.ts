// Every channel in the list (pipeline/channels/index.ts) holds the Channel contract the engines
// rely on, checked the same way for each: its reports are its own, its account schema is keyed by
// its id, its connector offers the streams the config accepts, and its sandbox, writer and
// throughput description work together (a push through the writer built from the sandbox's
// writer variables lands on the sandbox and reads back). A new channel passes this or does not land.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { ACCOUNT_CHANNELS, CHANNELS, SANDBOX_CHANNELS, WRITER_CHANNELS } from '../../pipeline/channels';
import { pushesFor } from '../../pipeline/channels/sandbox/listings';
import { syntheticListings } from '../../pipeline/channels/sandbox/seedListings';
import { startSandboxes, type StartedSandboxes } from '../../pipeline/channels/sandbox/start';
import { KNOWN_STREAMS } from '../../pipeline/config/load';
import { REPORTS } from '../../pipeline/ingest/registry';
import { sandboxWriterEnv, writersFromEnv } from '../../pipeline/writeback/writers';

const ROOT = resolve(__dirname, '../..');

describe('the channel list', () => {
  it('holds each channel once, under a lower-case id', () => {
    const ids = CHANNELS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it("feeds ingest detection every channel's reports, each kind named after its channel", () => {
    expect(REPORTS).toEqual(CHANNELS.flatMap((c) => c.reports ?? []));
    for (const channel of CHANNELS) {
      for (const report of channel.reports ?? []) {
        expect([report.kind.split('/')[0], report.channel]).toEqual([channel.id, channel.id]);
      }
    }
  });
});

describe.each(ACCOUNT_CHANNELS.map((c) => [c.id, c] as const))('%s accounts', (id, channel) => {
  it('are told apart by `channel` and validated strictly', () => {
    const schema = channel.accounts.schema as unknown as z.ZodObject;
    expect((schema.shape.channel as z.ZodLiteral).value).toBe(id);
    const unknownKey = schema.safeParse({ channel: id, account: 'a', tokenInFile: 'x' });
    expect(unknownKey.success).toBe(false);
    expect(JSON.stringify(unknownKey.error?.issues)).toContain('tokenInFile');
  });

  it('offer the streams their connector defines, under unique names', () => {
    const names = channel.accounts.connector.streams.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    expect(KNOWN_STREAMS[id]).toEqual(names);
    expect(channel.accounts.connector.channel).toBe(id);
  });
});

describe.each(SANDBOX_CHANNELS.map((c) => [c.id, c] as const))('%s sandbox and writer', (id, channel) => {
  let started: StartedSandboxes | undefined;
  afterEach(async () => {
    await started?.stop();
    started = undefined;
  });

  it('is a writer channel whose sandbox credentials cover every secret role of an account', () => {
    expect(WRITER_CHANNELS.map((c) => c.id)).toContain(id);
    const account = ACCOUNT_CHANNELS.find((c) => c.id === id);
    if (!account) return;
    // The roles an account names (secretNames keys) are the ones the demo fills with sandbox values.
    const roles = Object.keys(account.accounts.secretNames(new Proxy({}, { get: (_, key) => (typeof key === 'string' ? `${key.toUpperCase()}_ENV` : undefined) }) as never));
    expect(Object.keys(channel.sandbox.secrets).sort()).toEqual(roles.sort());
  });

  it('takes a push from the writer its sandbox variables configure, and reads it back', async () => {
    const listings = syntheticListings(id, 3);
    started = await startSandboxes(listings, { channels: [id], quiet: true, rateLimits: true });
    const writer = writersFromEnv(sandboxWriterEnv(started.urls))[id];
    expect(writer?.channel).toBe(id);
    expect(writer!.maxRowsPerCall).toBeGreaterThanOrEqual(1);
    const rows = pushesFor(listings, (i) => 20 + i, `contract-${id}`);
    const outcomes = await writer!.push(rows, { idempotencyKey: `contract-${id}` });
    expect(outcomes.map((o) => o.change_id).sort()).toEqual(rows.map((r) => r.change_id).sort());
    for (const outcome of outcomes) expect(['applied', 'pending_verification']).toContain(outcome.status);
    // What the channel shows once applied (a queued write is given time to show).
    const deadline = Date.now() + 10_000;
    let shown = await writer!.read(rows);
    while (shown.some((r, i) => r.quantity !== 20 + i) && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 250));
      shown = await writer!.read(rows);
    }
    expect(shown.map((r) => r.quantity)).toEqual([20, 21, 22]);
    expect(listings.map((l) => started!.sandboxes[id]!.quantity(l.listing_id))).toEqual([20, 21, 22]);
  });

  it('documents every writer variable it reads in docs/writeback.md', () => {
    const docs = readFileSync(join(ROOT, 'docs/writeback.md'), 'utf8');
    const missing = Object.keys(channel.writer?.variables ?? {}).filter((name) => !docs.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });

  it('describes its throughput paths with growing call minimums and a non-negative floor', () => {
    for (const path of channel.sandbox.throughput) {
      expect(path.minCalls(1)).toBeGreaterThanOrEqual(1);
      expect(path.minCalls(10_000)).toBeGreaterThanOrEqual(path.minCalls(1));
      expect(path.floorSeconds(10_000)).toBeGreaterThanOrEqual(0);
    }
  });
});

/** The TypeScript files under a folder. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(entry.name) ? [path] : [];
  });
}

const ENGINE_DIRS = ['ingest', 'scheduler', 'writeback', 'config', 'server', 'analytics', 'warehouse', 'model', 'commands'].map((d) => join(ROOT, 'pipeline', d));
// Synthetic data for the analytics benchmark spreads rows over named channels on purpose.
const SIMULATIONS = new Set([join(ROOT, 'pipeline/analytics/benchData.ts')]);

describe('engines', () => {
  it('name no channel in code (only the list does)', () => {
    const offenders: string[] = [];
    for (const file of ENGINE_DIRS.flatMap(sourceFiles).filter((f) => !SIMULATIONS.has(f))) {
      const code = readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
        .join('\n');
      for (const channel of CHANNELS) {
        if (channel.id === 'crossdock') continue;
        if (new RegExp(`['"\`]${channel.id}['"\`/:]`).test(code)) offenders.push(`${relative(ROOT, file)}: ${channel.id}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('are never imported by a channel: channels depend on the contract, the model and the shared kits only', () => {
    const ENGINE_IMPORT = /from\s+'(?:\.\.\/)+(writeback|scheduler|ingest|config|server|analytics|demo|commands|bench|warehouse)\//;
    const offenders = sourceFiles(join(ROOT, 'pipeline/channels'))
      .filter((file) => ENGINE_IMPORT.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file));
    expect(offenders).toEqual([]);
  });
});
