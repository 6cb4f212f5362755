import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectReport } from '../../../pipeline/ingest';
import { DataError } from '../../../pipeline/errors';
import { fixture, freshWarehouse, ingest, rejects, rows } from './helpers';

describe('files ingest refuses or repairs', () => {
  it('refuses an unknown header, naming the file, the closest kind and its missing columns', async () => {
    const wh = await freshWarehouse();
    const file = fixture('bad/near_fba_returns.tsv');
    const attempt = ingest(wh, [file]);
    await expect(attempt).rejects.toBeInstanceOf(DataError);
    await expect(attempt).rejects.toThrow(
      `${file}: the header matches no supported report. The closest known kind is Amazon FBA customer returns report (amazon/fba_returns), which lacks column(s): detailed-disposition, order-id or amazon-order-id.`,
    );
    expect(await rows(wh, 'select count(*) as n from return_line')).toEqual([{ n: 0 }]);
    wh.close();
  });

  it('refuses a binary file that is neither a text report nor a workbook, naming what it can read', async () => {
    await expect(detectReport(fixture('bad/binary.xlsx'))).rejects.toThrow(/binary file, not a CSV\/TSV report/);
  });

  it('rejects numbers written in no format a channel uses, naming line, field and raw text', async () => {
    const wh = await freshWarehouse();
    const file = fixture('bad/skus_bad_numbers.csv');
    const [summary] = await ingest(wh, [file]);
    expect(summary).toMatchObject({ rows_read: 4, rows_loaded: 1, rows_rejected: 3 });
    expect(await rows(wh, 'select sku, cast(unit_cost_amount as double) as cost from sku')).toEqual([{ sku: 'OK-1', cost: 1029 }]);
    expect(await rejects(wh, file)).toEqual([
      [3, 'unit_cost', 'not a number', '1e308'],
      [4, 'unit_cost', 'not a number', '12abc34'],
      [5, 'lead_time_days', 'not a number', '1e3'],
      [5, 'moq', 'not a whole number', '0x10'],
    ]);
    wh.close();
  });

  it('refuses the last record of a file cut short inside it, keeping the stored row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crossdock-cut-'));
    const header = 'channel,marketplace,sku,fulfilment,price,currency\n';
    const whole = join(dir, 'listings.csv');
    writeFileSync(whole, `${header}ebay,US,MUG-1,merchant,12.50,USD\nebay,US,MUG-2,merchant,32.99,USD\n`);
    const cut = join(dir, 'listings-again.csv');
    writeFileSync(cut, `${header}ebay,US,MUG-1,merchant,13.50,USD\nebay,US,MUG-2,merchant,32.`); // a half-finished download
    const wh = await freshWarehouse();
    try {
      await ingest(wh, [whole]);
      const [summary] = await ingest(wh, [cut]);
      expect(summary).toMatchObject({ rows_read: 2, rows_loaded: 1, rows_rejected: 1 });
      expect(await rows(wh, 'select sku, cast(price_amount as double) as price from listing order by sku')).toEqual([
        { sku: 'MUG-1', price: 13.5 },
        { sku: 'MUG-2', price: 32.99 }, // not 32.00
      ]);
      expect(await rejects(wh, cut)).toEqual([[3, '(record)', expect.stringMatching(/^the file ends inside this record .* download the report again$/), null]]);
    } finally {
      wh.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([2, 1501, 2001])('reads a quoted line break in record %i of a 2,001-record file', async (at) => {
    const dir = mkdtempSync(join(tmpdir(), 'crossdock-qnl-'));
    const file = join(dir, 'skus.csv');
    const lines = Array.from({ length: 2001 }, (_, i) => `S${i + 2},${i + 2 === at ? '"ab\ncd"' : 'Mug'},Kitchen,1.5,USD,30`);
    writeFileSync(file, `sku,title,category,unit_cost,cost_currency,lead_time_days\n${lines.join('\n')}\n`);
    const wh = await freshWarehouse();
    try {
      const [summary] = await ingest(wh, [file]);
      expect(summary).toMatchObject({ rows_read: 2001, rows_loaded: 2001, rows_rejected: 0 });
      expect(await rows(wh, 'select title from sku where sku = $1', [`S${at}`])).toEqual([{ title: 'ab\ncd' }]);
    } finally {
      wh.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses the lines that break CSV rules one by one, with the reader’s reason, and loads the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crossdock-malformed-'));
    const file = join(dir, 'skus.csv');
    writeFileSync(
      file,
      'sku,title,category,unit_cost,cost_currency,lead_time_days\n' +
        'A,"multi\nline",Kitchen,1,USD,3\nB,"x" y,K,1,USD,3\nC,x,K,1,USD,3,extra\nD,x,K,1,USD,3\n',
    );
    const wh = await freshWarehouse();
    try {
      const [summary] = await ingest(wh, [file]);
      expect(summary).toMatchObject({ rows_read: 4, rows_loaded: 2, rows_rejected: 2 });
      expect(await rows(wh, 'select sku from sku order by sku')).toEqual([{ sku: 'A' }, { sku: 'D' }]);
      expect(await rejects(wh, file)).toEqual([
        [3, '(record)', 'not a valid CSV record: Value with unterminated quote found.', 'B,"x" y,K,1,USD,3'],
        [4, '(record)', 'not a valid CSV record: Expected Number of Columns: 6 Found: 7', 'C,x,K,1,USD,3,extra'],
      ]);
    } finally {
      wh.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects implausible dates and quantities per row instead of loading them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crossdock-plausible-'));
    const file = join(dir, 'returns.csv');
    const inAYear = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10);
    writeFileSync(
      file,
      'channel,return_id,sku,quantity,returned_at\n' +
        'ebay,R1,MUG,1,2025-03-01 10:00:00\n' +
        'ebay,R2,MUG,1,1999-12-31 10:00:00\n' + // a typo, or Excel's 1900 dates
        `ebay,R3,MUG,1,${inAYear} 10:00:00\n` +
        'ebay,R4,MUG,5000000,2025-03-01 10:00:00\n',
    );
    const wh = await freshWarehouse();
    try {
      const [summary] = await ingest(wh, [file]);
      expect(summary).toMatchObject({ rows_read: 4, rows_loaded: 1, rows_rejected: 3 });
      expect(await rejects(wh, file)).toEqual([
        [3, 'returned_at', 'implausible date: before 2000-01-01', '1999-12-31 10:00:00'],
        [4, 'returned_at', expect.stringMatching(/^implausible date: more than a year ahead \(after \d{4}-\d{2}-\d{2}\)$/), `${inAYear} 10:00:00`],
        [5, 'quantity', 'implausible quantity: beyond ±1000000 (set CROSSDOCK_INGEST_MAX_QUANTITY if it is real)', '5000000'],
      ]);
    } finally {
      wh.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a Latin-1 file', async () => {
    const wh = await freshWarehouse();
    expect((await detectReport(fixture('bad/skus_latin1.csv'))).encoding).toBe('latin-1');
    await ingest(wh, [fixture('bad/skus_latin1.csv')]);
    expect(await rows(wh, 'select title, category from sku')).toEqual([{ title: 'Café Tasse für Kühlschrank', category: 'Küche' }]);
    wh.close();
  });

  it('reads a Windows-1252 file with €, dashes and curly quotes', async () => {
    const wh = await freshWarehouse();
    expect((await detectReport(fixture('bad/skus_windows1252.csv'))).encoding).toBe('windows-1252');
    await ingest(wh, [fixture('bad/skus_windows1252.csv')]);
    expect(await rows(wh, 'select title from sku')).toEqual([{ title: '“Premium” Messer – 20€' }]);
    wh.close();
  });

  it('reads a UTF-8 file with a BOM, CRLF line ends and a quoted field with commas and quotes', async () => {
    const wh = await freshWarehouse();
    const [summary] = await ingest(wh, [fixture('bad/skus_bom_crlf.csv')]);
    expect(summary).toMatchObject({ kind: 'crossdock/skus', rows_read: 1, rows_loaded: 1 });
    expect(await rows(wh, 'select sku, title, lead_time_days from sku')).toEqual([{ sku: 'CF-012', title: 'Mug, "Big" one', lead_time_days: 20 }]);
    wh.close();
  });

  it('stops at the first refused file and keeps the files loaded before it', async () => {
    const wh = await freshWarehouse();
    await expect(ingest(wh, [fixture('crossdock/skus.csv'), fixture('bad/unknown_header.csv')])).rejects.toThrow(/matches no supported report/);
    expect(await rows(wh, 'select count(*) as n from sku')).toEqual([{ n: 2 }]);
    wh.close();
  });

  it('refuses a bad --snapshot-date and --marketplace before reading anything', async () => {
    const wh = await freshWarehouse();
    await expect(ingest(wh, [fixture('amazon/fba_inventory.tsv')], { snapshotDate: '31.12.2024' })).rejects.toThrow(/--snapshot-date must be a date/);
    await expect(ingest(wh, [fixture('amazon/fba_inventory.tsv')], { marketplace: 'amazon.de' })).rejects.toThrow(/--marketplace must be/);
    wh.close();
  });
});

describe('awkward files', () => {
  it('reads a file whose name has glob characters', async () => {
    const { mkdtempSync, copyFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = join(mkdtempSync(join(tmpdir(), 'cd-odd-')), 'exports [1]');
    (await import('node:fs')).mkdirSync(dir);
    const file = join(dir, 'skus (copy)*.csv');
    copyFileSync(fixture('crossdock/skus.csv'), file);
    const wh = await freshWarehouse();
    const [summary] = await ingest(wh, [file]);
    expect(summary).toMatchObject({ file, kind: 'crossdock/skus', rows_read: 3, rows_loaded: 2 });
    wh.close();
  });

  it('refuses, and loads nothing of, a file whose text turns out not to be UTF-8 past the sniffed head', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const file = join(mkdtempSync(join(tmpdir(), 'cd-mixed-')), 'skus.csv');
    const good = Buffer.from('A,ok,k,1,USD,1\n'.repeat(300_000));
    writeFileSync(file, Buffer.concat([Buffer.from('sku,title,category,unit_cost,cost_currency,lead_time_days\n'), good, Buffer.from([0x42, 0x2c, 0x63, 0x61, 0x66, 0xe9, 0x2c, 0x6b, 0x2c, 0x31, 0x2c, 0x55, 0x53, 0x44, 0x2c, 0x31, 0x0a])]));
    const wh = await freshWarehouse();
    const attempt = ingest(wh, [file]);
    await expect(attempt).rejects.toBeInstanceOf(DataError);
    await expect(attempt).rejects.toThrow(/could not be read as Crossdock SKU master template: .*Line: 300002 — Invalid unicode/);
    expect(await rows(wh, 'select count(*) as n from sku')).toEqual([{ n: 0 }]);
    expect(await rows(wh, "select run_status from pipeline_run")).toEqual([{ run_status: 'failed' }]);
    wh.close();
  });
});

describe('callers that know what they downloaded', () => {
  it('refuses a file of another kind than the one expected', async () => {
    const wh = await freshWarehouse();
    await expect(ingest(wh, [fixture('amazon/fba_returns.tsv')], { expectKind: 'amazon/all_orders' })).rejects.toThrow(
      /expected a file of kind amazon\/all_orders, but its header is that of Amazon FBA customer returns report \(amazon\/fba_returns\)/,
    );
    const [summary] = await ingest(wh, [fixture('amazon/all_orders.tsv')], { expectKind: 'amazon/all_orders' });
    expect(summary.rows_loaded).toBe(5);
    wh.close();
  });
});
