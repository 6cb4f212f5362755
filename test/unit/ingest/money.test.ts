import { MACROS, parseExpr } from '../../../pipeline/channels/contract/reportSql';
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';

async function parse(values: string[], type: 'money' | 'timestamp' | 'integer', formats: string[] = []): Promise<unknown[]> {
  const wh = await DuckWarehouse.open(':memory:');
  try {
    return await wh.withConnection(async (conn) => {
      for (const m of MACROS) await conn.run(m);
      const list = values.map((_v, i) => `(${i}, $${i + 1})`).join(', ');
      const rows = await conn.values(`select cast(${parseExpr('x', type, formats)} as varchar) from (values ${list}) v(i, x) order by i`, values);
      return rows.map((r) => r[0]);
    });
  } finally {
    wh.close();
  }
}

describe('parsing channel values in SQL', () => {
  it('reads money as channels write it', async () => {
    expect(await parse(['12.99', '$12.99', 'EUR 12,99', 'AU $3,000.00', '£1,234.5', '1.234,56 €', 'US $-5.00', 'ten'], 'money')).toEqual([
      '12.9900', '12.9900', '12.9900', '3000.0000', '1234.5000', '1234.5600', '-5.0000', null,
    ]);
  });

  it('converts timestamps with offsets to UTC and reads eBay dates', async () => {
    expect(
      await parse(['2024-11-26T10:00:00-08:00', '2025-05-11 09:55:16 -0400', '2024-11-26T10:00:00Z', '2024-11-26 10:00:00', 'Nov-26-24', 'Sep-30-26 23:45:00', 'yesterday'], 'timestamp', ['%b-%d-%y %H:%M:%S', '%b-%d-%y']),
    ).toEqual(['2024-11-26 18:00:00', '2025-05-11 13:55:16', '2024-11-26 10:00:00', '2024-11-26 10:00:00', '2024-11-26 00:00:00', '2026-09-30 23:45:00', null]);
  });

  it('reads locale formats and rejects what is not money, instead of keeping its digits', async () => {
    expect(await parse(['EUR 1.029,00', '1.234.567', '12.99 USD', '-$5.00', 'R$ 12,99', 'CA$12', '$ 1,000', '1,23'], 'money')).toEqual([
      '1029.0000', '1234567.0000', '12.9900', '-5.0000', '12.9900', '12.0000', '1000.0000', '1.2300',
    ]);
    // before: 1e308 → 1308.00, 12abc34 → 1234.00
    expect(await parse(['1e308', '12abc34', '1,2345', '12.3.4', '--5', '0x10', '$', '5 apples', '-$-5'], 'money')).toEqual(Array(9).fill(null));
  });

  it('reads whole numbers only', async () => {
    expect(await parse(['3', ' 4 ', '5.0', '5.5', 'x', '+6', '-2'], 'integer')).toEqual(['3', '4', '5', null, null, '6', '-2']);
    // DuckDB's own cast takes these; no channel writes a quantity that way
    expect(await parse(['1e3', '0x10', '1_000', '99999999999'], 'integer')).toEqual([null, null, null, null]);
  });
});

describe('the fast timestamp path', () => {
  it('agrees with the generic timestamptz parse on offsets either side of UTC and across midnight', async () => {
    const values = ['2024-12-31T23:30:00-08:00', '2025-01-01T00:15:00+05:30', '2024-03-10T01:59:59-0800'.replace('T', ' ').replace('-0800', ' -0800'), '2024-02-29T12:00:00Z', '2024-11-26T10:00:00+00:00'];
    expect(await parse(values, 'timestamp')).toEqual(['2025-01-01 07:30:00', '2024-12-31 18:45:00', '2024-03-10 09:59:59', '2024-02-29 12:00:00', '2024-11-26 10:00:00']);
  });
});
