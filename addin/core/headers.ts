// Column names (snake_case from the API) → sheet header labels in English and Simplified Chinese,
// and back. English: the name humanised ("on_hand_units" → "On hand units"). Chinese: built from
// a phrase dictionary, longest match first, so new columns translate without a code change;
// unknown words stay in English rather than being guessed.
import { COLUMN_LABELS, mixesScripts } from './columnLabels';
import type { Locale } from './i18n';

const ACRONYMS: Record<string, string> = {
  sku: 'SKU', skus: 'SKUs', fba: 'FBA', fbm: 'FBM', id: 'ID', ids: 'IDs', cogs: 'COGS', abc: 'ABC', xyz: 'XYZ',
  moq: 'MOQ', asin: 'ASIN', fx: 'FX', p50: 'P50', p90: 'P90', p95: 'P95', '3pl': '3PL', eoq: 'EOQ', rop: 'ROP',
  gmroi: 'GMROI', url: 'URL', utc: 'UTC', abc_xyz: 'ABC-XYZ', ean: 'EAN', upc: 'UPC', cv: 'CV',
  fnsku: 'FNSKU',
};

/** Phrases (as token sequences joined by "_") → Chinese. Longer phrases win over their parts. */
const ZH: Record<string, string> = {
  sku: 'SKU', title: '标题', name: '名称', channel: '渠道', marketplace: '站点', location: '仓库', pool: '库存池',
  category: '品类', listing: '商品', fulfilment: '履约方式', fulfillment: '履约方式', on_hand: '在手', available: '可用',
  reserved: '预留', inbound: '在途', unfulfillable: '不可售', units: '件数', quantity: '数量', qty: '数量',
  value: '价值', cost: '成本', unit_cost: '单位成本', amount: '金额', base: '（本币）', currency: '币种', currency_code: '币种',
  days_of_supply: '可售天数', days: '天数', day: '天', date: '日期', at: '时间', as_of: '截至日期', window: '窗口',
  turnover: '周转率', unit_turnover: '件数周转率', cogs_turnover: '成本周转率', cogs: '销货成本', annualised: '年化',
  annualized: '年化', average: '平均', avg: '平均', inventory: '库存', average_inventory: '平均库存', days_of_inventory: '库存天数',
  sell_through: '售罄', rate: '率', pct: '（%）', shipped: '已发货', sold: '已售', sales: '销售', revenue: '收入',
  orders: '订单数', order: '订单', order_id: '订单号', order_count: '订单数', count: '数量', returns: '退货', return: '退货',
  returned: '退货', return_rate: '退货率', return_units: '退货件数', reason: '原因', raw_reason: '原始原因', reason_code: '原因代码',
  top_reason: '主要原因', disposition: '处置', sellable: '可售', unsellable: '不可售', restocked: '已回库', trend: '趋势',
  previous: '上期', listing_issue: '商品描述问题', not_as_described: '与描述不符', is: '是否', has: '是否有',
  age: '库龄', aged: '库龄', bucket: '区间', avg_age: '平均库龄', age_days: '库龄天数', excess: '冗余', low_inventory: '低库存',
  surcharge: '附加费', fee: '费用', band: '区间', flag: '标记', dead: '滞销', dead_stock: '滞销库存', slow: '慢动',
  slow_mover: '慢动销', class: '分类', abc_class: 'ABC 分类', xyz_class: 'XYZ 分类', abc_xyz: 'ABC-XYZ', since: '自',
  last_sale: '最后销售', days_since_last_sale: '距上次销售天数', tied_up: '占用', suggested: '建议', action: '操作',
  suggested_action: '建议操作', demand: '需求', daily: '每日', sigma: '标准差', sd: '标准差', lead_time: '交货期',
  service_level: '服务水平', z: 'Z 值', safety_stock: '安全库存', reorder_point: '再订货点', inventory_position: '库存状况',
  order_quantity: '订货量', suggested_order: '建议订货', seasonality: '季节性', uplift: '提升', peak: '高峰', from: '从',
  to: '到', from_location: '调出仓库', to_location: '调入仓库', transfer: '调拨', move: '调拨', shortfall: '缺口',
  incident: '事件', risk: '风险', oversell: '超卖', processing: '处理', hours: '小时', median: '中位数', late: '延迟',
  shipments: '发货', ship: '发货', ordered: '下单', first: '首次', last: '最近', seen: '看到', seen_at: '看到时间',
  channel_quantity: '渠道数量', new_quantity: '新数量', baseline_quantity: '基准数量', baseline_version: '基准版本',
  version: '版本', editable: '可编辑', status: '状态', message: '消息', suggested_quantity: '建议数量', feeds: '供货',
  feeding: '供货', stock: '库存', supplier: '供应商', receipt: '入库', received: '入库', per: '每', total: '合计',
  share: '占比', rank: '排名', run: '运行', started: '开始', finished: '结束', rows: '行', read: '读取', loaded: '已加载',
  rejected: '已拒绝', watermark: '水位', before: '之前', after: '之后', error: '错误', stream: '数据流', kind: '类型',
  country: '国家', snapshot: '快照', stale: '过期', price: '价格', id: 'ID', key: '键', type: '类型', level: '层级', group: '分组', week: '周', month: '月',
  year: '年', target: '目标', threshold: '阈值', max: '最大', min: '最小', cap: '上限', floor: '下限', buffer: '缓冲',
  net: '净', gross: '毛', margin: '毛利', profit: '利润', in_stock: '有货', out_of_stock: '缺货', stockout: '缺货',
  gap: '缺口', note: '备注', notes: '备注', comment: '评论', comments: '评论', customer: '客户', updated: '更新',
  created: '创建', verified: '已验证', change: '修改', changes: '修改', units_shipped: '发货件数', units_sold: '销售件数',
  units_returned: '退货件数', on_hand_units: '在手件数', available_units: '可用件数', reserved_units: '预留件数',
  inbound_units: '在途件数', unfulfillable_units: '不可售件数',
  // fba_reconciliation (Amazon Inventory Ledger)
  fnsku: 'FNSKU', period: '期间', start: '开始', end: '结束', starting_balance: '期初余额', ending_balance: '期末余额',
  expected_ending: '预期期末', receipts: '入库', transfers: '调拨', vendor_returns: '移除退回', found: '找回', lost: '丢失',
  damaged_warehouse: '仓库损坏', disposed: '已销毁', other_adjustment: '其他调整', variance: '差异', balance: '余额',
  shipment: '发货', order_shipped: '订单发货', order_returned: '订单退货', customer_damaged: '客户损坏',
  not_received: '未收到', net_lost: '净丢失', ledger: '库存分类账', unreconciled: '未核对', claimable: '可索赔',
  damaged: '损坏', waiting: '等待中', expired: '已过期', selling_price: '售价', claim: '索赔',
  claim_deadline: '索赔截止', deadline: '截止', claim_status: '索赔状态', at_price: '（按售价）', days_to_deadline: '距截止天数',
  // channel fees (order_ops, turnover)
  fees: '费用', fulfilment_cost: '履约费用', referral_fee: '佣金', shipping_cost: '运费', other_fees: '其他费用',
  total_fees: '费用合计', fees_share_of_revenue: '费用占收入比', count_orders_with_fees: '有费用数据的订单数',
  fees_per_unit: '单件费用', margin_after_fees: '扣费后毛利',
};

const MAX_PHRASE_TOKENS = 4;

function humanise(name: string): string {
  const tokens = name.split('_').filter((t) => t !== '');
  const words = tokens.map((t, i) => ACRONYMS[t.toLowerCase()] ?? (i === 0 ? t.charAt(0).toUpperCase() + t.slice(1) : t));
  // Unit suffixes read better as a note: "Revenue (base)", "Sell through (%)".
  const last = tokens[tokens.length - 1]?.toLowerCase();
  if (tokens.length > 1 && (last === 'base' || last === 'pct')) words[words.length - 1] = last === 'base' ? '(base)' : '(%)';
  return words.join(' ');
}

function toChinese(name: string): string {
  const tokens = name.toLowerCase().split('_').filter((t) => t !== '');
  const parts: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    let matched = false;
    for (let n = Math.min(MAX_PHRASE_TOKENS, tokens.length - i); n >= 1; n--) {
      const phrase = tokens.slice(i, i + n).join('_');
      if (phrase in ZH) {
        parts.push(ZH[phrase]);
        i += n;
        matched = true;
        break;
      }
    }
    if (!matched) {
      parts.push(/^\d+$/.test(tokens[i]) ? tokens[i] : (ACRONYMS[tokens[i]] ?? tokens[i]));
      i++;
    }
  }
  // Chinese runs join without spaces; a Latin/number token keeps a space on its Latin side.
  return parts.reduce((acc, p) => (acc === '' ? p : /[A-Za-z0-9)]$/.test(acc) && /^[A-Za-z0-9(]/.test(p) ? `${acc} ${p}` : acc + p), '');
}

/**
 * The header label of a column in a locale: the reviewed table (columnLabels.ts) first; for a
 * column it lacks, the phrase dictionary, and English when that would leave Latin words inside a
 * Chinese header (one language per header, never half of each).
 */
export function headerLabel(name: string, locale: Locale): string {
  const known = COLUMN_LABELS[name];
  if (known) return locale === 'zh-CN' ? known.zh : known.en;
  if (locale !== 'zh-CN') return humanise(name);
  const zh = toChinese(name);
  return mixesScripts(zh) ? humanise(name) : zh;
}

/**
 * Finds a column's position in a header row written in any locale (headers may also be the raw
 * names if someone typed them, or the generated labels of sheets refreshed by older versions).
 * -1 when absent.
 */
export function findColumn(headers: readonly string[], name: string): number {
  const candidates = new Set([name, headerLabel(name, 'en'), headerLabel(name, 'zh-CN'), humanise(name), toChinese(name)].map((s) => s.trim().toLowerCase()));
  return headers.findIndex((h) => candidates.has(String(h).trim().toLowerCase()));
}
