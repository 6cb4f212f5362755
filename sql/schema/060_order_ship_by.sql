-- The ship-by promise of an order line (issue 13): Amazon's merchant-fulfilled order reports carry
-- latest-ship-date (the unshipped-orders report: promise-date), which the All Orders report lacks.
-- order_ops counts a line late against it when known, and against late_after_hours otherwise.
alter table order_line add column if not exists ship_by_at timestamp;
