// Message tables for the pane and the sheets, English and Simplified Chinese. Pure data + lookup.
export type Locale = 'en' | 'zh-CN';
export const LOCALES: readonly Locale[] = ['en', 'zh-CN'];

/** Office's display language ('zh-CN', 'zh-Hans-CN', 'en-GB', …) → one of our locales. */
export function localeFromOffice(displayLanguage: string | undefined | null): Locale {
  const tag = (displayLanguage ?? '').toLowerCase();
  // Traditional Chinese (zh-TW, zh-HK, zh-Hant) is not Simplified: English is the safer fallback.
  if (tag === 'zh' || tag.startsWith('zh-cn') || tag.startsWith('zh-hans') || tag.startsWith('zh-sg')) return 'zh-CN';
  return 'en';
}

const en = {
  'app.title': 'Crossdock',
  'app.subtitle': 'Inventory & order analytics',
  'lang.label': 'Language',
  'connect.heading': 'Connection',
  'connect.server': 'Server URL',
  'connect.token': 'Access token',
  'connect.button': 'Connect',
  'connect.disconnect': 'Disconnect',
  'connect.connecting': 'Connecting…',
  'connect.connected': 'Connected to {server} as {name} ({role}).',
  'connect.note': 'The token is kept in this browser only, never in the workbook.',
  'connect.missing': 'Enter the server URL and a token.',
  'role.analyst': 'analyst',
  'role.manager': 'manager',
  'refresh.heading': 'Refresh data',
  'refresh.datasets': 'Datasets',
  'refresh.all': 'All',
  'refresh.none': 'None',
  'refresh.params': 'Parameters',
  'refresh.button': 'Refresh',
  'refresh.noneSelected': 'Choose at least one dataset.',
  'refresh.fetching': 'Fetching {dataset}…',
  'refresh.writing': 'Writing {dataset}: {done} of {total} rows',
  'refresh.done': 'Refreshed {count} datasets ({rows} rows) in {seconds} s.',
  'refresh.failedOne': '{dataset}: {message}',
  'refresh.stockEditsWarning': 'The stock sheet has {count} unpushed edits. Refreshing it will overwrite them.',
  'refresh.overwrite': 'Refresh and discard edits',
  'refresh.cancel': 'Cancel',
  'param.as_of': 'As of',
  'param.window_days': 'Window (days)',
  'param.channel': 'Channel',
  'param.marketplace': 'Marketplace',
  'param.location': 'Location',
  'param.sku_prefix': 'SKU prefix',
  'param.category': 'Category',
  'param.any': '(any)',
  'param.invalidDate': '{param}: use a date like 2026-11-26.',
  'param.invalidInteger': '{param}: use a whole number.',
  'param.invalidNumber': '{param}: use a number.',
  'stock.heading': 'Stock',
  'stock.review': 'Review changes',
  'stock.push': 'Push to channels',
  'stock.retry': 'Retry failed',
  'stock.revert': 'Revert edits',
  'stock.noSheet': 'Refresh the Stock dataset first: edits are made in its "new quantity" column.',
  'stock.noEdits': 'No edits: change values in the "new quantity" column, then review.',
  'stock.reading': 'Reading edits…',
  'stock.planning': 'Asking the server for a plan…',
  'stock.pushing': 'Pushing {count} changes…',
  'stock.planSummary': '{changes} changes ready, {rejected} rejected.',
  'stock.batches': 'Batches: {batches}',
  'stock.batch': '{channel}: {rows} rows in {calls} calls',
  'stock.pushResult': 'Applied {applied}, pending verification {pending}, conflict {conflict}, failed {failed}, rejected {rejected}.',
  'stock.reverted': 'Reverted {count} edits.',
  'stock.pushDisabledAnalyst': 'Push is disabled: this token has the analyst role. Ask for a manager token.',
  'stock.irreversible': 'A push changes what the channels show. Excel Undo cannot take it back.',
  'stock.noFailed': 'No failed rows to retry.',
  'stock.nothingToPush': 'Nothing to push: every change was rejected.',
  'stock.reviewFirst': 'Review the changes first.',
  'stock.changedSinceReview': 'The edits changed since the review: review again.',
  'status.applied': 'applied',
  'status.pending_verification': 'pending verification',
  'status.conflict': 'conflict',
  'status.failed': 'failed',
  'status.rejected': 'rejected',
  'status.invalid': 'invalid',
  'status.ready': 'ready',
  'invalid.blank': 'Enter a whole number (blank is not allowed).',
  'invalid.notInteger': 'Not a whole number: {value}.',
  'invalid.negative': 'Quantity cannot be negative.',
  'invalid.notEditable': 'This listing is not editable here (e.g. FBA stock belongs to Amazon).',
  'invalid.noListing': 'Row has no listing key.',
  'conflict.message': 'Changed on the channel (now {quantity}); refresh the stock sheet and edit again.',
  'sheet.refreshed': 'Refreshed {at} UTC · data version {version} · {params}',
  'sheet.chartData': 'Chart data',
  'chart.returnReasons': 'Return units by reason',
  'chart.turnoverByChannel': 'Turnover by channel',
  'chart.agedBuckets': 'Aged inventory by bucket',
  'error.network': 'Cannot reach {server}: {message}',
  'error.http': '{status} {code}: {message}',
  'error.unauthorized': 'The server refused the token (401). Check it or create a new one.',
  'error.forbidden': 'This token’s role may not do that (403).',
  'error.excel': 'Excel refused the change: {message}',
  'busy.wait': 'Working…',
} as const;

export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = {
  'app.title': 'Crossdock',
  'app.subtitle': '库存与订单分析',
  'lang.label': '语言',
  'connect.heading': '连接',
  'connect.server': '服务器地址',
  'connect.token': '访问令牌',
  'connect.button': '连接',
  'connect.disconnect': '断开',
  'connect.connecting': '正在连接…',
  'connect.connected': '已连接 {server}，用户 {name}（{role}）。',
  'connect.note': '令牌只保存在此浏览器中，不会写入工作簿。',
  'connect.missing': '请输入服务器地址和令牌。',
  'role.analyst': '分析员',
  'role.manager': '经理',
  'refresh.heading': '刷新数据',
  'refresh.datasets': '数据集',
  'refresh.all': '全选',
  'refresh.none': '全不选',
  'refresh.params': '参数',
  'refresh.button': '刷新',
  'refresh.noneSelected': '请至少选择一个数据集。',
  'refresh.fetching': '正在获取 {dataset}…',
  'refresh.writing': '正在写入 {dataset}：{done} / {total} 行',
  'refresh.done': '已刷新 {count} 个数据集（{rows} 行），用时 {seconds} 秒。',
  'refresh.failedOne': '{dataset}：{message}',
  'refresh.stockEditsWarning': '库存表有 {count} 处未推送的修改，刷新将覆盖这些修改。',
  'refresh.overwrite': '刷新并放弃修改',
  'refresh.cancel': '取消',
  'param.as_of': '截至日期',
  'param.window_days': '统计窗口（天）',
  'param.channel': '渠道',
  'param.marketplace': '站点',
  'param.location': '仓库',
  'param.sku_prefix': 'SKU 前缀',
  'param.category': '品类',
  'param.any': '（全部）',
  'param.invalidDate': '{param}：请输入日期，例如 2026-11-26。',
  'param.invalidInteger': '{param}：请输入整数。',
  'param.invalidNumber': '{param}：请输入数字。',
  'stock.heading': '库存',
  'stock.review': '检查修改',
  'stock.push': '推送到渠道',
  'stock.retry': '重试失败行',
  'stock.revert': '撤销修改',
  'stock.noSheet': '请先刷新“库存”数据集：在其“新数量”列中修改。',
  'stock.noEdits': '没有修改：请在“新数量”列中修改后再检查。',
  'stock.reading': '正在读取修改…',
  'stock.planning': '正在向服务器请求推送计划…',
  'stock.pushing': '正在推送 {count} 处修改…',
  'stock.planSummary': '{changes} 处修改可推送，{rejected} 处被拒绝。',
  'stock.batches': '批次：{batches}',
  'stock.batch': '{channel}：{rows} 行，{calls} 次调用',
  'stock.pushResult': '已应用 {applied}，待确认 {pending}，冲突 {conflict}，失败 {failed}，拒绝 {rejected}。',
  'stock.reverted': '已撤销 {count} 处修改。',
  'stock.pushDisabledAnalyst': '无法推送：此令牌为分析员角色。请使用经理令牌。',
  'stock.irreversible': '推送会改变渠道上显示的库存，Excel 的撤销无法恢复。',
  'stock.noFailed': '没有需要重试的失败行。',
  'stock.nothingToPush': '没有可推送的修改：全部被拒绝。',
  'stock.reviewFirst': '请先检查修改。',
  'stock.changedSinceReview': '检查后修改有变化，请重新检查。',
  'status.applied': '已应用',
  'status.pending_verification': '待确认',
  'status.conflict': '冲突',
  'status.failed': '失败',
  'status.rejected': '已拒绝',
  'status.invalid': '无效',
  'status.ready': '待推送',
  'invalid.blank': '请输入整数（不能为空）。',
  'invalid.notInteger': '不是整数：{value}。',
  'invalid.negative': '数量不能为负数。',
  'invalid.notEditable': '此商品不能在此修改（例如 FBA 库存归亚马逊管理）。',
  'invalid.noListing': '该行没有商品键。',
  'conflict.message': '渠道上的数量已变化（现为 {quantity}）；请刷新库存表后重新修改。',
  'sheet.refreshed': '刷新于 {at} UTC · 数据版本 {version} · {params}',
  'sheet.chartData': '图表数据',
  'chart.returnReasons': '按原因的退货件数',
  'chart.turnoverByChannel': '各渠道周转率',
  'chart.agedBuckets': '按库龄段的库存',
  'error.network': '无法连接 {server}：{message}',
  'error.http': '{status} {code}：{message}',
  'error.unauthorized': '服务器拒绝了该令牌（401），请检查或新建令牌。',
  'error.forbidden': '此令牌的角色无权执行该操作（403）。',
  'error.excel': 'Excel 拒绝了修改：{message}',
  'busy.wait': '处理中…',
};

const TABLES: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zh };

export type MessageParams = Record<string, string | number>;

/** The message for `key` in `locale`, with `{name}` placeholders filled in. */
export function t(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  return TABLES[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Every translation of one key (used where a sheet must recognise text written in any locale). */
export function allTranslations(key: MessageKey): string[] {
  return [...new Set(LOCALES.map((l) => TABLES[l][key]))];
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

export function messageKeys(): MessageKey[] {
  return Object.keys(en) as MessageKey[];
}
