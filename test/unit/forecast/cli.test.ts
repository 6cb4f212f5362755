// `crossdock forecast` as a user runs it: exit codes and messages through the CLI's one handler.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve(__dirname, '../../../bin/crossdock.js');
let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'crossdock-forecast-cli-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function crossdock(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd: dir }, (err, stdout, stderr) => done({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }));
  });
}

describe('crossdock forecast', () => {
  it('prints the forecast of a monthly file and exits 0', async () => {
    const rows = ['series_id,date,units'];
    for (let t = 0; t < 36; t++) rows.push(`M,${2021 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}-01,${t % 12 === 11 ? 30 : 10}`);
    writeFileSync(join(dir, 'monthly.csv'), rows.join('\n'));
    const { code, stdout } = await crossdock(['forecast', '--series', 'monthly.csv', '--horizon', '12', '--workers', '1']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\r\n');
    expect(lines).toHaveLength(13);
    expect(lines[1].startsWith('M,2024-01-01,10,')).toBe(true);
    // December sells 30 every year: the yearly season of 12 months carries it
    expect(lines[12].startsWith('M,2024-12-01,30,')).toBe(true);
  });

  it('exits 65 naming the file, line and field of a bad row', async () => {
    writeFileSync(join(dir, 'bad.csv'), 'series_id,date,units\nA,2024-01-01,1\nA,2024-01-02,x\n');
    const { code, stderr } = await crossdock(['forecast', '--series', 'bad.csv', '--horizon', '2']);
    expect(code).toBe(65);
    expect(stderr).toBe('CD_SERIES_ROW: bad.csv: line 3: field units "x" is not a number ≥ 0 (leave it empty for a missing period)\n');
  });

  it('exits 64 when the horizon is missing', async () => {
    const { code, stderr } = await crossdock(['forecast', '--series', 'bad.csv']);
    expect(code).toBe(64);
    expect(stderr).toContain('--horizon needs a positive whole number');
  });
});
