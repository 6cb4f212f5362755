// What the data holds for the choice parameters (channel, marketplace, location, pool, category)
// and how far it reaches in time, for the catalogue (GET /api/v1/datasets): the add-in fills its
// drop-downs from it and refuses an as_of outside the data before asking. Read from the staging
// and intermediate models, so the answer changes only with the data version.
import type { SqlConnection } from '../warehouse/types';

export type DataDates = {
  /** The first and last day any order, snapshot or return exists (null: no data yet). */
  first: string | null;
  last: string | null;
  /** The as_of a dataset uses when none is given. */
  default_as_of: string | null;
};

export interface ParamCatalogue {
  choices: Record<string, string[]>;
  data_dates: DataDates;
}

/** A drop-down longer than this is no help: the field stays free text. */
export const MAX_CHOICES = 500;

const CHOICE_SQL: Record<string, string> = {
  channel: 'select channel as value from stg_core__listings union select channel from int_order_lines',
  marketplace: 'select marketplace as value from stg_core__listings union select marketplace from int_order_lines',
  location: 'select location_id as value from stg_core__locations',
  pool: 'select pool_id as value from stg_core__locations',
  category: 'select category as value from stg_core__skus',
};

export async function paramCatalogue(conn: SqlConnection): Promise<ParamCatalogue> {
  const choices: Record<string, string[]> = {};
  for (const [param, sql] of Object.entries(CHOICE_SQL)) {
    const rows = await conn.all<{ value: string }>(
      `select value from (${sql}) as known where value is not null and value <> '' group by value order by value limit ${MAX_CHOICES + 1}`,
    );
    if (rows.length > 0 && rows.length <= MAX_CHOICES) choices[param] = rows.map((r) => r.value);
  }
  const [dates] = await conn.all<DataDates>(
    `select cast(first_data_date as varchar) as first, cast(last_data_date as varchar) as last,
            cast(default_as_of_date as varchar) as default_as_of
     from int_data_dates`,
  );
  return { choices, data_dates: dates ?? { first: null, last: null, default_as_of: null } };
}
