// Base-currency values. A fact's amount converts at the rate of its transaction date, or the
// latest earlier rate (anchors.md B.0); the base currency itself converts at 1; with no rate
// known the base value stays NULL (unknown, not zero). When new rates land, the base values of
// facts in those currencies are recomputed so that rates loaded after the facts still apply.
import type { SqlConnection } from '../warehouse/types';
import { ident, lit } from '../channels/contract/reportSql';
import { MoneyColumns, TARGETS, TargetSpec } from './targets';

/** The rate expression for a fact row aliased `fact`, joined ASOF to `fx` (see fxJoin). */
function rateExpr(currencyColumn: string, baseCurrency: string): string {
  return `(case when fact.${currencyColumn} = ${lit(baseCurrency)} then 1.0 else fx.rate_to_base end)`;
}

/** `asof left join` of the fx_rate table onto facts aliased `fact`. */
function fxJoin(atColumn: string, baseCurrency: string): string {
  return `asof left join (select rate_date, currency_code, rate_to_base from fx_rate where currency_code <> ${lit(baseCurrency)}) fx
      on fact.currency_code = fx.currency_code and cast(fact.${ident(atColumn)} as date) >= fx.rate_date`;
}

/**
 * SQL building `cd_fx_daily` (currency, day, rate): the rate in force on every day from a
 * currency's first rate to the last transaction date of `sourceTable`. Joining facts to this small
 * table on (currency, day) is a plain hash join, much cheaper than an ASOF join over millions.
 * Each day takes the rate of its own date, else of the latest day before it that has one: what an
 * ASOF join onto fx_rate gives (rates are never null), which took 60–150 ms a load here.
 */
export function dailyRatesSql(money: MoneyColumns, sourceTable: string, baseCurrency: string): string {
  return `create or replace temp table cd_fx_daily as
    with bounds as (select max(cast(${ident(money.at)} as date)) as last_day from ${sourceTable}),
    currencies as (
      select currency_code, min(rate_date) as first_day from fx_rate where currency_code <> ${lit(baseCurrency)} group by currency_code
    ),
    days as (
      select currencies.currency_code,
             cast(unnest(generate_series(currencies.first_day, greatest(bounds.last_day, currencies.first_day), interval 1 day)) as date) as day
      from currencies cross join bounds
    )
    select days.currency_code, days.day,
           last_value(fx.rate_to_base ignore nulls) over (partition by days.currency_code order by days.day) as rate_to_base
    from days left join fx_rate fx on days.currency_code = fx.currency_code and days.day = fx.rate_date`;
}

/**
 * SQL inserting the rows of `sourceTable` (having the target's columns except the base/rate
 * ones) into the target, converting its amount to the base currency through `cd_fx_daily`.
 */
export function insertWithBaseSql(target: TargetSpec, columns: string[], sourceTable: string, sourceFileLiteral: string, baseCurrency: string): string {
  const own = columns.map((c) => `fact.${ident(c)}`);
  const names = columns.map(ident);
  const fileName = target.hasSourceFile ? ['source_file'] : [];
  const fileValue = target.hasSourceFile ? [sourceFileLiteral] : [];
  if (!target.money) {
    return `insert into ${target.table} (${[...names, ...fileName].join(', ')}) select ${[...own, ...fileValue].join(', ')} from ${sourceTable} fact`;
  }
  const money = target.money;
  const rate = rateExpr('currency_code', baseCurrency);
  const extraNames = [ident(money.base), ...(money.rate ? [ident(money.rate)] : [])];
  const extraValues = [`cast(round(fact.${ident(money.amount)} * ${rate}, 4) as decimal(18, 4))`, ...(money.rate ? [rate] : [])];
  return `insert into ${target.table} (${[...names, ...extraNames, ...fileName].join(', ')})
    select ${[...own, ...extraValues, ...fileValue].join(', ')}
    from ${sourceTable} fact
    left join cd_fx_daily fx on fact.currency_code = fx.currency_code and cast(fact.${ident(money.at)} as date) = fx.day`;
}

/** Recomputes base values of existing facts in the given currencies (after an FX load). */
export async function recomputeBaseAmounts(conn: SqlConnection, baseCurrency: string, currencies?: string[]): Promise<void> {
  for (const target of Object.values(TARGETS)) {
    if (!target.money) continue;
    const money = target.money;
    const inList = currencies ? `and fact.currency_code in (${currencies.length ? currencies.map(lit).join(', ') : 'null'})` : '';
    const rate = rateExpr('currency_code', baseCurrency);
    const sets = [`${ident(money.base)} = cast(round(${target.table}.${ident(money.amount)} * fresh.rate, 4) as decimal(18, 4))`];
    if (money.rate) sets.push(`${ident(money.rate)} = fresh.rate`);
    await conn.run(
      `update ${target.table} set ${sets.join(', ')}
       from (select fact.rowid as fact_rowid, ${rate} as rate from ${target.table} fact ${fxJoin(money.at, baseCurrency)}
             where fact.currency_code is not null ${inList}) fresh
       where ${target.table}.rowid = fresh.fact_rowid`,
    );
  }
}
