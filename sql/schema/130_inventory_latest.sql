-- key: (sku, location_id). The latest end-of-day snapshot of each sku at each location, the
-- rows of inventory_snapshot with the greatest snapshot_date per pair (issue 14, goal 1): the
-- stock dataset and the write-back's plans read it instead of aggregating the whole snapshot
-- history on every request (14.6M snapshots at 10M order lines: 270 → 70 ms). Kept by
-- bumpDataVersion, in the transaction of every write that may touch inventory_snapshot
-- (pipeline/warehouse/latestSnapshots.ts), so it is never behind the table it summarises.
create table if not exists inventory_latest (
    sku varchar not null,
    location_id varchar not null,
    snapshot_date date not null,
    available_units integer not null
);

insert into inventory_latest (sku, location_id, snapshot_date, available_units)
select sku, location_id, max(snapshot_date), max_by(available_units, snapshot_date)
from inventory_snapshot
where not exists (select 1 from inventory_latest)
group by sku, location_id;
