import { detectReport } from '../../../pipeline/ingest';
import { DataError } from '../../../pipeline/errors';
import { fixture, freshWarehouse, ingest, rows } from './helpers';

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

  it('refuses a binary file (a spreadsheet) with a hint to export CSV', async () => {
    await expect(detectReport(fixture('bad/binary.xlsx'))).rejects.toThrow(/binary file, not a CSV\/TSV report/);
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
    await expect(ingest(wh, [fixture('crossdock/skus.csv'), fixture('bad/unknown_header.csv')])).rejects.toThrow(/closest known kind/);
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
