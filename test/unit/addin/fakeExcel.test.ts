// The fake must fail where Excel fails, or the adapter tests prove nothing.
import { createFakeExcel, type FakeRequestContext } from '../../support/fakeExcel';

/** A fake workbook with one empty sheet "S". */
async function withSheet<T>(fn: (unused: null, fake: ReturnType<typeof createFakeExcel>) => Promise<T>) {
  const fake = createFakeExcel();
  fake.model.addSheet('S');
  return fn(null, fake);
}

describe('fake Excel', () => {
  it('throws when a property is read before load and sync', async () => {
    await withSheet(async (_c, fake) => {
      await expect(fake.run(async (ctx: FakeRequestContext) => {
        const r = ctx.workbook.worksheets.getItem('S').getRange('A1');
        return r.values;
      })).rejects.toThrow(/PropertyNotLoaded/);
      await expect(fake.run(async (ctx: FakeRequestContext) => {
        const r = ctx.workbook.worksheets.getItem('S').getRange('A1');
        r.load('values');
        return r.values; // loaded but not synced yet
      })).rejects.toThrow(/PropertyNotLoaded/);
    });
  });

  it('rejects a batch over 5 MB with RequestPayloadSizeLimitExceeded', async () => {
    await withSheet(async (_c, fake) => {
      const rows = Array.from({ length: 60_000 }, () => ['x'.repeat(90)]);
      await expect(fake.run(async (ctx: FakeRequestContext) => {
        ctx.workbook.worksheets.getItem('S').getRangeByIndexes(0, 0, rows.length, 1).values = rows;
        await ctx.sync();
      })).rejects.toThrow(/RequestPayloadSizeLimitExceeded/);
      expect(fake.model.sheet('S').raw(0, 0)).toBe('');
    });
  });

  it('rejects values whose shape does not match the range', async () => {
    await withSheet(async (_c, fake) => {
      await expect(fake.run(async (ctx: FakeRequestContext) => {
        ctx.workbook.worksheets.getItem('S').getRange('A1:B2').values = [[1, 2]];
      })).rejects.toThrow(/InvalidArgument.*2×2.*1×2/);
      await expect(fake.run(async (ctx: FakeRequestContext) => {
        ctx.workbook.worksheets.getItem('S').getRange('A1:B2').numberFormat = [['@']];
      })).rejects.toThrow(/InvalidArgument/);
    });
  });

  it('turns unprotected strings starting with = + - @ into formulas and coerces numeric text', async () => {
    await withSheet(async (_c, fake) => {
      await fake.run(async (ctx: FakeRequestContext) => {
        ctx.workbook.worksheets.getItem('S').getRange('A1:E1').values = [['=1+1', '+1', '-20% off', '@SUM(1)', '00123']];
      });
      const s = fake.model.sheet('S');
      expect([0, 1, 2, 3].map((c) => s.info(0, c).kind)).toEqual(['formula', 'formula', 'formula', 'formula']);
      expect(s.info(0, 4)).toMatchObject({ kind: 'number', value: 123 });
    });
  });

  it('keeps quote-prefixed strings as text without the apostrophe, and Text-formatted cells uncoerced', async () => {
    await withSheet(async (_c, fake) => {
      await fake.run(async (ctx: FakeRequestContext) => {
        const r = ctx.workbook.worksheets.getItem('S').getRange('A1:B1');
        r.numberFormat = [['@', '@']];
        r.values = [["'=1+1", '00123']];
      });
      const s = fake.model.sheet('S');
      expect(s.info(0, 0)).toMatchObject({ kind: 'text', value: '=1+1', quotePrefix: true });
      expect(s.info(0, 1)).toMatchObject({ kind: 'text', value: '00123' });
    });
  });

  it('refuses writes to locked cells of a protected sheet and a second protect()', async () => {
    await withSheet(async (_c, fake) => {
      await fake.run(async (ctx: FakeRequestContext) => {
        const ws = ctx.workbook.worksheets.getItem('S');
        ws.getRange('B1:B3').format.protection.locked = false;
        ws.protection.protect({ allowAutoFilter: true });
      });
      await fake.run(async (ctx: FakeRequestContext) => {
        ctx.workbook.worksheets.getItem('S').getRange('B2').values = [[5]];
      });
      await expect(fake.run(async (ctx: FakeRequestContext) => {
        ctx.workbook.worksheets.getItem('S').getRange('A2').values = [[5]];
      })).rejects.toThrow(/AccessDenied/);
      await expect(fake.run(async (ctx: FakeRequestContext) => {
        ctx.workbook.worksheets.getItem('S').protection.protect();
      })).rejects.toThrow(/AccessDenied.*already protected/);
    });
  });

  it('renames duplicate table headers the way Excel does', async () => {
    await withSheet(async (_c, fake) => {
      await fake.run(async (ctx: FakeRequestContext) => {
        const ws = ctx.workbook.worksheets.getItem('S');
        ws.getRange('A1:C2').values = [['qty', 'qty', ''], [1, 2, 3]];
        ws.tables.add('A1:C2', true).name = 'T';
      });
      expect(fake.model.sheet('S').readValues({ row: 0, column: 0, rowCount: 1, columnCount: 3 })[0]).toEqual(['qty', 'qty2', 'Column3']);
    });
  });

  it('returns null instead of values past 5,000,000 cells', async () => {
    await withSheet(async (_c, fake) => {
      const v = await fake.run(async (ctx: FakeRequestContext) => {
        const r = ctx.workbook.worksheets.getItem('S').getRange('A1:E1000001');
        r.load('values');
        await ctx.sync();
        return r.values;
      });
      expect(v).toBeNull();
    });
  });

  it('fails a member newer than its ExcelApi version at sync, as an older Excel does', async () => {
    await withSheet(async (_c, fake) => {
      fake.model.apiVersion = '1.9';
      await fake.run(async (ctx: FakeRequestContext) => {
        ctx.workbook.worksheets.getItem('S').tables.add('S!A1:B3', true).name = 'T';
      });
      await expect(fake.run(async (ctx: FakeRequestContext) => {
        ctx.workbook.tables.getItem('T').resize('A1:B5');
        await ctx.sync();
      })).rejects.toThrow(/ApiNotFound: Table.resize needs ExcelApi 1.13; this Excel has 1.9/);
      fake.model.apiVersion = '1.13';
      await fake.run(async (ctx: FakeRequestContext) => {
        ctx.workbook.tables.getItem('T').resize('A1:B5');
      });
      expect(fake.model.findTable('T')?.rect.rowCount).toBe(5);
    });
  });

  it('refuses number formats Excel cannot parse', async () => {
    await withSheet(async (_c, fake) => {
      const write = (format: string) => fake.run(async (ctx: FakeRequestContext) => {
        ctx.workbook.worksheets.getItem('S').getRange('A1').numberFormat = [[format]];
      });
      for (const good of ['General', '@', '#,##0', '#,##0.00;[Red]-#,##0.00', '0.0%', '0.0"%"', 'yyyy-mm-dd hh:mm', '#,##0.0##', '[$-409]0.00', '[<0]"neg";0']) await expect(write(good)).resolves.toBeUndefined();
      for (const bad of ['0.0"%', '[Redd]0', '0;0;0;0;0', '@;0', '[Red0']) await expect(write(bad)).rejects.toThrow(/InvalidArgument: number format/);
    });
  });

  it('refuses table and sheet names Excel refuses', async () => {
    await withSheet(async (_c, fake) => {
      await fake.run(async (ctx: FakeRequestContext) => {
        ctx.workbook.worksheets.getItem('S').tables.add('S!D1:E2', true).name = 'Ledger';
      });
      const name = (n: string) => fake.run(async (ctx: FakeRequestContext) => {
        ctx.workbook.tables.getItem(fake.model.tables[0].name).name = n;
      });
      for (const bad of ['A1', 'R1C1', 'R', 'c', '1st', 'has space', 'x'.repeat(256)]) await expect(name(bad)).rejects.toThrow(/invalid table name/);
      await expect(name('Crossdock_stock')).resolves.toBeUndefined();
      expect(fake.model.tables[0].name).toBe('Crossdock_stock');
      for (const bad of ["'Quoted", 'History', 'a/b', 'x'.repeat(32)]) expect(() => fake.model.addSheet(bad)).toThrow(/invalid sheet name/);
    });
  });
});

