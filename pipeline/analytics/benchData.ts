// A deterministic, large canonical dataset generated inside DuckDB (no files, no ingest), for the
// analytics benchmark: N order lines over D days, S SKUs each stocked at two locations with a
// daily end-of-day snapshot (sawtooth stock with stock-outs and 0.5 % missing days), returns,
// listings and daily FX. Pseudo-random values come from hash(), so the same sizes always give
// the same data.
import type { SqlConnection } from '../warehouse/types';

export interface BenchDataOptions {
  orderLines: number;
  skus: number;
  days: number;
  endDate: string; // YYYY-MM-DD, the last day of data
}

/** u(key…) ∈ [0, 1): a reproducible uniform number from the hash of its arguments. */
const u = (...parts: string[]) => `((hash(${parts.join(", '|', ")}) % 1000000) / 1000000.0)`;

export function benchDataStatements({ orderLines, skus, days, endDate }: BenchDataOptions): string[] {
  const start = `(date '${endDate}' - ${days - 1})`;
  return [
    `insert into location (location_id, location_name, location_kind, country_code, pool_id, is_settable) values
       ('FBA-US', 'Amazon FBA US', 'fba', 'US', 'FBA-NA', false),
       ('FBA-DE', 'Amazon FBA DE', 'fba', 'DE', 'FBA-EU', false),
       ('3PL-US-1', '3PL New Jersey', '3pl', 'US', '3PL-US', true),
       ('OWN-SZ', 'Own warehouse Shenzhen', 'own', 'CN', 'OWN-SZ', true)`,
    `insert into sku (sku, title, category, unit_cost_amount, cost_currency_code, lead_time_days, lead_time_sd_days, moq_units, case_pack_units)
     select
         'SKU-' || lpad(cast(i as varchar), 5, '0'),
         'Bench product ' || cast(i as varchar),
         'category-' || cast(i % 20 as varchar),
         round(2 + 48 * ${u("'cost'", 'i')}, 2),
         case i % 5 when 0 then 'EUR' when 1 then 'GBP' else 'USD' end,
         20 + floor(40 * ${u("'lead'", 'i')}),
         floor(10 * ${u("'leadsd'", 'i')}),
         case when i % 3 = 0 then 100 else 1 end,
         case when i % 4 = 0 then 12 else 1 end
     from range(${skus}) as t(i)`,
    `insert into fx_rate (rate_date, currency_code, rate_to_base, rate_source)
     select cast(${start} + cast(d as integer) as date), currency, base + 0.03 * sin(d / 30.0), 'bench'
     from range(${days}) as t(d)
     cross join (values ('EUR', 1.08), ('GBP', 1.27)) as c(currency, base)`,
    // each sku sits at FBA-US and at one of 3PL-US-1, OWN-SZ, FBA-DE; demand share is skewed
    `create temp table bench_placement as
     select
         i as sku_index,
         'SKU-' || lpad(cast(i as varchar), 5, '0') as sku,
         location_id,
         -- expected units a day at this location: a long-tailed catalogue
         ${orderLines} * 2.0 / ${days} * (case when location_id = 'FBA-US' then 0.7 else 0.3 end)
             * (1.0 / power(i + 1, 0.9)) / (select sum(1.0 / power(j + 1, 0.9)) from range(${skus}) as s(j)) as daily_units,
         30 + cast(floor(60 * ${u("'cycle'", 'i', 'location_id')}) as integer) as cycle_days,
         cast(floor(1000 * ${u("'offset'", 'i', 'location_id')}) as integer) as offset_days
     from range(${skus}) as t(i)
     cross join (values ('FBA-US', 0), ('3PL-US-1', 1), ('OWN-SZ', 2), ('FBA-DE', 3)) as l(location_id, slot)
     where slot = 0 or slot = 1 + i % 3`,
    `insert into inventory_snapshot (snapshot_date, sku, location_id, on_hand_units, available_units, reserved_units, inbound_units, unfulfillable_units, source_file)
     select
         snapshot_date, sku, location_id, on_hand, on_hand - reserved, reserved, inbound, unfulfillable, 'bench'
     from (
         select
             cast(${start} + cast(d as integer) as date) as snapshot_date,
             sku,
             location_id,
             greatest(0, cast(round(ceil(daily_units * cycle_days * 1.1) + 3
                 - ((d + offset_days) % cycle_days) * daily_units * 1.15) as integer)) as on_hand,
             0 as reserved,
             case when (d + offset_days) % cycle_days > cycle_days / 2 then cast(ceil(daily_units * cycle_days) as integer) else 0 end as inbound,
             cast(${u("'unf'", 'sku')} * 3 as integer) as unfulfillable,
             d
         from bench_placement
         cross join range(${days}) as t(d)
     ) as grid
     where hash(sku, location_id, d) % 200 <> 0`,
    `create temp table bench_cumulative as
     select sku, location_id, sku_index,
         sum(daily_units) over (order by sku_index, location_id rows between unbounded preceding and current row)
             / sum(daily_units) over () as cum_share
     from bench_placement`,
    `insert into order_line (channel, marketplace, order_id, line_id, sku, quantity_units, item_price_amount, currency_code, item_price_base, fx_rate,
                             order_status, fulfilment, location_id, ordered_at, shipped_at, source_file)
     select
         channel,
         case when channel = 'amazon' and location_id = 'FBA-DE' then 'DE' else 'US' end,
         'B' || cast(n // 2 as varchar),
         cast(n % 2 as varchar),
         sku,
         quantity,
         quantity * unit_price,
         'USD',
         quantity * unit_price,
         1.0,
         case when status_u < 0.02 then 'cancelled'
              when ordered_at > timestamp '${endDate} 00:00:00' - interval 2 day and status_u < 0.5 then 'unshipped'
              when status_u > 0.985 then 'refunded'
              else 'shipped' end,
         case when location_id like 'FBA%' then 'fba' else 'merchant' end,
         location_id,
         ordered_at,
         case when status_u < 0.02 or (ordered_at > timestamp '${endDate} 00:00:00' - interval 2 day and status_u < 0.5) then null
              else least(ordered_at + to_seconds(cast(3600 * (2 + 70 * ${u("'ship'", 'n')}) as bigint)), timestamp '${endDate} 23:59:59') end,
         'bench'
     from (
         select
             n,
             placement.sku,
             placement.location_id,
             case when placement.location_id like 'FBA%' then 'amazon'
                  else (array['ebay', 'shopify', 'aliexpress', 'amazon'])[1 + cast(n % 4 as integer)] end as channel,
             1 + cast(floor(3 * ${u("'qty'", 'n')} * ${u("'qty2'", 'n')}) as integer) as quantity,
             round(8 + 60 * ${u("'price'", 'placement.sku')}, 2) as unit_price,
             ${u("'status'", 'n')} as status_u,
             timestamp '${endDate} 00:00:00' - to_seconds(cast(86400 * ${days} * ${u("'day'", 'n')} as bigint)) + interval 1 day as ordered_at
         from range(${orderLines}) as t(n)
         asof join bench_cumulative as placement
             on ${u("'pick'", 'n')} <= placement.cum_share
     ) as generated`,
    `insert into return_line (channel, marketplace, return_line_id, order_id, sku, quantity_units, returned_at, raw_reason, reason_code,
                              disposition, is_restocked, location_id, source_file)
     select
         channel, marketplace, order_id || '|' || line_id, order_id, sku, 1,
         least(shipped_at + to_days(cast(5 + 35 * ${u("'rday'", 'order_id', 'line_id')} as integer)), timestamp '${endDate} 23:00:00'),
         reason, reason,
         case when ${u("'disp'", 'order_id', 'line_id')} < 0.6 then 'sellable' else 'customer_damaged' end,
         ${u("'disp'", 'order_id', 'line_id')} < 0.6,
         location_id,
         'bench'
     from (
         select *, (array['DEFECTIVE', 'CHANGED_MIND', 'NOT_AS_DESCRIBED', 'SIZE_FIT', 'DAMAGED_IN_TRANSIT', 'WRONG_ITEM_SENT', 'LATE_DELIVERY', 'OTHER'])
             [1 + cast(hash(order_id, 'reason') % 8 as integer)] as reason
         from order_line
         where shipped_at is not null and hash(order_id, line_id, 'ret') % 33 = 0
     ) as returned`,
    `insert into listing (listing_id, channel, marketplace, sku, fulfilment, location_id, listing_status, channel_quantity_units, channel_quantity_seen_at, source_file)
     select
         channel || ':US:' || sku || ':' || fulfilment, channel, 'US', sku, fulfilment, location_id, 'active',
         cast(floor(200 * ${u("'listed'", 'sku', 'channel')}) as integer), timestamp '${endDate} 12:00:00', 'bench'
     from bench_placement
     cross join (values ('amazon', 'fba'), ('ebay', 'merchant'), ('shopify', 'merchant')) as c(channel, fulfilment)
     where (fulfilment = 'fba') = (location_id = 'FBA-US')`,
    'drop table bench_placement',
    'drop table bench_cumulative',
  ];
}

export async function writeBenchData(conn: SqlConnection, options: BenchDataOptions): Promise<void> {
  for (const sql of benchDataStatements(options)) await conn.run(sql);
}
