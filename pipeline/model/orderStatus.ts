// Order line statuses, normalised across channels (order_line.order_status). The channel's own
// value stays in raw_status. Each report module maps its channel's values (they combine several
// columns, e.g. Amazon's order-status with item-status); these are the only values they produce.
export const ORDER_STATUSES = ['pending', 'unshipped', 'shipped', 'cancelled', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Units of a status count as demand (ordered) unless the line was cancelled (anchors.md B.0). */
export function countsAsDemand(status: OrderStatus): boolean {
  return status !== 'cancelled';
}
