// Code values the server writes into cells (NO_DEMAND, CHANGED_MIND, MATURING, dead, move_stock,
// TRUE/FALSE…) and the codes of its answers (CHANNEL_NOT_CONFIGURED, CD_BAD_PARAMETER…), in
// Simplified Chinese: one reviewable line each. English sheets keep the codes as the API sends
// them (filters and formulas people already wrote use them); a Chinese sheet shows the words.
import { t, type Locale } from './i18n';

/** Columns whose values are codes from a closed set (not free text, not ids). */
export const CODE_COLUMNS = new Set([
  'reason_code', 'value_reason_code', 'rate_note', 'top_reason_code', 'status', 'rule_id', 'suggested_action', 'supply_basis', 'from_supply_basis', 'route', 'claim_status', 'check_code',
  'kind', 'location_kind', 'from_pool_kind', 'to_pool_kind', 'fulfilment', 'fulfilment_type', 'run_status', 'run_kind', 'group_by', 'reason',
  'accuracy_flag', 'demand_method_used', 'demand_method_reason', 'row_kind',
]);

/** Analytics code values → Chinese. */
export const CODE_LABELS_ZH: Record<string, string> = {
  // reason codes of inventory, replenishment, turnover, aged inventory
  NO_DEMAND: '无需求', UNASSIGNED: '未分配库存池', NEW_SKU: '新品', DATA_GAP: '数据缺失', NO_INVENTORY: '无库存', NO_COST: '无成本',
  NO_LEAD_TIME: '无交货期', NEGATIVE_STOCK: '负库存', INACTIVE: '未在售', OPENING_BALANCE: '期初余额', VARIANCE: '有差异',
  // slow movers
  DEAD_NO_SALES_N: '滞销（长期无销售）', EXCESS_DOS: '过剩（可售天数过高）', SLOW_WOC: '慢销（可售周数过高）',
  dead: '滞销', excess: '过剩', slow: '慢销', new: '新品', healthy: '正常',
  move_stock: '调拨到缺货的库存池', clearance_discount: '清仓打折', stop_reordering: '停止补货', none: '无需操作',
  // days of supply basis and transfer routes (pool_cover, transfer_plan)
  pool_demand: '本库存池需求', network_demand: '全网需求（供货仓）', same_country: '同一市场内', from_hub: '从供货仓发出',
  // return reasons (pipeline/model/returnReasons.ts) and return notes
  DEFECTIVE: '质量问题', DAMAGED_IN_TRANSIT: '运输中损坏', NOT_AS_DESCRIBED: '与描述不符', WRONG_ITEM_SENT: '发错货', SIZE_FIT: '尺码不合适',
  CHANGED_MIND: '买家改变主意', MISSING_PARTS: '缺少配件', LATE_DELIVERY: '送达太晚', NOT_COMPATIBLE: '不兼容', OTHER: '其他', UNKNOWN: '未知',
  CARRIER_DAMAGED: '承运商损坏', CUSTOMER_DAMAGED: '客户损坏', MATURING: '近期销售，退货尚未到齐',
  // FBA reconciliation
  CLAIM_LOST: '可索赔：丢失', CLAIM_DAMAGED: '可索赔：损坏', CLAIM_RETURN_NOT_RECEIVED: '可索赔：退货未收到', RECONCILED: '已核对', WAIT: '等待中', EXPIRED: '已过索赔期',
  // data quality
  RETURN_UNPLACED: '退货无法归入库存池', ORDER_LINES_UNLOCATED: '订单行没有仓库', SOURCE_ENDS_EARLY: '数据源提前结束', SOURCE_AHEAD: '数据源超前',
  // oversell, locations, fulfilment
  incident: '已超卖', risk: '超卖风险', fba: 'FBA', '3pl': '第三方仓', own: '自有仓', merchant: '自发货',
  // pipeline runs
  running: '运行中', succeeded: '成功', partial: '部分成功', failed: '失败', scheduled: '定时', manual: '手动',
  // forecast accuracy, replenishment's demand method, forecast rows
  OK: '可信', BIASED: '有偏差', POOR: '误差大', UNSCORED: '未回测', FORECAST: '按预测', REQUESTED: '按要求', NO_FORECAST: '无预测', UNSCORED_FORECAST: '预测未回测',
  forecast: '预测', trailing_mean: '近期均值', history: '历史',
  // turnover grouping
  sku: '按 SKU', sku_pool: '按 SKU 与库存池', pool: '按库存池', category: '按品类', channel: '按渠道', all: '全部',
};

/** Codes of the write-back's per-row answers (plan rejections, push outcomes, warnings) → Chinese. */
export const REASON_LABELS_ZH: Record<string, string> = {
  CHANNEL_NOT_CONFIGURED: '此渠道未配置库存写入',
  FBA_NOT_SETTABLE: 'FBA 库存由亚马逊管理，不能修改',
  UNKNOWN_LISTING: '服务器上没有这个商品',
  VERSION_REQUIRED: '缺少版本：请刷新库存表',
  NOT_INTEGER: '不是整数',
  NEGATIVE: '数量不能为负数',
  NO_CHANGE: '与渠道数量相同，无需推送',
  DUPLICATE_ROW: '同一商品出现了两次',
  ABOVE_SANITY_CAP: '数量大得不合常理',
  ABOVE_AVAILABLE: '超过了供货库存池的可用数量',
  CHANNEL_CONFLICT: '渠道上的数量已变化',
  SHARED_QUANTITY_CONFLICT: '共用数量的商品修改不一致',
  CHANNEL_ERROR: '渠道返回错误',
  NOT_APPLIED: '渠道没有应用修改，可以重新推送',
  NOT_SENT: '尚未发送',
  OUTCOME_UNKNOWN: '结果未知：正在与渠道核对',
  RECONCILING: '正在与渠道核对',
  VERIFICATION_TIMEOUT: '渠道长时间未确认',
  CD_NOT_PLANNED: '服务器没有为此行制定计划',
  CD_STOCK_FBA: 'FBA 库存由亚马逊管理，不能修改',
  CD_STOCK_STALE: '刷新后渠道上的数量已变化',
  CD_STOCK_UNKNOWN_LISTING: '服务器上没有这个商品',
};

/** Error codes of the API (docs/api.md) → Chinese, for the pane's notices. */
export const ERROR_LABELS_ZH: Record<string, string> = {
  CD_AUTH_REQUIRED: '需要访问令牌',
  CD_AUTH_INVALID: '令牌无效或已被吊销',
  CD_AUTH_FORBIDDEN: '此令牌的角色无权执行该操作',
  CD_AUTH_RATE_LIMITED: '无效令牌尝试过多，请稍后再试',
  CD_ORIGIN_FORBIDDEN: '服务器不接受来自此网址的请求',
  CD_BAD_PARAMETER: '参数有误',
  CD_USAGE: '请求有误',
  CD_DATASET_UNKNOWN: '服务器没有这个数据集',
  CD_NOT_FOUND: '找不到',
  CD_CONFLICT: '与刚刚的修改冲突',
  CD_REQUEST_TIMEOUT: '请求超时',
  CD_BODY_TOO_LARGE: '请求太大',
  CD_TOO_MANY_ROWS: '结果行数超过工作表的容量，请加筛选条件',
  CD_STOCK_TOO_MANY_ROWS: '一次推送的行数太多',
  CD_STOCK_BODY_INVALID: '推送内容有误',
  CD_IDEMPOTENCY_KEY_REUSED: '同一推送编号用于了不同的修改',
  CD_DATA_INVALID: '数据无法使用',
  CD_RETRY_LATER: '服务器忙，请稍后再试',
  CD_DB_LOCKED: '数据库正忙，请稍后再试',
  CD_RATE_LIMITED: '请求过于频繁，请稍后再试',
  CD_PIPELINE_OFF: '服务器未配置数据管道',
  CD_INTERNAL: '服务器内部错误',
};

/** A code value as a Chinese sheet shows it; unknown values and English sheets keep the code. */
export function codeLabel(value: string, locale: Locale): string {
  return locale === 'zh-CN' ? (CODE_LABELS_ZH[value] ?? value) : value;
}

/** TRUE/FALSE in a Chinese sheet: 是 / 否 (Chinese Excel itself shows TRUE/FALSE). */
export const BOOLEAN_LABELS_ZH = { true: '是', false: '否' } as const;

/** The Chinese words for a write-back reason code, or null when there are none. */
export function reasonLabel(code: string | undefined, locale: Locale): string | null {
  return locale === 'zh-CN' && code ? (REASON_LABELS_ZH[code] ?? null) : null;
}

/**
 * An error answer of the server in the pane's language. The server writes its messages in
 * English; a Chinese pane says what a known code means and quotes the server's detail after it.
 */
export function httpErrorText(locale: Locale, status: number, code: string, message: string): string {
  const label = locale === 'zh-CN' ? ERROR_LABELS_ZH[code] : undefined;
  return label ? t(locale, 'error.httpKnown', { label, status, code, message }) : t(locale, 'error.http', { status, code, message });
}

/** One source in a data-dates warning: "all channels orders end D", "stock at FBA-US ends D". */
function sourceZh(item: string): string {
  const orders = /^(.+) orders end (\d{4}-\d{2}-\d{2})$/.exec(item);
  if (orders) return orders[1] === 'all channels' ? `全部渠道订单截至 ${orders[2]}` : `${orders[1]} 订单截至 ${orders[2]}`;
  const stock = /^stock at (.+) ends (\d{4}-\d{2}-\d{2})$/.exec(item);
  if (stock) return `${stock[1]} 库存截至 ${stock[2]}`;
  const more = /^and (\d+) more$/.exec(item);
  return more ? `另有 ${more[1]} 个` : item;
}

/** "a, b and 3 more" → the items in Chinese, joined. */
function sourcesZh(list: string): string {
  return list.replace(/ and (\d+) more$/, ', and $1 more').split(', ').map(sourceZh).join('，');
}

/**
 * The server's notes on the data behind a dataset (pipeline/analytics/dataDates.ts) in the pane's
 * language; a note of another shape stays as the server wrote it.
 */
export function dataWarningText(warning: string, locale: Locale): string {
  if (locale !== 'zh-CN') return warning;
  const before = /^Data ends before as_of (\d{4}-\d{2}-\d{2}): (.+)\. Later days count as unknown stock and no orders\.$/.exec(warning);
  if (before) return t(locale, 'warning.dataEnds', { asOf: before[1], sources: sourcesZh(before[2]) });
  const defaulted = /^as_of defaults to (\d{4}-\d{2}-\d{2}), the last day orders and stock are both complete; newer data waits for the other sources: (.+)\.$/.exec(warning);
  if (defaulted) return t(locale, 'warning.defaultAsOf', { asOf: defaulted[1], sources: sourcesZh(defaulted[2]) });
  return warning;
}
