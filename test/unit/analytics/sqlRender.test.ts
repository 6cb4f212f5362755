import { MACROS, renderSql, splitArgs, sqlParamNames, sqlRefs } from '../../../pipeline/analytics/sqlRender';

const duck = (sql: string) => renderSql(sql, { engine: 'duckdb' });
const bq = (sql: string) => renderSql(sql, { engine: 'bigquery' });

describe('neutral SQL rendering', () => {
  it('renders days_between with DuckDB (start, end) and BigQuery (end, start) argument order', () => {
    expect(duck('{{ days_between(a.start_date, b.end_date) }}')).toBe("date_diff('day', a.start_date, b.end_date)");
    expect(bq('{{ days_between(a.start_date, b.end_date) }}')).toBe('date_diff(b.end_date, a.start_date, day)');
  });

  it('renders add_days so that the result stays a DATE in both engines', () => {
    expect(duck('{{ add_days(d, 1 - w) }}')).toBe('(d + cast(1 - w as integer))');
    expect(bq('{{ add_days(d, 1 - w) }}')).toBe('date_add(d, interval cast(1 - w as int64) day)');
  });

  it('renders month and ISO-week truncation as DATEs starting on the 1st and on Monday', () => {
    expect(duck('{{ trunc_month(d) }}')).toBe("cast(date_trunc('month', d) as date)");
    expect(bq('{{ trunc_month(d) }}')).toBe('date_trunc(d, month)');
    expect(duck('{{ trunc_iso_week(d) }}')).toBe("cast(date_trunc('week', d) as date)");
    expect(bq('{{ trunc_iso_week(d) }}')).toBe('date_trunc(d, isoweek)');
  });

  it('renders the date spine with generate_series in DuckDB and GENERATE_DATE_ARRAY in BigQuery', () => {
    expect(duck("{{ date_spine(date '2025-01-01', date '2025-01-31') }}")).toContain(
      "generate_series(cast(date '2025-01-01' as timestamp), cast(date '2025-01-31' as timestamp), interval 1 day)",
    );
    expect(bq("{{ date_spine(date '2025-01-01', date '2025-01-31') }}")).toBe(
      "(select date_day from unnest(generate_date_array(date '2025-01-01', date '2025-01-31', interval 1 day)) as date_day)",
    );
  });

  it('renders regex extract, safe cast, split and format with each engine’s function and argument order', () => {
    expect(duck("{{ regex_extract1(s, '^(\\d+)') }}")).toBe("nullif(regexp_extract(s, '^(\\d+)', 1), '')");
    expect(bq("{{ regex_extract1(s, '^(\\d+)') }}")).toBe("regexp_extract(s, '^(\\d+)')");
    expect(duck("{{ try_cast(x, 'float') }}")).toBe('try_cast(x as double)');
    expect(bq("{{ try_cast(x, 'float') }}")).toBe('safe_cast(x as float64)');
    expect(duck("{{ split_nth(s, '-', 2) }}")).toBe("nullif(split_part(s, '-', 2), '')");
    expect(bq("{{ split_nth(s, '-', 2) }}")).toBe("split(s, '-')[safe_offset(2 - 1)]");
    expect(duck('{{ fmt_month(d) }}')).toBe("strftime(d, '%Y-%m')");
    expect(bq('{{ fmt_month(d) }}')).toBe("format_date('%Y-%m', d)");
  });

  it('renders percentile as quantile_cont in DuckDB and APPROX_QUANTILES offset in BigQuery', () => {
    expect(duck('{{ percentile(hours, 0.9) }}')).toBe('quantile_cont(hours, 0.9)');
    expect(bq('{{ percentile(hours, 0.9) }}')).toBe('approx_quantiles(hours, 100)[offset(90)]');
    expect(bq('{{ percentile(hours, 0.5) }}')).toBe('approx_quantiles(hours, 100)[offset(50)]');
    expect(() => bq('{{ percentile(hours, p) }}')).toThrow(/literal probability/);
  });

  it('renders ISO day of week, stddev, bool_or, float type and hours between', () => {
    expect(duck('{{ iso_dow(d) }}')).toBe('isodow(d)');
    expect(bq('{{ iso_dow(d) }}')).toBe('(mod(extract(dayofweek from d) + 5, 7) + 1)');
    expect(duck('{{ stddev(x) }}')).toBe('stddev_samp(x)');
    expect(bq('{{ stddev(x) }}')).toBe('stddev_samp(x)');
    expect(bq('{{ bool_or(x) }}')).toBe('logical_or(x)');
    expect(bq('cast(x as {{ float_type() }})')).toBe('cast(x as float64)');
    expect(bq('{{ hours_between(a, b) }}')).toBe('(timestamp_diff(b, a, second) / 3600.0)');
  });

  it('renders nested placeholders innermost first and keeps nested parentheses in arguments', () => {
    expect(duck('{{ add_days({{ trunc_month(d) }}, -(1 + 2)) }}')).toBe("(cast(date_trunc('month', d) as date) + cast(-(1 + 2) as integer))");
    expect(splitArgs("f(a, b), 'x,y', c")).toEqual(['f(a, b)', "'x,y'", 'c']);
  });

  it('turns $name parameters into @name for BigQuery and leaves DuckDB ones alone', () => {
    expect(bq('where d = cast($as_of as date) and c = $channel')).toBe('where d = cast(@as_of as date) and c = @channel');
    expect(duck('where d = $as_of')).toBe('where d = $as_of');
    expect(sqlParamNames('select $a, $b, $a -- $ignored\n')).toEqual(['a', 'b']);
  });

  it('renders ref() as a bare name, or a back-quoted project.dataset name for BigQuery', () => {
    expect(duck("select * from {{ ref('int_order_lines') }}")).toBe('select * from int_order_lines');
    expect(renderSql("from {{ ref('dim_date') }}", { engine: 'bigquery', relationPrefix: 'proj.crossdock' })).toBe('from `proj.crossdock.dim_date`');
    expect(sqlRefs("{{ ref('a') }} {{ ref( 'b' ) }} {{ ref('a') }}")).toEqual(['a', 'b']);
    expect(() => duck("{{ ref('x; drop table y') }}")).toThrow(/invalid relation name/);
  });

  it('renders ref_skus() as the relation in a full build, and as the changed SKUs’ rows in a partial rebuild', () => {
    const sql = "select * from {{ ref_skus('int_daily_demand') }}";
    expect(duck(sql)).toBe('select * from int_daily_demand');
    expect(renderSql(sql, { engine: 'bigquery', relationPrefix: 'p.d' })).toBe('select * from `p.d.int_daily_demand`');
    const partial = { engine: 'duckdb' as const, changedSkus: "('A', 'B')" };
    // not redone in this pass: filtered in the scan
    expect(renderSql(sql, partial)).toBe("select * from (select * from int_daily_demand as changed_rows where changed_rows.sku in ('A', 'B'))");
    // redone before: its kept copy of those rows
    const kept = { ...partial, changedRelations: new Map([['int_daily_demand', 'cd_skus__int_daily_demand']]) };
    expect(renderSql(sql, kept)).toBe('select * from cd_skus__int_daily_demand');
    expect(renderSql("{{ changed_orders('lines', 'int_daily_demand') }}", kept)).toBe(
      "((lines.channel, lines.order_id) in (select changed_lines.channel, changed_lines.order_id from cd_skus__int_daily_demand as changed_lines where changed_lines.sku in ('A', 'B')))",
    );
    expect(sqlRefs(`${sql} {{ ref('dim_date') }}`)).toEqual(['int_daily_demand', 'dim_date']);
  });

  it('marks DuckDB import CTEs NOT MATERIALIZED so filters reach the table scan, and leaves BigQuery alone', () => {
    const sql = "with\n\norders as (\n    select * from {{ ref('int_order_lines') }}\n),\n\nfinal as (select * from orders where x)";
    expect(duck(sql)).toContain('orders as not materialized (select * from int_order_lines)');
    expect(duck(sql)).toContain('final as (select * from orders where x)');
    expect(bq(sql)).toContain('orders as (\n    select * from int_order_lines\n)');
  });

  it('refuses unknown macros, wrong argument counts and unclosed placeholders', () => {
    expect(() => duck('{{ nope(a) }}')).toThrow(/unknown SQL macro "nope"/);
    expect(() => duck('{{ days_between(a) }}')).toThrow(/takes 2 argument/);
    expect(() => duck('{{ days_between(a, b)')).toThrow(/malformed/);
  });

  it('has a DuckDB and a BigQuery body for every macro', () => {
    for (const [name, macro] of Object.entries(MACROS)) {
      expect([name, typeof macro.duckdb, typeof macro.bigquery]).toEqual([name, 'function', 'function']);
    }
  });
});
