// Child process for the kill -9 test: opens the database file, points writers at the sandboxes
// (env in argv), starts the write-back like the server does, and applies one push. The test kills
// it with SIGKILL in the middle. Usage: node -r tsx/cjs applyChild.ts <db> <env.json> <edits.json> <key>
import { readFileSync } from 'node:fs';
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import { StockWriteback } from '../../../pipeline/writeback/service';
import { writersFromEnv } from '../../../pipeline/writeback/writers';

async function main(): Promise<void> {
  const [dbPath, envPath, editsPath, key] = process.argv.slice(2);
  const wh = await DuckWarehouse.open(dbPath);
  const service = new StockWriteback({
    warehouse: wh,
    writers: writersFromEnv(JSON.parse(readFileSync(envPath, 'utf8'))),
    config: { concurrentCallsPerChannel: 1, verifyIntervalMs: 3_600_000 },
  });
  await service.start();
  process.stdout.write('APPLYING\n');
  await service.apply(JSON.parse(readFileSync(editsPath, 'utf8')), key, { name: 'child', role: 'manager' });
  process.stdout.write('DONE\n');
  await service.stop();
  wh.close();
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
