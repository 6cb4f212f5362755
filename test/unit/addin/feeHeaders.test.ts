import { headerLabel } from '../../../addin/core/headers';
import { dataset as orderOps } from '../../../pipeline/analytics/datasets/order_ops';
import { dataset as turnover } from '../../../pipeline/analytics/datasets/turnover';

const FEE_COLUMNS = [
  ...['fulfilment_cost_base', 'referral_fee_base', 'shipping_cost_base', 'other_fees_base', 'total_fees_base', 'fees_share_of_revenue', 'count_orders_with_fees'].map((c) => ['order_ops', c]),
  ...['fees_base', 'fees_per_unit_base', 'margin_after_fees_base'].map((c) => ['turnover', c]),
];

describe('fee column headers in the add-in', () => {
  it.each(FEE_COLUMNS)('%s.%s is a dataset column with a Chinese header free of English words', (name, column) => {
    const definition = name === 'order_ops' ? orderOps : turnover;
    expect(definition.columns.map((c) => c.name)).toContain(column);
    expect(headerLabel(column, 'zh-CN')).not.toMatch(/[A-Za-z]/);
  });

  it('reads the fee columns in English and Chinese', () => {
    expect(headerLabel('fulfilment_cost_base', 'en')).toBe('Fulfilment cost (base)');
    expect(headerLabel('fulfilment_cost_base', 'zh-CN')).toBe('履约费用（本币）');
    expect(headerLabel('fees_share_of_revenue', 'zh-CN')).toBe('费用占收入比');
    expect(headerLabel('margin_after_fees_base', 'zh-CN')).toBe('扣费后毛利（本币）');
    expect(headerLabel('count_orders_with_fees', 'en')).toBe('Orders with fee data');
  });
});
