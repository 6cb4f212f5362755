// sql/schema is the reviewed DDL that creates the DuckDB tables; pipeline/model/canonical.ts is
// what the code derives from. These tests fail when the two disagree, so a migration that changes
// a canonical table and the declaration change together.
import { DUCKDB_TYPES, TARGET_TABLES, columnsOf, tableSpec } from '../../../pipeline/model/canonical';
import { bigQueryType, describeTable, exportTable } from '../../../pipeline/warehouse/bigquery/tables';
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';

describe('canonical tables created by sql/schema', () => {
  let wh: DuckWarehouse;

  beforeAll(async () => {
    wh = await DuckWarehouse.open(':memory:');
  });

  afterAll(() => wh.close());

  it.each(TARGET_TABLES)('%s has the declared columns, in order, with their types and nullability, after every migration', async (table) => {
    const stored = await wh.all<{ column_name: string; data_type: string; is_nullable: string }>(
      `select column_name, data_type, is_nullable from information_schema.columns
       where table_schema = 'main' and table_name = $table order by ordinal_position`,
      { table },
    );
    const declared = columnsOf(table).map(([name, spec]) => ({
      column_name: name,
      data_type: DUCKDB_TYPES[spec.type],
      is_nullable: spec.nullable ? 'YES' : 'NO',
    }));
    expect(stored).toEqual(declared);
  });

  it.each(TARGET_TABLES)('%s has its natural key as primary key when the schema declares one', async (table) => {
    const [pk] = await wh.all<{ constraint_column_names: string[] | string }>(
      `select constraint_column_names from duckdb_constraints()
       where schema_name = 'main' and table_name = $table and constraint_type = 'PRIMARY KEY'`,
      { table },
    );
    if (!pk) return; // the big fact tables keep their key as a documented one (001_core.sql)
    const columns = typeof pk.constraint_column_names === 'string' ? JSON.parse(pk.constraint_column_names) : pk.constraint_column_names;
    expect(columns).toEqual([...tableSpec(table).key]);
  });

  it.each(TARGET_TABLES)('%s declares the values its schema checks a column against', async (table) => {
    const checks = await wh.all<{ expression: string }>(
      `select expression from duckdb_constraints()
       where schema_name = 'main' and table_name = $table and constraint_type = 'CHECK'`,
      { table },
    );
    const columns = tableSpec(table).columns;
    for (const { expression } of checks) {
      const inList = /^\((\w+) IN \((.*)\)\)$/.exec(expression);
      if (!inList) continue; // a range check (rate_to_base > 0), not a list of values
      const values = inList[2].split(', ').map((v) => v.replace(/^'|'$/g, ''));
      expect({ column: inList[1], values: columns[inList[1]]?.values }).toEqual({ column: inList[1], values });
    }
  });

  it.each(TARGET_TABLES)('%s goes to BigQuery with the declared columns and their BigQuery types', async (table) => {
    const columns = await wh.withConnection((conn) => describeTable(conn, exportTable(table)));
    expect(columns).toEqual(
      columnsOf(table).map(([name, spec]) => ({
        name,
        duckType: DUCKDB_TYPES[spec.type],
        bqType: bigQueryType(DUCKDB_TYPES[spec.type]),
        nullable: spec.nullable ?? false,
      })),
    );
    expect(exportTable(table).key).toEqual(tableSpec(table).key);
  });
});
